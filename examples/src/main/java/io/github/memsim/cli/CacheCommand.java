package io.github.memsim.cli;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.CacheLevel;
import io.github.memsim.cost.CacheSimulator.Outcome;
import io.github.memsim.cost.CacheSimulator;
import io.github.memsim.cost.CostReport;
import io.github.memsim.cost.Counter;
import io.github.memsim.internal.Text;
import io.github.memsim.trace.TraceFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code memsim cache}: a cache simulator for Valgrind {@code lackey --trace-mem=yes} traces.
 * With {@code -s -E -b} it behaves as the CS:APP Cache Lab reference simulator does; with
 * {@code --preset} it runs a whole hierarchy and prints its report.
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = {"Simulate a cache on a Valgrind lackey memory trace (lines 'I addr,size',"
        + " ' L addr,size', ' S addr,size', ' M addr,size').",
        "With -s, -E and -b: one cache of 2^s sets of E lines of 2^b bytes, LRU, as the Cache Lab"
            + " simulator: I lines ignored, M a load then a store, sizes ignored; prints"
            + " 'hits:H misses:M evictions:E' (and each access with -v).",
        "With --preset, or levels of your own (--level), a whole hierarchy and its report."})
final class CacheCommand implements Callable<Integer> {
  /** How an access that spans two lines counts. */
  enum Spans {
    /** The Cache Lab rule: the size is ignored; only the address's line is touched. */
    LAB,
    /**
     * As Cachegrind counts: every line touched, one access, one miss if any line missed; a
     * modify is one read.
     */
    CACHEGRIND;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Option(names = "-s", paramLabel = "S", description = "Set index bits: 2^S sets.")
  Integer setBits;

  @Option(names = "-E", paramLabel = "E", description = "Lines per set.")
  Integer lines;

  @Option(names = "-b", paramLabel = "B", description = "Block bits: 2^B-byte lines.")
  Integer blockBits;

  @Option(names = "-t", required = true, paramLabel = "TRACE",
      description = "The lackey trace (a file, .gz too, or - for standard input).")
  String trace;

  @Option(names = "-v", description = "Echo each access with its outcomes.")
  boolean verbose;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "A whole hierarchy instead of -s/-E/-b: teaching, desktop or desktop-serial.")
  String preset;

  @Option(names = "--level", paramLabel = "NAME,SETS,WAYS,LATENCY[,shared]",
      description = "A level of a hierarchy of your own, innermost first (repeat it); private to"
          + " each thread unless marked shared. With --line-size and --memory-latency.")
  List<String> levels = new ArrayList<>();

  /** The default of {@code --line-size}. */
  static final String LINE_SIZE = "64";
  /** The default of {@code --memory-latency}. */
  static final String MEMORY_LATENCY = "100";
  /** The default of {@code --spans}. */
  static final String SPANS = "lab";
  /** The default of {@code --format}. */
  static final String FORMAT = "table";

  @Option(names = "--line-size", defaultValue = LINE_SIZE, paramLabel = "BYTES",
      description = "Line size of a hierarchy given by --level (default: ${DEFAULT-VALUE}).")
  int lineSize = Integer.parseInt(LINE_SIZE);

  @Option(names = "--memory-latency", defaultValue = MEMORY_LATENCY, paramLabel = "CYCLES",
      description = "Memory latency of a hierarchy given by --level (default: ${DEFAULT-VALUE}).")
  int memoryLatency = Integer.parseInt(MEMORY_LATENCY);

  @Option(names = "--classify", description = "Classify misses: compulsory, capacity, conflict.")
  boolean classify;

  @Option(names = "--spans", defaultValue = SPANS, paramLabel = "lab|cachegrind",
      description = "How an access spanning two lines counts (default: ${DEFAULT-VALUE}).")
  Spans spans = Spans.valueOf(SPANS.toUpperCase(Locale.ROOT));

  @Option(names = "--format", defaultValue = FORMAT, paramLabel = "table|json",
      description = "The report's format with --preset or --spans cachegrind (default:"
          + " ${DEFAULT-VALUE}).")
  Report.Format format = Report.Format.of(FORMAT);

