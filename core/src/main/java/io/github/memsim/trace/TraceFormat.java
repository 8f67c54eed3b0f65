package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
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
  private static final String EXPECTED_OP = "expected 'a ID SIZE', 'r ID SIZE' or 'f ID'";
  private static final String[] HEADER = {"suggested heap size", "number of ids",
      "number of operations", "weight"};

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
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    InputStream bytes = buffered;
    if (first == 0x1f && second == 0x8b) {
      try {
        bytes = new GZIPInputStream(buffered);
      } catch (EOFException | ZipException e) {
        throw new TraceFormatException(name, 0, Text.compressedDataProblem(e));
      }
    }
    // Bytes that are not ASCII become U+FFFD, so that the parser can name their line.
    CharsetDecoder decoder = StandardCharsets.US_ASCII.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return parse(name, new BufferedReader(new InputStreamReader(bytes, decoder)));
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
    Lines lines = new Lines(reader, name);
    Trace.Builder builder = Trace.builder(name);
    long[] header = new long[HEADER.length];
    int headerValues = 0;
    int lineNumber = 0;
    String line;
    while ((line = lines.next(lineNumber + 1)) != null) {
      lineNumber++;
      if (!isAscii(line)) {
        throw new TraceFormatException(name, lineNumber, "expected ASCII text, found a byte"
            + " that is not (is this a binary or compressed file?)");
      }
      String[] tokens = tokens(line);
      if (tokens.length == 0) {
        continue;
      }
      if (headerValues < HEADER.length) {
        for (String token : tokens) {
          if (headerValues == HEADER.length) {
            throw new TraceFormatException(name, lineNumber,
                "expected the header's last number alone, found '" + Text.shown(line.trim())
                + "'");
          }
          header[headerValues] = number(name, lineNumber, token,
              "the header's " + HEADER[headerValues]);
          headerValues++;
        }
        continue;
      }
      parseOperation(name, lineNumber, line, tokens, builder);
    }
    if (headerValues < HEADER.length) {
      throw new TraceFormatException(name, lineNumber, "expected a header of 4 numbers ("
          + String.join(", ", HEADER) + ") but the file ends after " + headerValues);
    }
    builder.suggestedHeapSize(header[0]).weight((int) header[3]);
    if (header[2] != builder.size()) {
      warn(builder, Text.shown(name) + ": the header says " + header[2]
          + " operations but the trace has "
          + builder.size());
    }
    Trace trace = builder.build();
    if (trace.idCount() > header[1]) {
      warn(builder, Text.shown(name) + ": the header says " + header[1]
          + " ids but the trace uses "
          + trace.idCount());
      trace = builder.build();
    }
    return trace;
  }

  /**
   * Lines of a reader as {@link BufferedReader#readLine()} reads them (a line feed, a carriage
   * return or both end one), refusing a line longer than {@link #MAX_LINE} characters before
   * holding it: a gzip bomb of one huge line or token must not fill the JVM's heap. A damaged or
   * truncated compressed stream is a {@link TraceFormatException} naming the file and the line.
   */
  private static final class Lines {
    private final Reader in;
    private final String name;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int at;
    private int filled;
    private boolean afterCarriageReturn;

    Lines(Reader in, String name) {
      this.in = in;
      this.name = name;
    }

    /** {@return the next line, or null at the end} */
    String next(int lineNumber) throws IOException {
      line.setLength(0);
      boolean any = false;
      while (true) {
        if (at == filled) {
          filled = fill(lineNumber);
          at = 0;
          if (filled <= 0) {
            filled = 0;
            return any ? line.toString() : null;
          }
        }
        char c = buffer[at++];
        if (afterCarriageReturn) {
          afterCarriageReturn = false;
          if (c == '\n') {
            continue;
          }
        }
        if (c == '\n' || c == '\r') {
          afterCarriageReturn = c == '\r';
          return line.toString();
        }
        any = true;
        if (line.length() == MAX_LINE) {
          throw new TraceFormatException(name, lineNumber, "a line longer than 1 MiB");
        }
        line.append(c);
      }
    }

    private int fill(int lineNumber) throws IOException {
      try {
        return in.read(buffer, 0, buffer.length);
      } catch (EOFException | ZipException e) {
        throw new TraceFormatException(name, lineNumber, Text.compressedDataProblem(e));
      }
    }
  }

  /** {@return whether every character is ASCII (a byte that was not reads as U+FFFD)} */
  private static boolean isAscii(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static void warn(Trace.Builder builder, String warning) {
    Log.LOG.warn(warning);
    builder.warn(warning);
  }

  private static String[] tokens(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private static void parseOperation(String name, int lineNumber, String line, String[] tokens,
      Trace.Builder builder) throws TraceFormatException {
    Trace.Kind kind;
    switch (tokens[0]) {
      case "a":
        kind = Trace.Kind.ALLOC;
        break;
      case "r":
        kind = Trace.Kind.REALLOC;
        break;
      case "f":
        kind = Trace.Kind.FREE;
        break;
      default:
        throw new TraceFormatException(name, lineNumber, EXPECTED_OP + ", found '"
            + Text.shown(line.strip()) + "'");
    }
    int expectedTokens = kind == Trace.Kind.FREE ? 2 : 3;
    if (tokens.length != expectedTokens) {
      throw new TraceFormatException(name, lineNumber, EXPECTED_OP + ", found '"
          + Text.shown(line.strip()) + "'");
    }
    long id = number(name, lineNumber, tokens[1], "a block id");
    if (id > Integer.MAX_VALUE) {
      throw new TraceFormatException(name, lineNumber, "expected a block id below 2^31, found "
          + id);
    }
    long size = kind == Trace.Kind.FREE ? 0 : number(name, lineNumber, tokens[2], "a size");
    try {
      builder.add(kind, (int) id, size, lineNumber);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(name, 0, e.getMessage());
    }
  }

  private static long number(String name, int lineNumber, String token, String what)
      throws TraceFormatException {
    try {
      long value = Long.parseLong(token);
      if (value < 0) {
        throw new TraceFormatException(name, lineNumber, "expected " + what
            + " (a number of at least 0), found " + Text.shown(token));
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TraceFormatException(name, lineNumber, "expected " + what + " (a number), found '"
          + Text.shown(token) + "'");
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
    out.write(trace.suggestedHeapSize() + "\n" + trace.idCount() + "\n" + trace.size() + "\n"
        + trace.weight() + "\n");
    StringBuilder line = new StringBuilder(32);
    for (int i = 0; i < trace.size(); i++) {
      line.setLength(0);
      line.append(trace.kind(i).letter()).append(' ').append(trace.id(i));
      if (trace.kind(i) != Trace.Kind.FREE) {
        line.append(' ').append(trace.sizeOf(i));
      }
      out.write(line.append('\n').toString());
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
