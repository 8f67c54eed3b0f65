package io.github.memsim.benchmarks;

import io.github.memsim.MemoryListener;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures what a listener costs a replay: the same trace replayed in one JVM with no listener
 * and with a listener that does nothing (every callback empty), alternating which goes first in
 * each round, patterns off. Prints every round's ns/op and, at the end, the median and spread
 * of the per-round ratios (with listener / without).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.ListenerOverhead TRACE.rep [ALLOCATOR] [ROUNDS]}.
 */
public final class ListenerOverhead {
  private ListenerOverhead() {}

  /** The listener that does nothing: what the stream itself costs. */
  private static final MemoryListener NO_OP = new MemoryListener() {};

  /**
   * Runs the measurement.
   *
   * @param args the trace file, the allocator (default first-fit), the rounds (default 10)
   * @throws IOException if the trace cannot be read
   */
  public static void main(String[] args) throws IOException {
    Trace trace = TraceFormat.read(Path.of(args[0]));
    String allocator = args.length > 1 ? args[1] : "first-fit";
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Replayer plain = Replayer.builder().allocator(Allocators.byName(allocator)).patterns(false)
        .build();
    Replayer listened = Replayer.builder().allocator(Allocators.byName(allocator))
        .patterns(false).listener(NO_OP).build();
    // Warm both paths up before measuring.
    plain.replay(trace);
    listened.replay(trace);
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double without;
      double with;
      if (round % 2 == 0) {
        without = plain.replay(trace).nsPerOp();
        with = listened.replay(trace).nsPerOp();
      } else {
        with = listened.replay(trace).nsPerOp();
        without = plain.replay(trace).nsPerOp();
      }
      ratios[round] = with / without;
      System.out.printf(Locale.ROOT, "round %2d: no listener %7.1f ns/op, no-op listener %7.1f"
          + " ns/op, ratio %.3f%n", round + 1, without, with, ratios[round]);
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "%s on %s, %d rounds: ratio median %.3f, min %.3f, max %.3f%n",
        trace.name(), allocator, rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
  }
}
