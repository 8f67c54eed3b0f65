package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Several real Java threads, each driving its own simulated thread, on one shared heap. */
class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int OPERATIONS = 10_000;

  /** What one worker did, to reconcile with the model's figures. */
  private record Tally(long mallocs, long frees, long reallocs, long liveBlocks, long liveBytes) {}

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit", "bump"})
  void threadsShareTheHeapWithoutLosingAnything(String allocator) throws Exception {
    MemoryModel model = MemoryModel.builder().allocator(Allocators.byName(allocator))
        .heapLimit(256L << 20).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Tally>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      ThreadContext context = t == 0 ? model.mainThread() : model.newThread("worker-" + t);
      long seed = 1000 + t;
      results.add(pool.submit((Callable<Tally>) () -> {
        start.await();
        return work(context, seed);
      }));
    }
    start.countDown();
    long mallocs = 0;
    long frees = 0;
    long reallocs = 0;
    long liveBlocks = 0;
    long liveBytes = 0;
    for (Future<Tally> result : results) {
      Tally tally = result.get(2, TimeUnit.MINUTES);
      mallocs += tally.mallocs();
      frees += tally.frees();
      reallocs += tally.reallocs();
      liveBlocks += tally.liveBlocks();
      liveBytes += tally.liveBytes();
    }
    pool.shutdown();
    Statistics stats = model.statistics();
    assertThat(stats.mallocs()).isEqualTo(mallocs);
    assertThat(stats.frees()).isEqualTo(frees);
    assertThat(stats.reallocs()).isEqualTo(reallocs);
    assertThat(stats.liveBlocks()).isEqualTo(liveBlocks);
    assertThat(stats.liveBytes()).isEqualTo(liveBytes);
    HeapAssert.assertThat(model.heap()).isConsistent();
  }

  /** Mixed operations; every block carries a pattern that is checked before it is freed. */
  private static Tally work(ThreadContext thread, long seed) {
    Random random = new Random(seed);
    List<Pointer> blocks = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<Byte> patterns = new ArrayList<>();
    long mallocs = 0;
    long frees = 0;
    long reallocs = 0;
    for (int i = 0; i < OPERATIONS; i++) {
      int choice = random.nextInt(10);
      if (blocks.isEmpty() || choice < 5) {
        int size = 1 + random.nextInt(256);
        byte pattern = (byte) random.nextInt();
        Pointer p = thread.malloc(size);
        thread.fill(p, size, pattern);
        blocks.add(p);
        sizes.add(size);
        patterns.add(pattern);
        mallocs++;
      } else if (choice < 9) {
        int index = random.nextInt(blocks.size());
        verify(thread, blocks.get(index), sizes.get(index), patterns.get(index));
        thread.free(blocks.get(index));
        blocks.remove(index);
        sizes.remove(index);
        patterns.remove(index);
        frees++;
      } else {
        int index = random.nextInt(blocks.size());
        int size = 1 + random.nextInt(512);
        Pointer moved = thread.realloc(blocks.get(index), size);
        verify(thread, moved, Math.min(size, sizes.get(index)), patterns.get(index));
        thread.fill(moved, size, patterns.get(index));
        blocks.set(index, moved);
        sizes.set(index, size);
        reallocs++;
      }
    }
    long liveBytes = sizes.stream().mapToLong(Integer::longValue).sum();
    return new Tally(mallocs, frees, reallocs, blocks.size(), liveBytes);
  }

  private static void verify(ThreadContext thread, Pointer p, int size, byte pattern) {
    byte[] expected = new byte[size];
    Arrays.fill(expected, pattern);
    assertThat(thread.readBytes(p, size)).isEqualTo(expected);
  }
}
