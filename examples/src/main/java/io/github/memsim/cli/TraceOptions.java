package io.github.memsim.cli;

import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.internal.Text;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by replay and compare, and how a trace argument is found. */
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

  /**
   * Reads a trace file, or a bundled trace when no file has that name.
   *
   * @throws IOException if the file cannot be read or is not a trace
   */
  static Trace load(String argument) throws IOException {
    if (argument.equals("-")) {
      return TraceFormat.read("stdin", System.in);
    }
    Path file = Path.of(argument);
    if (Files.isDirectory(file)) {
      throw new IOException("cannot read trace '" + Text.shown(argument)
            + "': it is a directory");
    }
    if (Files.isRegularFile(file)) {
      if (!Files.isReadable(file)) {
        throw new IOException("cannot read trace '" + Text.shown(argument)
            + "': permission denied");
      }
      return TraceFormat.read(file);
    }
    String base = argument.endsWith(".rep") ? argument.substring(0, argument.length() - 4)
        : argument;
    if (!argument.contains("/") && TraceFormat.bundled().contains(base)) {
      return TraceFormat.readBundled(base);
    }
    throw new IOException("cannot read trace '" + Text.shown(argument) + "': no such file, and"
        + " no bundled trace of that name (bundled: " + String.join(", ", TraceFormat.bundled())
        + ")");
  }
}
