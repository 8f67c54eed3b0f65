package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One malloc and one free through the model, on a heap that holds a given number of free
 * blocks: the heap is filled with blocks of mixed sizes and every other one is freed, so the
 * free blocks cannot coalesce. Each invocation frees a random live block and allocates one of
 * the same size class, which keeps the number of free blocks steady.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AllocatorBenchmark {
  @Param({"first-fit", "next-fit", "best-fit", "worst-fit"})
  public String allocator;

  @Param({"1000", "10000", "100000", "1000000"})
  public int freeBlocks;

  private ThreadContext thread;
  private Pointer[] live;
  private long[] sizes;
  private SplittableRandom random;

  /** Builds the heap: 2 × freeBlocks blocks, every other one freed. */
  @Setup(Level.Trial)
  public void fill() {
    MemoryModel model = MemoryModel.builder().allocator(Allocators.byName(allocator))
        .heapLimit(1L << 36).build();
    thread = model.mainThread();
    random = new SplittableRandom(17);
    Pointer[] all = new Pointer[2 * freeBlocks];
    long[] allSizes = new long[2 * freeBlocks];
    for (int i = 0; i < all.length; i++) {
      allSizes[i] = 16 + 16 * random.nextInt(16);
      all[i] = thread.malloc(allSizes[i]);
    }
    live = new Pointer[freeBlocks];
    sizes = new long[freeBlocks];
    for (int i = 0; i < all.length; i++) {
      if (i % 2 == 0) {
        thread.free(all[i]);
      } else {
        live[i / 2] = all[i];
        sizes[i / 2] = allSizes[i];
      }
    }
  }

  /** Frees a random live block and allocates another of its size. */
  @Benchmark
  public Pointer freeThenMalloc() {
    int index = random.nextInt(live.length);
    thread.free(live[index]);
    Pointer p = thread.malloc(sizes[index]);
    live[index] = p;
    return p;
  }
}
