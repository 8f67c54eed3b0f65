package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.RaceDetector;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the race detector costs: two simulated threads, driven alternately by one Java thread,
 * make 1,000,000 accesses (loads and stores of longs across a 64 KiB heap block, a quarter of
 * them atomic) on a model with and without a {@link RaceDetector}, alternating in one JVM; then
 * the heap the detector keeps per byte it tracks; then exhaustive schedules per second of a
 * two-thread program.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.DetectorOverhead [ROUNDS]}.
 */
public final class DetectorOverhead {
  private static final int ACCESSES = 1_000_000;
  private static final int WORDS = 8192;

  private DetectorOverhead() {}

  /**
   * Runs the measurement.
   *
   * @param args the rounds (default 6)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    run(false);
    run(true);
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double without;
      double with;
      if (round % 2 == 0) {
        without = run(false);
        with = run(true);
      } else {
        with = run(true);
        without = run(false);
      }
      ratios[round] = with / without;
      System.out.printf(Locale.ROOT, "round %d: without %.1f ns/access, with %.1f, ratio %.2f%n",
          round + 1, without, with, ratios[round]);
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "detector overhead, %d rounds: median %.2f, min %.2f, max"
        + " %.2f%n", rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
    System.gc();
    long before = used();
    RaceDetector kept = new RaceDetector();
    MemoryModel model = MemoryModel.builder().listener(kept).build();
    drive(model);
    System.gc();
    long after = used();
    System.out.printf(Locale.ROOT, "heap kept by the detector and model after tracking %d bytes:"
        + " %.1f bytes per byte (%d races)%n", WORDS * 8, (double) (after - before) / (WORDS * 8),
        kept.races().size());
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

  private static double run(boolean detect) {
    MemoryModel model = detect ? MemoryModel.builder().listener(new RaceDetector()).build()
        : MemoryModel.builder().build();
    long start = System.nanoTime();
    drive(model);
    return (double) (System.nanoTime() - start) / ACCESSES;
  }

  private static void drive(MemoryModel model) {
    Pointer block = model.mainThread().calloc(WORDS, 8);
    ThreadContext a = model.newThread("a");
    ThreadContext b = model.newThread("b");
    long x = 1;
    for (int i = 0; i < ACCESSES; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      ThreadContext t = (i & 1) == 0 ? a : b;
      Pointer word = block.plus(8L * ((x >>> 20) % WORDS));
      switch ((int) ((x >>> 60) & 3)) {
        case 0 -> t.readLong(word);
        case 1 -> t.writeLong(word, i);
        case 2 -> t.atomicLoadLong(word);
        default -> t.readLong(word);
      }
    }
  }

  private static long used() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
