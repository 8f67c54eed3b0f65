package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A trace file read one operation at a time: the stream behind {@link TraceFormat#read(Path)},
 * and what a replay of a trace of any size reads, holding only the current line, the ids' lives
 * (which grow with the number of distinct ids, not with the operations) and the sites.
 *
 * <pre>{@code
 * // not run: needs a trace file
 * try (TraceReader reader = TraceReader.open(Path.of("big.rep"))) {
 *   ReplayResult result = Replayer.builder().build().replay(reader);
 * }
 * }</pre>
 *
 * <p>The checks and messages are those of {@link TraceFormat}: a line that is not an operation,
 * or an operation that does not fit its id's life, is a {@link TraceFormatException} naming the
 * file and the line. Header counts that disagree with the operations are known only at the end:
 * they are {@link #warnings()} once {@link #next()} has returned false. Not thread-safe.
 */
public final class TraceReader implements Closeable {
  static final String[] HEADER = {"suggested heap size", "number of ids", "number of operations",
      "weight"};
  private static final String EXPECTED_OP = "expected 'a ID SIZE', 'r ID SIZE' or 'f ID'";

  private final String name;
  private final Lines lines;
  private final Closeable closeable;
  private final IdLives lives = new IdLives();
  private final long[] header = new long[HEADER.length];
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<List<String>> sites = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private int lineNumber;
  private int count;
  private boolean ended;
  private Trace.Kind kind;
  private int id;
  private int slot;
  private long size;
  private long alignment;
  private int site;

  private TraceReader(String name, Reader reader, Closeable closeable) throws IOException {
    this.name = name;
    this.lines = new Lines(reader, name);
    this.closeable = closeable;
    readHeader();
  }

  /**
   * Opens a trace file, plain or gzip-compressed, and reads its header.
   *
   * @param file the file
   * @return a reader named after the file; close it
   * @throws TraceFormatException if the header is not valid
   * @throws IOException if the file cannot be read
   */
  public static TraceReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return open(file.getFileName().toString(), in, in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads a trace from a stream, plain or gzip-compressed (recognized by its first two bytes).
   *
   * @param name the trace's name, used in messages
   * @param in the bytes; closing the reader closes them
   * @return a reader
   * @throws TraceFormatException if the header is not valid
   * @throws IOException if the stream cannot be read
   */
  public static TraceReader open(String name, InputStream in) throws IOException {
    return open(name, in, in);
  }

  static TraceReader open(String name, InputStream in, Closeable closeable) throws IOException {
    return new TraceReader(name, text(name, in), closeable);
  }

  static TraceReader of(String name, Reader reader) throws IOException {
    return new TraceReader(name, reader, null);
  }

  /** {@return the characters of a stream, plain or gzip, with bytes that are not ASCII shown} */
  static Reader text(String name, InputStream in) throws IOException {
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
    return new BufferedReader(new InputStreamReader(bytes, decoder), 1 << 16);
  }

  private void readHeader() throws IOException {
    int headerValues = 0;
    String line;
    while (headerValues < HEADER.length && (line = nextLine()) != null) {
      if (comment(line, headerValues == 0)) {
        continue;
      }
      String[] tokens = tokens(line);
      if (tokens.length == 0) {
        continue;
      }
      for (String token : tokens) {
        if (headerValues == HEADER.length) {
          throw new TraceFormatException(name, lineNumber,
              "expected the header's last number alone, found '" + Text.shown(line.trim())
              + "'");
        }
        header[headerValues] = number(token, "the header's " + HEADER[headerValues]);
        headerValues++;
      }
    }
    if (headerValues < HEADER.length) {
      throw new TraceFormatException(name, lineNumber, "expected a header of 4 numbers ("
          + String.join(", ", HEADER) + ") but the file ends after " + headerValues);
    }
  }

  private String nextLine() throws IOException {
    String line = lines.next(lineNumber + 1);
    if (line == null) {
      return null;
    }
    lineNumber++;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) > 0x7F) {
        throw new TraceFormatException(name, lineNumber, "expected ASCII text, found a byte"
            + " that is not (is this a binary or compressed file?)");
      }
    }
    return line;
  }

  /**
   * Takes a comment line: {@code # site N: f <- g} defines a site anywhere, {@code # key: value}
   * before the header is metadata, and any other line starting with {@code #} is a comment.
   */
  private boolean comment(String line, boolean beforeHeader) throws TraceFormatException {
    String text = line.strip();
    if (!text.startsWith("#")) {
      return false;
    }
    text = text.substring(1).strip();
    int colon = text.indexOf(':');
    if (colon < 0) {
      return true;
    }
    String key = text.substring(0, colon).strip();
    String value = text.substring(colon + 1).strip();
    if (key.startsWith("site ")) {
      long number = number(key.substring(5).strip(), "a site number");
      if (number != sites.size() + 1) {
        throw new TraceFormatException(name, lineNumber, "expected site " + (sites.size() + 1)
            + " next, found site " + number);
      }
      sites.add(List.of(value.split(" <- ", -1)));
    } else if (beforeHeader && TraceFormat.isMetadataKey(key)) {
      metadata.put(key, value);
    }
    return true;
  }

  /**
   * Reads the next operation.
   *
   * @return whether there was one; false at the end, after which {@link #warnings()} is complete
   * @throws TraceFormatException if the line is not an operation or does not fit its id's life
   * @throws IOException if reading fails
   */
  public boolean next() throws IOException {
    if (ended) {
      return false;
    }
    String line;
    while ((line = nextLine()) != null) {
      if (comment(line, false)) {
        continue;
      }
      String[] tokens = tokens(line);
      if (tokens.length == 0) {
        continue;
      }
      parseOperation(line, tokens);
      count++;
      return true;
    }
    ended = true;
    if (header[2] != count) {
      warnings.add(Text.shown(name) + ": the header says " + header[2]
          + " operations but the trace has " + count);
    }
    if (lives.maxId() + 1L > header[1]) {
      warnings.add(Text.shown(name) + ": the header says " + header[1]
          + " ids but the trace uses " + (lives.maxId() + 1L));
    }
    return false;
  }

  private void parseOperation(String line, String[] tokens) throws TraceFormatException {
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
    int extras = tokens.length - expectedTokens;
    if (extras < 0 || extras > 2 || (extras > 0 && kind == Trace.Kind.FREE)) {
      throw new TraceFormatException(name, lineNumber, EXPECTED_OP + ", found '"
          + Text.shown(line.strip()) + "'");
    }
    long value = number(tokens[1], "a block id");
    if (value > Integer.MAX_VALUE) {
      throw new TraceFormatException(name, lineNumber, "expected a block id below 2^31, found "
          + value);
    }
    id = (int) value;
    size = kind == Trace.Kind.FREE ? 0 : number(tokens[2], "a size");
    alignment = 0;
    site = 0;
    for (int t = expectedTokens; t < tokens.length; t++) {
      extra(line, tokens[t]);
    }
    try {
      slot = lives.check(kind, id, size, lineNumber, count);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(name, 0, e.getMessage());
    }
  }

  /** Reads {@code al=ALIGNMENT} (an allocation's) or {@code at=SITE}. */
  private void extra(String line, String token) throws TraceFormatException {
    if (token.startsWith("al=") && kind == Trace.Kind.ALLOC && alignment == 0) {
      alignment = number(token.substring(3), "an alignment");
      if (Long.bitCount(alignment) != 1) {
        throw new TraceFormatException(name, lineNumber, "expected an alignment that is a power"
            + " of two, found " + alignment);
      }
    } else if (token.startsWith("at=") && site == 0) {
      long number = number(token.substring(3), "a site number");
      if (number < 1 || number > sites.size()) {
        throw new TraceFormatException(name, lineNumber, "expected a site defined above (1 to "
            + sites.size() + "), found " + number);
      }
      site = (int) number;
    } else {
      throw new TraceFormatException(name, lineNumber, "expected 'al=ALIGNMENT' (on 'a' only) or"
          + " 'at=SITE' after the size, found '" + Text.shown(line.strip()) + "'");
    }
  }

  private static String[] tokens(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private long number(String token, String what) throws TraceFormatException {
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

  /** {@return the trace's name} */
  public String name() {
    return name;
  }

  /** {@return the header's suggested heap size} */
  public long suggestedHeapSize() {
    return header[0];
  }

  /** {@return the number of ids the header declares} */
  public long declaredIds() {
    return header[1];
  }

  /** {@return the number of operations the header declares (for progress; not checked)} */
  public long declaredOperations() {
    return header[2];
  }

  /** {@return the header's weight} */
  public int weight() {
    return (int) header[3];
  }

  /** {@return the metadata written before the header, in order} */
  public Map<String, String> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  /** {@return the sites defined so far; site {@code n} is element {@code n - 1}} */
  public List<List<String>> sites() {
    return Collections.unmodifiableList(sites);
  }

  /** {@return the tolerated problems; complete once {@link #next()} has returned false} */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** {@return how many operations were read} */
  public int count() {
    return count;
  }

  /** {@return the current operation's kind} */
  public Trace.Kind kind() {
    return kind;
  }

  /** {@return the current operation's block id} */
  public int id() {
    return id;
  }

  /** {@return the dense number of the current operation's id} */
  int slot() {
    return slot;
  }

  /** {@return the id whose dense number is {@code slot}} */
  int idOfSlot(int number) {
    return lives.idOfSlot(number);
  }

  /** {@return the current operation's size, 0 for a free} */
  public long size() {
    return size;
  }

  /** {@return the current operation's alignment request, 0 for none} */
  public long alignment() {
    return alignment;
  }

  /** {@return the current operation's site, from 1, or 0 for none} */
  public int site() {
    return site;
  }

  /** {@return the current operation's line, from 1} */
  public int line() {
    return lineNumber;
  }

  /** {@return the current operation as a value} */
  public Trace.Op op() {
    return new Trace.Op(kind, id, size, lineNumber);
  }

  @Override
  public void close() throws IOException {
    if (closeable != null) {
      closeable.close();
    }
  }

  /**
   * Lines of a reader as {@link BufferedReader#readLine()} reads them (a line feed, a carriage
   * return or both end one), refusing a line longer than {@link TraceFormat#MAX_LINE} characters
   * before holding it: a gzip bomb of one huge line or token must not fill the JVM's heap. A
   * damaged or truncated compressed stream is a {@link TraceFormatException} naming the file and
   * the line.
   */
  static final class Lines {
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
        if (line.length() == TraceFormat.MAX_LINE) {
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
}
