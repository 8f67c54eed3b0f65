package io.github.memsim.cli;

import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by replay, compare and draw (a trace argument is found by {@link TraceInput}). */
final class TraceOptions {
  /** The default of {@code --layout}. */
  static final String LAYOUT = "default";
  /** The default of {@code --repeat}. */
  static final String REPEAT = "1";

  /** The bundled traces' names, from the one list in core, for help and completion. */
  static final class Bundled implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return TraceFormat.bundled().iterator();
    }
  }

  @Option(names = "--layout", defaultValue = LAYOUT, paramLabel = "default|textbook",
      description = "Block layout (default: ${DEFAULT-VALUE}).")
  String layout = LAYOUT;

  @Option(names = "--repeat", defaultValue = REPEAT, paramLabel = "N",
      description = "Replay N times on fresh models and report the best ns/op (default:"
          + " ${DEFAULT-VALUE}).")
  int repeat = Integer.parseInt(REPEAT);

  @Mixin
  OutputOption output = new OutputOption();

  @Option(names = "--no-patterns", negatable = false,
      description = "Do not write and check block patterns (alignment, bounds, overlap and every"
          + " access are still checked); the report says so.")
  boolean noPatterns;

  /** Writes results to the output file, or to {@code out}. */
  void write(String results, PrintWriter out) throws IOException {
    output.write(results, out);
  }

  BlockLayout blockLayout() {
    return BlockLayout.byName(layout);
  }

  int repeats() {
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1 but was " + repeat);
    }
    return repeat;
  }
}
