package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the CS:APP malloc-lab trace format ({@code .rep}).
 *
 * <pre>
 * 20000        suggested heap size (informational)
 * 3            number of block ids
 * 5            number of operations
 * 1            weight (informational)
 * a 0 512      allocate 512 bytes as block 0
 * a 1 128
 * r 0 640      reallocate block 0 to 640 bytes
 * f 1          free block 1
 * f 0
 * </pre>
 *
 * <p>Reading accepts what real traces contain: extra spaces and tabs, blank lines, and header
 * counts that disagree with the operations (a warning, logged and kept in
 * {@link Trace#warnings()}). A line that is not an operation, an id freed without being
 * allocated, or an id allocated twice is a {@link TraceFormatException} naming the file, the
 * line and what was expected; nothing is returned half-read.
 *
 * <p>A trace recorded from a real program ({@link TraceImport}) adds, in a way that leaves every
 * CS:APP trace reading and writing as before: comment lines starting with {@code #} anywhere;
 * metadata before the header as {@code # key: value} ({@code program}, {@code command},
 * {@code tool}, ...); allocation sites as {@code # site N: inner <- caller <- ...}, numbered
 * from 1 in order, each before its first use; and after an operation's size, {@code al=A} (an
 * allocation's alignment request, a power of two) and {@code at=N} (its site):
 *
 * <pre>
 * # program: allocs
 * # tool: valgrind-3.19.0
 * # site 1: make_leak &lt;- main
 * 0
 * 2
 * 2
 * 1
 * a 0 200 al=64
 * a 1 77 at=1
 * </pre>
 */
public final class TraceFormat {
  /**
   * The logger, in a holder so that the logging facade is touched only when a warning is
   * actually logged: a program that reads clean traces without a logging binding prints nothing
   * about logging.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(TraceFormat.class);
  }
  /** The longest line a trace may have, in characters. */
  static final int MAX_LINE = 1 << 20;

  /**
   * The traces shipped with the library, one per {@link Workload} profile and named after it
   * (4000 operations each): the one list of their names.
   */
  private static final List<String> BUNDLED = Workload.profiles();

  private TraceFormat() {}

  /**
   * {@return the names of the small traces shipped with the library: one per {@link Workload}
   * profile, each 4000 operations with about 200 live blocks, generated with seed 1}
   */
  public static List<String> bundled() {
    return BUNDLED;
  }

  /**
   * Reads a trace shipped with the library.
   *
   * @param name one of {@link #bundled()}, with or without {@code .rep}
   * @return the trace, named {@code NAME.rep}
   * @throws IllegalArgumentException if there is no such trace, listing the names there are
   */
  public static Trace readBundled(String name) {
    String base = name.endsWith(".rep") ? name.substring(0, name.length() - 4) : name;
    if (!BUNDLED.contains(base)) {
      throw new IllegalArgumentException("no bundled trace '" + name + "'; bundled traces: "
          + String.join(", ", BUNDLED));
    }
    try (InputStream in = TraceFormat.class.getResourceAsStream(base + ".rep")) {
      if (in == null) {
        throw new IllegalStateException("bundled trace " + base + ".rep is missing from the jar");
      }
      return parse(base + ".rep", new InputStreamReader(in, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("bundled trace " + base + ".rep cannot be read", e);
    }
  }

  /**
   * Reads a trace file.
   *
   * @param file the file
   * @return the trace, named after the file
   * @throws TraceFormatException if the file is not a valid trace
   * @throws IOException if the file cannot be read
   */
  public static Trace read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.getFileName().toString(), in);
    }
  }

  /**
   * Reads a trace from a stream, plain or gzip-compressed (recognized by its first two bytes);
   * the stream is not closed.
   *
   * @param name the trace's name, used in messages
   * @param in the bytes
   * @return the trace
   * @throws TraceFormatException if the bytes are not a valid trace
   * @throws IOException if the stream cannot be read, or is damaged gzip
   */
  public static Trace read(String name, InputStream in) throws IOException {
    return read(TraceReader.open(name, in, null));
  }

  /**
   * Parses a trace.
   *
   * @param name the trace's name, used in messages
   * @param text the trace's text
   * @return the trace
   * @throws TraceFormatException if the text is not a valid trace
   */
  public static Trace parse(String name, String text) throws TraceFormatException {
    try {
      return parse(name, new StringReader(text));
    } catch (TraceFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a trace from a reader; the reader is not closed.
   *
   * @param name the trace's name, used in messages
   * @param reader the trace's text
   * @return the trace
   * @throws TraceFormatException if the text is not a valid trace
   * @throws IOException if the reader fails
   */
  public static Trace parse(String name, Reader reader) throws IOException {
    return read(TraceReader.of(name, reader));
  }

  /** {@return every operation of a reader, in memory, with its warnings logged} */
  private static Trace read(TraceReader reader) throws IOException {
    Trace.Builder builder = Trace.builder(reader.name());
    reader.metadata().forEach(builder::metadata);
    int sites = 0;
    while (reader.next()) {
      while (sites < reader.sites().size()) {
        builder.site(reader.sites().get(sites++));
      }
      try {
        builder.add(reader.kind(), reader.id(), reader.size(), reader.alignment(), reader.site(),
            reader.line());
      } catch (IllegalArgumentException e) {
        throw new TraceFormatException(reader.name(), 0, e.getMessage());
      }
    }
    builder.suggestedHeapSize(reader.suggestedHeapSize()).weight(reader.weight());
    for (String warning : reader.warnings()) {
      warn(builder, warning);
    }
    return builder.build();
  }

  private static void warn(Trace.Builder builder, String warning) {
    Log.LOG.warn(warning);
    builder.warn(warning);
  }

  /** {@return whether a metadata key is a word of letters, digits and hyphens, not "site"} */
  static boolean isMetadataKey(String key) {
    return !key.isEmpty() && key.length() <= 40 && !key.startsWith("site")
        && key.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-'));
  }

  static void checkMetadata(String key, String value) {
    if (!isMetadataKey(key)) {
      throw new IllegalArgumentException("a metadata key is a word of letters, digits and"
          + " hyphens (not starting with 'site'), not '" + Text.shown(key) + "'");
    }
    checkLine(value, "metadata value");
  }

  static void checkSite(List<String> functions) {
    if (functions.isEmpty()) {
      throw new IllegalArgumentException("a site names at least one function");
    }
    for (String function : functions) {
      checkLine(function, "function name");
      if (function.contains(" <- ")) {
        throw new IllegalArgumentException("a function name must not hold ' <- ': '"
            + Text.shown(function) + "'");
      }
    }
  }

  private static void checkLine(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("a " + what + " is one line of printable ASCII, not '"
            + Text.shown(text) + "'");
      }
    }
  }

  /**
   * Writes a trace in the {@code .rep} format; the writer is not closed.
   *
   * @param trace the trace
   * @param out where to write
   * @throws IOException if writing fails
   */
  public static void write(Trace trace, Writer out) throws IOException {
    writeHeader(out, trace.metadata(), trace.sites(), trace.suggestedHeapSize(), trace.idCount(),
        trace.size(), trace.weight());
    StringBuilder line = new StringBuilder(32);
    for (int i = 0; i < trace.size(); i++) {
      line.setLength(0);
      operation(line, trace.kind(i), trace.id(i), trace.sizeOf(i), trace.alignment(i),
          trace.site(i));
      out.write(line.append('\n').toString());
    }
  }

  /**
   * Writes what comes before the operations: metadata and sites as comment lines (none for a
   * plain CS:APP trace, whose text stays as it was), then the four header numbers.
   */
  static void writeHeader(Writer out, Map<String, String> metadata, List<List<String>> sites,
      long suggestedHeapSize, long ids, long operations, int weight) throws IOException {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      out.write("# " + entry.getKey() + ": " + entry.getValue() + "\n");
    }
    for (int s = 0; s < sites.size(); s++) {
      out.write(site(s + 1, sites.get(s)));
    }
    out.write(suggestedHeapSize + "\n" + ids + "\n" + operations + "\n" + weight + "\n");
  }

  /** {@return the comment line that defines a site} */
  static String site(int number, List<String> functions) {
    return "# site " + number + ": " + String.join(" <- ", functions) + "\n";
  }

  /** Appends one operation's text, without the line's end. */
  static void operation(StringBuilder line, Trace.Kind kind, int id, long size, long alignment,
      int site) {
    line.append(kind.letter()).append(' ').append(id);
    if (kind != Trace.Kind.FREE) {
      line.append(' ').append(size);
      if (alignment != 0) {
        line.append(" al=").append(alignment);
      }
      if (site != 0) {
        line.append(" at=").append(site);
      }
    }
  }

  /**
   * Returns a trace in the {@code .rep} format.
   *
   * @param trace the trace
   * @return its text
   */
  public static String toText(Trace trace) {
    StringWriter out = new StringWriter();
    try {
      write(trace, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
