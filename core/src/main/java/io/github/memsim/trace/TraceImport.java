package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The recordings of real programs' allocations that memsim turns into traces: Valgrind's
 * {@code --trace-malloc=yes} log, a heaptrack data file and glibc's {@code mtrace} log.
 *
 * <pre>{@code
 * import java.io.ByteArrayInputStream;
 * import java.nio.charset.StandardCharsets;
 *
 * String log = "==7== Command: ./demo\n"
 *     + "--7-- malloc(100) = 0x4A41040\n"
 *     + "--7-- memalign(al 64, size 200) = 0x4A41100\n"
 *     + "--7-- free(0x4A41040)\n";
 * Trace trace = TraceImport.VALGRIND.read("demo.vg", () -> new ByteArrayInputStream(
 *     log.getBytes(StandardCharsets.US_ASCII)));
 * System.out.println(TraceFormat.toText(trace));
 * }</pre>
 *
 * <p>An importer reads the recording as a stream, one line at a time, and maps the program's
 * addresses to block ids: an address allocated becomes the next free id (a freed id is reused,
 * so ids grow with the peak of live blocks), a realloc keeps its block's id whether or not the
 * block moved, {@code realloc(p, 0)} becomes {@code r ID 0}, and {@code realloc(NULL, n)} the
 * {@code a ID n} it amounts to (an {@code r} of a reused id would be refused). Alignment
 * requests stay
 * alignment requests ({@code al=}); sites, where the recording has them, stay sites
 * ({@code at=}). What has no place in a trace is counted in the trace's metadata instead:
 * {@code free-null} (frees of NULL), {@code failed-calls} (calls that returned NULL),
 * {@code unknown-frees} (frees of blocks allocated before the recording began) and
 * {@code ignored-calls} (calls that allocate nothing, such as {@code malloc_usable_size}).
 *
 * <p>For a recording with the real allocator's addresses (Valgrind, mtrace), the metadata also
 * keeps {@code real-peak-live-bytes}, the program's peak of live payload bytes, and
 * {@code real-span-at-peak}, the bytes of address space its live blocks spanned at that peak:
 * from each region's first live block to its last one's end, a gap of more than 1 MiB starting
 * a new region. The span includes the allocator's headers, padding and the free holes between
 * live blocks; it leaves out what lies outside the live blocks (arena headers, the top chunk,
 * memory kept for later) and the gaps between regions (blocks mapped on their own). Under
 * Valgrind the real allocator is Valgrind's replacement, which adds red zones around blocks,
 * not the C library's; mtrace's is glibc's own.
 *
 * <p>Malformed input is a {@link TraceFormatException} naming the file, the line and what was
 * expected. Each format's details are on its parser: {@code ValgrindLog}, {@code HeaptrackData}
 * and {@code MtraceLog} in this package's source.
 */
public enum TraceImport {
  /** Valgrind's {@code --trace-malloc=yes} log. */
  VALGRIND("valgrind", ValgrindLog::new),
  /** A heaptrack data file (decompressed). */
  HEAPTRACK("heaptrack", HeaptrackData::new),
  /** glibc's {@code mtrace} log. */
  MTRACE("mtrace", MtraceLog::new);

  /** Opens a recording's bytes; called once per pass over it. */
  @FunctionalInterface
  public interface Source {
    /**
     * Opens the recording.
     *
     * @return its bytes, plain or gzip-compressed; the caller closes them
     * @throws IOException if it cannot be opened
     */
    InputStream open() throws IOException;
  }

  private final String toolName;
  private final Function<String, Recording> parser;

  TraceImport(String toolName, Function<String, Recording> parser) {
    this.toolName = toolName;
    this.parser = parser;
  }

  /** {@return the tool's name as the command line writes it: valgrind, heaptrack or mtrace} */
  public String toolName() {
    return toolName;
  }