  @Mixin
  OutputOption output = new OutputOption();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CacheHierarchy hierarchy = hierarchy();
    CacheSimulator simulator = new CacheSimulator(hierarchy);
    int main = simulator.addThread("main");
    String name = traceName();
    try (InputStream reader = open();
        Writer file = output.file == null ? null : Files.newBufferedWriter(output.file,
            StandardCharsets.UTF_8)) {
      Writer sink = file != null ? file : spec.commandLine().getOut();
      simulate(name, reader, simulator, main, verbose ? sink : null);
      CostReport report = simulator.report();
      boolean hierarchyReport = preset != null || !levels.isEmpty();
      boolean json = format == Report.Format.JSON;
      if (!hierarchyReport && !json) {
        String first = report.rows().get(0);
        sink.append("hits:").append(Long.toString(report.count(first, Counter.LOAD_HITS)
            + report.count(first, Counter.STORE_HITS))).append(" misses:")
            .append(Long.toString(report.count(first, Counter.MISSES))).append(" evictions:")
            .append(Long.toString(report.count(first, Counter.EVICTIONS)))
            .append(System.lineSeparator());
      }
      if (hierarchyReport || classify || spans == Spans.CACHEGRIND || json) {
        sink.append(json ? report.toJson() + System.lineSeparator() : report.toTable());
      }
      sink.flush();
    }
    return 0;
  }

  /** The most lines (sets × ways) a simulated cache level may have. */
  static final long MAX_LINES = 1L << 22;
  /** The most bytes (sets × ways × line size) a simulated cache level may hold. */
  static final long MAX_BYTES = 1L << 30;

  /**
   * Refuses a level too big to simulate, before any memory is taken for it: its lines are
   * arrays indexed by an int, and each costs some 17 bytes of the JVM's heap.
   */
  private static void checkSize(CacheHierarchy hierarchy) {
    for (CacheLevel level : hierarchy.levels()) {
      long lines = (long) level.sets() * level.ways();
      BigInteger bytes = BigInteger.valueOf(lines)
          .multiply(BigInteger.valueOf(hierarchy.lineSize()));
      if (lines > MAX_LINES || bytes.compareTo(BigInteger.valueOf(MAX_BYTES)) > 0) {
        throw new IllegalArgumentException("cache level " + Text.shown(level.name()) + ": "
            + level.sets() + " sets x " + level.ways() + " ways x " + hierarchy.lineSize()
            + "-byte lines = " + bytes + " bytes in " + lines + " lines, past the limit of "
            + MAX_BYTES + " bytes in " + MAX_LINES + " lines");
      }
    }
  }

  private CacheHierarchy hierarchy() {
    CacheHierarchy hierarchy = chosenHierarchy();
    checkSize(hierarchy);
    return hierarchy;
  }

  private CacheHierarchy chosenHierarchy() {
    boolean geometry = setBits != null || lines != null || blockBits != null;
    int ways = (geometry ? 1 : 0) + (preset != null ? 1 : 0) + (levels.isEmpty() ? 0 : 1);
    if (ways > 1) {
      throw new IllegalArgumentException("give one of -s/-E/-b, --preset or --level");
    }
    if (preset != null || !levels.isEmpty()) {
      CacheHierarchy chosen = preset != null ? CacheHierarchy.preset(preset) : ownLevels();
      return classify ? rebuild(chosen) : chosen;
    }
    if (setBits == null || lines == null || blockBits == null) {
      throw new IllegalArgumentException("give all of -s, -E and -b (or --preset NAME, or"
          + " --level)");
    }
    CacheHierarchy lab = CacheHierarchy.cacheLab(setBits, lines, blockBits);
    return classify ? rebuild(lab) : lab;
  }

  private CacheHierarchy ownLevels() {
    CacheHierarchy.Builder builder = CacheHierarchy.builder().lineSize(lineSize)
        .memoryLatency(memoryLatency);
    for (String spec : levels) {
      String[] parts = spec.split(",", -1);
      if (parts.length < 4 || parts.length > 5
          || parts.length == 5 && !parts[4].equals("shared")) {
        throw new IllegalArgumentException("--level " + Text.shown(spec) + ": expected"
            + " NAME,SETS,WAYS,LATENCY or NAME,SETS,WAYS,LATENCY,shared");
      }
      if (parts[0].isEmpty() || parts[0].length() > Text.SHOWN_LENGTH
          || !Text.printable(parts[0]).equals(parts[0])) {
        throw new IllegalArgumentException("--level " + Text.shown(spec) + ": a level's name is 1"
            + " to " + Text.SHOWN_LENGTH + " printable characters");
      }
      CacheLevel level;
      try {
        level = CacheLevel.builder(parts[0])
            .sets(Integer.parseInt(parts[1])).ways(Integer.parseInt(parts[2]))
            .latency(Integer.parseInt(parts[3])).build();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--level " + Text.shown(spec) + ": sets, ways and"
            + " latency are whole numbers");
      }
      if (parts.length == 5) {
        builder.sharedLevel(level);
      } else {
        try {
          builder.privateLevel(level);
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException("--level " + Text.shown(spec) + ": "
              + e.getMessage());
        }
      }
    }
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("--level: " + e.getMessage());
    }
  }

  /** The same hierarchy with miss classification on. */
  private static CacheHierarchy rebuild(CacheHierarchy from) {
    CacheHierarchy.Builder builder = CacheHierarchy.builder().lineSize(from.lineSize())
        .memoryLatency(from.memoryLatency()).inclusive(from.inclusive()).classifyMisses(true)
        .probeCycles(from.probeCycles()).overlap(from.overlap().orElse(null))
        .work(from.work()).description(from.description());
    from.privateLevels().forEach(builder::privateLevel);
    from.sharedLevels().forEach(builder::sharedLevel);
    from.tlb().ifPresent(builder::tlb);
    return builder.build();
  }

  private String traceName() {
    return trace.equals("-") ? "stdin" : trace;
  }

  private InputStream open() throws IOException {
    InputStream in;
    if (trace.equals("-")) {
      in = System.in;
    } else {
      Path file = Path.of(trace);
      if (Files.isDirectory(file)) {
        throw new IOException("cannot read trace '" + Text.shown(trace)
            + "': it is a directory");
      }
      if (!Files.isRegularFile(file)) {
        throw new IOException("cannot read trace '" + Text.shown(trace)
            + "': no such file");
      }
      if (!Files.isReadable(file)) {
        throw new IOException("cannot read trace '" + Text.shown(trace)
            + "': permission denied");
      }
      in = Files.newInputStream(file);
    }
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first != 0x1f || second != 0x8b) {
      return buffered;
    }
    try {
      return new GZIPInputStream(buffered, 1 << 16);
    } catch (EOFException | ZipException e) {
      throw new TraceFormatException(traceName(), 0, Text.compressedDataProblem(e));
    }
  }

  /**
   * Runs every data access of a lackey trace, reading bytes without making a string per line.
   * Lines of Valgrind's own messages ({@code ==pid== ...}, {@code --pid-- ...}) and blank lines
   * are skipped.
   */
  void simulate(String name, InputStream in, CacheSimulator simulator, int thread, Writer echo)
      throws IOException {
    LineScanner lines = new LineScanner(in, name);
    boolean lab = spans == Spans.LAB;
    int number = 0;
    while (lines.next()) {
      number++;
      byte[] text = lines.buffer;
      int at = lines.start;
      int length = lines.end;
      while (at < length && blank(text[at])) {
        at++;
      }
      if (at == length || text[at] == '\r' || startsWith(text, at, length, '=')
          || startsWith(text, at, length, '-')) {
        continue;
      }
      char op = (char) (text[at] & 0xff);
      if (op == 'I') {
        continue;
      }
      if (op != 'L' && op != 'S' && op != 'M') {
        throw new TraceFormatException(name, number, "expected I, L, S or M, not '"
            + printable(op) + "'");
      }
      at++;
      if (at == length || !blank(text[at])) {
        throw new TraceFormatException(name, number, "expected a space after " + op);
      }
      while (at < length && blank(text[at])) {
        at++;
      }
      // As scanf's %llx reads it: a 0x before the digits is allowed.
      if (at + 2 < length && text[at] == '0' && (text[at + 1] | 0x20) == 'x'
          && Character.digit(text[at + 2] & 0xff, 16) >= 0) {
        at += 2;
      }
      int addressStart = at;
      long address = 0;
      int digit;
      while (at < length && (digit = Character.digit(text[at] & 0xff, 16)) >= 0) {
        if (at - addressStart == 15) {
          int end = at;
          while (end < length && end - addressStart < 32
              && Character.digit(text[end] & 0xff, 16) >= 0) {
            end++;
          }
          throw new TraceFormatException(name, number, "address "
              + new String(text, addressStart, end - addressStart, StandardCharsets.ISO_8859_1)
              + " is past 2^60");
        }
        address = address << 4 | digit;
        at++;
      }
      if (at == addressStart) {
        throw new TraceFormatException(name, number, "expected a hexadecimal address");
      }
      if (at == length || text[at] != ',') {
        throw new TraceFormatException(name, number, "expected ',' and a size after the"
            + " address");
      }
      at++;
      // As scanf's %d reads it: blanks before the size are allowed.
      while (at < length && blank(text[at])) {
        at++;
      }
      int sizeStart = at;
      long size = 0;
      while (at < length && text[at] >= '0' && text[at] <= '9') {
        size = size * 10 + (text[at] - '0');
        if (size > 1 << 20) {
          throw new TraceFormatException(name, number, "size past 1048576 bytes");
        }
        at++;
      }
      if (at == sizeStart) {
        throw new TraceFormatException(name, number, "expected a decimal size after ','");
      }
      while (at < length && (blank(text[at]) || text[at] == '\r')) {
        at++;
      }
      if (at != length) {
        throw new TraceFormatException(name, number, "unexpected '"
            + printable((char) (text[at] & 0xff)) + "' after the size");
      }
      if (size == 0 && !lab) {
        throw new TraceFormatException(name, number, "an access of 0 bytes");
      }
      if (echo != null) {
        echo.append(op).append(' ').append(Long.toHexString(address)).append(',')
            .append(Long.toString(size));
      }
      if (lab) {
        simulator.access(thread, address, 1, op == 'S', Origin.USER);
        note(echo, simulator);
        if (op == 'M') {
          simulator.access(thread, address, 1, true, Origin.USER);
          note(echo, simulator);
        }
      } else {
        simulator.accessOnce(thread, address, size, op == 'S', Origin.USER);
        note(echo, simulator);
      }
      if (echo != null) {
        echo.append(System.lineSeparator());
      }
    }
  }

  private static boolean blank(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean startsWith(byte[] text, int at, int length, char twice) {
    return at + 1 < length && text[at] == twice && text[at + 1] == twice;
  }

  /** Lines of a byte stream as ranges of a reused buffer; a line may not pass 1 MiB. */
  private static final class LineScanner {
    private static final int MAX_LINE = 1 << 20;
    private final InputStream in;
    private final String name;
    private int lines;
    byte[] buffer = new byte[1 << 16];
    private int filled;
    private int next;
    int start;
    int end;

    LineScanner(InputStream in, String name) {
      this.in = in;
      this.name = name;
    }

    boolean next() throws IOException {
      while (true) {
        for (int i = next; i < filled; i++) {
          if (buffer[i] == '\n') {
            lines++;
            start = next;
            end = i;
            next = i + 1;
            return true;
          }
        }
        if (next > 0) {
          System.arraycopy(buffer, next, buffer, 0, filled - next);
          filled -= next;
          next = 0;
        }
        if (filled == buffer.length) {
          if (buffer.length >= MAX_LINE) {
            throw new TraceFormatException(name, lines + 1, "a line longer than 1 MiB");
          }
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read;
        try {
          read = in.read(buffer, filled, buffer.length - filled);
        } catch (EOFException | ZipException e) {
          throw new TraceFormatException(name, lines + 1, Text.compressedDataProblem(e));
        }
        if (read < 0) {
          if (filled == next) {
            return false;
          }
          lines++;
          start = next;
          end = filled;
          next = filled;
          return true;
        }
        filled += read;
      }
    }
  }

  private static void note(Writer echo, CacheSimulator simulator) throws IOException {
    if (echo != null) {
      Outcome outcome = simulator.lastOutcome();
      echo.append(switch (outcome) {
        case HIT -> " hit";
        case MISS, MISS_NO_FILL -> " miss";
        case MISS_EVICTION -> " miss eviction";
      });
    }
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
