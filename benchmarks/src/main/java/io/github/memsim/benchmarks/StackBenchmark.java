package io.github.memsim.benchmarks;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
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

/** A call and a return: push a frame, store a slot, pop it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StackBenchmark {
  private static final FrameLayout LAYOUT = FrameLayout.builder("f").intSlot("n")
      .longSlot("result").build();

  private ThreadContext thread;

  /** Makes a model with its main thread. */
  @Setup
  public void setUp() {
    thread = MemoryModel.builder().build().mainThread();
  }

  /** Push, one slot store, pop. */
  @Benchmark
  public long pushStorePop() {
    try (Frame frame = thread.stack().push(LAYOUT)) {
      frame.setInt("n", 1);
      return frame.address();
    }
  }
}
