package io.github.memsim.benchmarks;

import io.github.memsim.Pointer;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
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
 * own race detector and platform threads.
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

  private Program increments;

  /** Builds the program and checks its number of schedules. */
  @Setup
  public void setUp() {
    increments = Program.builder("two increments")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    int schedules = Exploration.exhaustive(increments, -1, 100).schedules();
    if (schedules != SCHEDULES) {
      throw new IllegalStateException(schedules + " schedules, not " + SCHEDULES);
    }
  }

  /**
   * One exhaustive exploration; the score is in schedules per second.
   *
   * @return the exploration
   */
  @Benchmark
  @OperationsPerInvocation(SCHEDULES)
  public Exploration exhaustive() {
    return Exploration.exhaustive(increments, -1, 100);
  }
}
