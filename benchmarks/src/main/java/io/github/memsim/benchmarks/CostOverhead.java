package io.github.memsim.benchmarks;

import io.github.memsim.alloc.Allocators;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.CostModel;
import io.github.memsim.cost.CostReport;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures what the cost model costs a replay: the same trace replayed in one JVM with no
 * listener and with a fresh {@link CostModel} of a preset (every load and store through the
 * simulated hierarchy), alternating which goes first in each round, patterns off. Prints every
 * round's ns/op, the cost model's accesses and cycles, and at the end the median and spread of
 * the per-round ratios (with cost model / without).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.CostOverhead TRACE.rep [ALLOCATOR] [ROUNDS] [PRESET]}.
 */
public final class CostOverhead {
  private CostOverhead() {}

  /**
   * Runs the measurement.
   *
   * @param args the trace file, the allocator (default first-fit), the rounds (default 6), the
   *     preset (default desktop)
   * @throws IOException if the trace cannot be read
   */
  public static void main(String[] args) throws IOException {
    Trace trace = TraceFormat.read(Path.of(args[0]));
    String allocator = args.length > 1 ? args[1] : "first-fit";
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    String preset = args.length > 3 ? args[3] : "desktop";
    Replayer plain = Replayer.builder().allocator(Allocators.byName(allocator)).patterns(false)
        .build();
    plain.replay(trace);
    costed(trace, allocator, preset);
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double without;
      double[] with;
      if (round % 2 == 0) {
        without = plain.replay(trace).nsPerOp();
        with = costed(trace, allocator, preset);
      } else {
        with = costed(trace, allocator, preset);
        without = plain.replay(trace).nsPerOp();
      }
      ratios[round] = with[0] / without;
      System.out.printf(Locale.ROOT, "round %2d: no cost model %7.1f ns/op, %s %7.1f ns/op"
          + " (%.0f accesses, %.0f cycles), ratio %.3f%n", round + 1, without, preset, with[0],
          with[1], with[2], ratios[round]);
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "%s on %s, %s preset, %d rounds: ratio median %.3f, min %.3f,"
        + " max %.3f%n", trace.name(), allocator, preset, rounds, ratios[rounds / 2], ratios[0],
        ratios[rounds - 1]);
  }

  /** Replays with a fresh cost model; returns ns/op, accesses and cycles. */
  private static double[] costed(Trace trace, String allocator, String preset) {
    CostModel cost = CostModel.of(CacheHierarchy.preset(preset));
    Replayer replayer = Replayer.builder().allocator(Allocators.byName(allocator))
        .patterns(false).listener(cost).build();
    double nsPerOp = replayer.replay(trace).nsPerOp();
    CostReport report = cost.report();
    return new double[] {nsPerOp, report.accesses(), report.cycles()};
  }
}
