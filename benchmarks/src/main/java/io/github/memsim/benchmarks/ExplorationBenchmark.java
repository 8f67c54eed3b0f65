package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.Reduction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast exhaustive exploration runs: the schedules per second of exploring two threads that
 * each increment a heap counter (a load and a store), every schedule on a fresh model with its
 * own race detector. {@code exhaustive} runs the plain enumeration (every schedule, as before
 * the reduction, so its figure compares with earlier builds); {@code reduced} the default
 * source-DPOR (4 of the 6 schedules); {@code smallStack} the plain enumeration with 8 KiB
 * simulated stacks, which on Java 21 and later run on virtual threads (larger stacks run on
 * kept platform threads, whose Java stack must hold the simulated one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExplorationBenchmark {
  /** Schedules of the program: the 4 operations of 2 threads, interleaved, C(4, 2). */
  public static final int SCHEDULES = 6;
  /** Its distinct behaviours: the orders of the accesses, up to swapping the two loads. */
  public static final int REDUCED = 4;

  private Program increments;
  private Program smallStacks;

  /** Builds the program and checks its number of schedules. */
  @Setup
  public void setUp() {
    increments = increments(Program.builder("two increments"));
    smallStacks = increments(Program.builder("two increments, small stacks")
        .model(() -> MemoryModel.builder().stackSize(8 << 10)));
    int schedules = Exploration.exhaustive(increments, -1, 100, Reduction.NONE).schedules();
    int reduced = Exploration.exhaustive(increments, -1, 100).schedules();
    if (schedules != SCHEDULES || reduced != REDUCED) {
      throw new IllegalStateException(schedules + " and " + reduced + " schedules, not "
          + SCHEDULES + " and " + REDUCED);
    }
  }

  private static Program increments(Program.Builder builder) {
    return builder.setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
  }

  /**
   * One plain exhaustive exploration; the score is in schedules per second.
   *
   * @return the exploration
   */
  @Benchmark
  @OperationsPerInvocation(SCHEDULES)
  public Exploration exhaustive() {
    return Exploration.exhaustive(increments, -1, 100, Reduction.NONE);
  }

  /**
   * One reduced exploration (source-DPOR); the score is in schedules per second.
   *
   * @return the exploration
   */
  @Benchmark
  @OperationsPerInvocation(REDUCED)
  public Exploration reduced() {
    return Exploration.exhaustive(increments, -1, 100);
  }

  /**
   * One plain exploration with stacks small enough for virtual threads.
   *
   * @return the exploration
   */
  @Benchmark
  @OperationsPerInvocation(SCHEDULES)
  public Exploration smallStack() {
    return Exploration.exhaustive(smallStacks, -1, 100, Reduction.NONE);
  }
}
