package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.RaceDetector;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What the race detector costs, as a plain program for a quick look (the JMH form is {@link
 * DetectorBenchmark}): the two programs of {@link DetectorBenchmark} on a model with and without
 * a {@link RaceDetector}, alternating in one JVM, best and median of the per-round ratios; then
 * the heap the detector keeps per byte it tracks, for each program; then exhaustive schedules
 * per second of a two-thread program.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.DetectorOverhead [ROUNDS]}.
 */
public final class DetectorOverhead {
  private static final int TRACKED = 8192 * 8;

  private DetectorOverhead() {}

  /**
   * Runs the measurement.
   *
   * @param args the rounds (default 6)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    for (boolean racy : new boolean[] {false, true}) {
      String name = racy ? "racy" : "synchronized";
      run(false, racy);
      run(true, racy);
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        double without;
        double with;
        if (round % 2 == 0) {
          without = run(false, racy);
          with = run(true, racy);
        } else {
          with = run(true, racy);
          without = run(false, racy);
        }
        ratios[round] = with / without;
        System.out.printf(Locale.ROOT, "%s round %d: without %.1f ns/access, with %.1f, ratio"
            + " %.2f%n", name, round + 1, without, with, ratios[round]);
      }
      Arrays.sort(ratios);
      System.out.printf(Locale.ROOT, "%s: detector overhead over %d rounds: median %.2f, min"
          + " %.2f, max %.2f%n", name, rounds, ratios[rounds / 2], ratios[0],
          ratios[rounds - 1]);
    }
    for (boolean racy : new boolean[] {false, true}) {
      System.gc();
      long before = used();
      MemoryModel plain = MemoryModel.builder().build();
      drive(plain, racy);
      System.gc();
      long model = used() - before;
      RaceDetector kept = new RaceDetector();
      MemoryModel detected = MemoryModel.builder().listener(kept).build();
      drive(detected, racy);
      System.gc();
      long both = used() - before - model;
      System.out.printf(Locale.ROOT, "%s: heap kept by the detector after tracking %d bytes:"
          + " %.1f bytes per byte (%d races)%n", racy ? "racy" : "synchronized", TRACKED,
          (double) (both - model) / TRACKED, kept.races().size());
      Objects.requireNonNull(plain);
      Objects.requireNonNull(detected);
    }
    Program program = Program.builder("two increments")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    Exploration.exhaustive(program, -1, 100);
    long start = System.nanoTime();
    int schedules = 0;
    while (System.nanoTime() - start < 3_000_000_000L) {
      schedules += Exploration.exhaustive(program, -1, 100).schedules();
    }
    System.out.printf(Locale.ROOT, "exhaustive exploration of two threads of two operations:"
        + " %.0f schedules per second%n", schedules / ((System.nanoTime() - start) / 1e9));
  }

  private static double run(boolean detect, boolean racy) {
    MemoryModel model = detect ? MemoryModel.builder().listener(new RaceDetector()).build()
        : MemoryModel.builder().build();
    long start = System.nanoTime();
    drive(model, racy);
    return (double) (System.nanoTime() - start) / DetectorBenchmark.ACCESSES;
  }

  private static long drive(MemoryModel model, boolean racy) {
    return racy ? DetectorBenchmark.racy(model) : DetectorBenchmark.synchronizedProgram(model);
  }

  private static long used() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
