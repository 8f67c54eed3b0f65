package io.github.memsim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final Logger LOG = LoggerFactory.getLogger(TraceFormat.class);
  private static final String EXPECTED_OP = "expected 'a ID SIZE', 'r ID SIZE' or 'f ID'";
  private static final String[] HEADER = {"suggested heap size", "number of ids",
      "number of operations", "weight"};

  private TraceFormat() {}

  /**
   * Reads a trace file.
   *
   * @param file the file
   * @return the trace, named after the file
   * @throws TraceFormatException if the file is not a valid trace
   * @throws IOException if the file cannot be read
   */
  public static Trace read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      return parse(file.getFileName().toString(), reader);
    }
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
    BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader) reader
        : new BufferedReader(reader);
    Trace.Builder builder = Trace.builder(name);
    long[] header = new long[HEADER.length];
    int headerValues = 0;
    int lineNumber = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      String[] tokens = tokens(line);
      if (tokens.length == 0) {
        continue;
      }
      if (headerValues < HEADER.length) {
        for (String token : tokens) {
          if (headerValues == HEADER.length) {
            throw new TraceFormatException(name, lineNumber,
                "expected the header's last number alone, found '" + line.trim() + "'");
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
      warn(builder, name + ": the header says " + header[2] + " operations but the trace has "
          + builder.size());
    }
    Trace trace = builder.build();
    if (trace.idCount() > header[1]) {
      warn(builder, name + ": the header says " + header[1] + " ids but the trace uses "
          + trace.idCount());
      trace = builder.build();
    }
    return trace;
  }

  private static void warn(Trace.Builder builder, String warning) {
    LOG.warn(warning);
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
            + line.strip() + "'");
    }
    int expectedTokens = kind == Trace.Kind.FREE ? 2 : 3;
    if (tokens.length != expectedTokens) {
      throw new TraceFormatException(name, lineNumber, EXPECTED_OP + ", found '" + line.strip()
          + "'");
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
            + " (a number of at least 0), found " + token);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TraceFormatException(name, lineNumber, "expected " + what + " (a number), found '"
          + token + "'");
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
