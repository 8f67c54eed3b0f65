package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What step-back costs on the heap of {@link Heaps#hundredThousandBlocks()}: taking a snapshot,
 * restoring it, and a store after a snapshot, which copies the 4 KiB page it lands in.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SnapshotBenchmark {
  private MemoryModel model;
  private ThreadContext main;
  private Pointer first;
  private MemoryModel.Snapshot snapshot;

  /** Builds the heap and takes one snapshot to restore. */
  @Setup
  public void setUp() {
    model = Heaps.hundredThousandBlocks();
    main = model.mainThread();
    first = main.malloc(16);
    snapshot = model.snapshot();
  }

  /**
   * Takes a snapshot.
   *
   * @return it
   */
  @Benchmark
  public MemoryModel.Snapshot take() {
    return model.snapshot();
  }

  /** Restores the snapshot taken at setup. */
  @Benchmark
  public void restore() {
    model.restore(snapshot);
  }

  /**
   * A snapshot and then one 8-byte store, which copies its page.
   *
   * @return the snapshot
   */
  @Benchmark
  public MemoryModel.Snapshot takeAndStore() {
    MemoryModel.Snapshot taken = model.snapshot();
    main.writeLong(first.plus(8), 1);
    return taken;
  }
}