  /**
   * Finds an importer by its tool's name.
   *
   * @param name valgrind, heaptrack or mtrace
   * @return the importer
   * @throws IllegalArgumentException if there is none, listing the names
   */
  public static TraceImport byName(String name) {
    for (TraceImport format : values()) {
      if (format.toolName.equals(name.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException("no recording format '" + Text.shown(name)
        + "'; formats: valgrind, heaptrack, mtrace");
  }

  /**
   * Recognizes a recording by its first line.
   *
   * @param firstLine the first line of the (decompressed) text
   * @return the format, or empty for anything else, such as a {@code .rep} trace
   */
  public static Optional<TraceImport> detect(String firstLine) {
    if (firstLine.matches("^(==|--)[0-9]+(==|--).*")) {
      return Optional.of(VALGRIND);
    }
    if (firstLine.matches("^v [0-9a-f]+( [0-9a-f]+)?$")) {
      return Optional.of(HEAPTRACK);
    }
    if (firstLine.equals("= Start") || firstLine.startsWith("@ ")) {
      return Optional.of(MTRACE);
    }
    return Optional.empty();
  }

  /**
   * Reads a recording into a trace in memory.
   *
   * @param name the recording's name, used in messages and as the trace's name
   * @param source its bytes
   * @return the trace
   * @throws TraceFormatException if the recording is malformed
   * @throws IOException if it cannot be read
   */
  public Trace read(String name, Source source) throws IOException {
    StringWriter text = new StringWriter();
    convert(name, source, text, Map.of());
    return TraceFormat.parse(name, text.toString());
  }

  /**
   * Writes a recording as a trace in the {@code .rep} format, streaming: the recording is read
   * three times (the header's counts, the real allocator's span at the peak, the operations),
   * and memory grows with the program's live blocks and sites, not with its calls.
   *
   * @param name the recording's name, used in messages
   * @param source its bytes
   * @param out where the trace goes; not closed
   * @param metadata more metadata to write first (a recorder's program, command and tool win
   *     over what the recording says)
   * @throws TraceFormatException if the recording is malformed
   * @throws IOException if reading or writing fails
   */
  public void convert(String name, Source source, Writer out, Map<String, String> metadata)
      throws IOException {
    AddressBook.Sink none = (kind, id, size, alignment, site) -> { };
    Pass first = pass(name, source, none, -1);
    AddressBook counted = first.book();
    boolean addresses = first.recording().hasAddresses();
    long span = addresses && counted.peakOperation() >= 0
        ? pass(name, source, none, counted.peakOperation()).book().span() : 0;
    Map<String, String> header = new LinkedHashMap<>();
    header.put("format", "memsim-trace 2");
    header.putAll(first.recording().metadata());
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      header.put(entry.getKey(), Text.ascii(entry.getValue()));
    }
    if (!header.containsKey("program") && header.containsKey("command")) {
      String program = header.get("command").strip().split(" ", 2)[0];
      header.put("program", program.substring(program.lastIndexOf('/') + 1));
    }
    if (addresses) {
      header.put("real-peak-live-bytes", Long.toString(counted.peakLiveBytes()));
      header.put("real-span-at-peak", Long.toString(span));
    }
    counted.counts().forEach((what, count) -> header.put(what, Long.toString(count)));
    TraceFormat.writeHeader(out, header, counted.sites(),
        Math.max(4096, counted.peakLiveBytes() * 2), counted.ids(), counted.operations(), 1);
    StringBuilder line = new StringBuilder(48);
    pass(name, source, (kind, id, size, alignment, site) -> {
      line.setLength(0);
      TraceFormat.operation(line, kind, id, size, alignment, site);
      out.write(line.append('\n').toString());
    }, -1);
  }

  /** One pass over a recording: its parser (with the metadata it found) and its book. */
  private record Pass(Recording recording, AddressBook book) {}

  private Pass pass(String name, Source source, AddressBook.Sink sink, long spanOperation)
      throws IOException {
    Recording recording = parser.apply(name);
    AddressBook book = new AddressBook(name, sink, spanOperation);
    try (InputStream in = source.open()) {
      TraceReader.Lines lines = new TraceReader.Lines(TraceReader.text(name, in), name);
      int number = 0;
      String line;
      while ((line = lines.next(number + 1)) != null) {
        number++;
        recording.line(line, number, book);
      }
      recording.end(number, book);
    }
    return new Pass(recording, book);
  }

  /**
   * Converts a recording to the text of a {@code .rep} trace.
   *
   * @param name the recording's name
   * @param text the recording
   * @return the trace's text
   * @throws TraceFormatException if the recording is malformed
   */
  public String toText(String name, String text) throws TraceFormatException {
    StringWriter out = new StringWriter();
    try {
      convert(name, () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out,
          Map.of());
    } catch (TraceFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
