package io.github.memsim.cost;

import io.github.memsim.Finding;
import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A read-only snapshot of a {@link CacheSimulator}'s counts: per row (each cache level, then
 * {@code memory}, {@code TLB} and {@code allocator search}), per thread and per origin, with
 * the coherence misses that came from sharing a line. {@link #toTable()} prints it for people
 * and {@link #toJson()} for programs; {@link #minus} gives the counts of a span.
 */
public final class CostReport {
  /** The row of accesses that missed every level. */
  public static final String MEMORY = "memory";
  /** The row of TLB lookups. */
  public static final String TLB = "TLB";
  /** The row of the allocator's free-index probes. */
  public static final String ALLOCATOR_SEARCH = "allocator search";
  /**
   * The row of the instruction costs ({@link Work}), present when the hierarchy has any or
   * overlaps its accesses.
   */
  public static final String INSTRUCTIONS = "instructions";

  private static final int ORIGINS = Origin.values().length;
  private static final int COUNTERS = Counter.values().length;

  private final CacheHierarchy hierarchy;
  private final List<String> threads;
  private final List<String> rowNames;
  private final long[] counts;
  private final int rows;
  private final List<Sharing> sharing;

  CostReport(CacheHierarchy hierarchy, List<String> threads, long[] counts, int rows,
      List<Sharing> sharing) {
    this.hierarchy = hierarchy;
    this.threads = threads;
    this.counts = counts;
    this.rows = rows;
    this.sharing = List.copyOf(sharing);
    List<String> names = new ArrayList<>();
    hierarchy.levels().forEach(level -> names.add(level.name()));
    names.add(MEMORY);
    names.add(TLB);
    names.add(ALLOCATOR_SEARCH);
    if (hierarchy.chargesInstructions()) {
      names.add(INSTRUCTIONS);
    }
    this.rowNames = List.copyOf(names);
  }

  /**
   * A line that threads shared, and the coherence misses it caused one thread: one finding per
   * line, thread and kind.
   *
   * @param address the line's first byte
   * @param falseSharing true when the bytes the missing thread touched are disjoint from the
   *     bytes the other threads wrote since it lost the line: they shared a line, not data
   * @param victim the thread that missed after losing the line
   * @param writers the threads whose stores took it away
   * @param victimBytes the byte offsets within the line the victim touched, e.g. "0-7"
   * @param writtenBytes the byte offsets the writers wrote, e.g. "8-15"
   * @param misses the coherence misses counted
   * @param residents what lives in the line: heap blocks and stack slots, where known
   */
  public record Sharing(long address, boolean falseSharing, String victim,
      List<String> writers, String victimBytes, String writtenBytes, long misses,
      List<String> residents) {
    /**
     * Copies the lists.
     *
     * @param address the line's first byte
     * @param falseSharing whether the victims' bytes and the writers' bytes are disjoint
     * @param victim the thread that missed
     * @param writers the threads that wrote
     * @param victimBytes the victims' byte offsets
     * @param writtenBytes the writers' byte offsets
     * @param misses the coherence misses
     * @param residents what lives in the line
     */
    public Sharing {
      Objects.requireNonNull(victim, "victim");
      writers = List.copyOf(writers);
      residents = List.copyOf(residents);
    }

    /**
     * {@return one line, e.g. "false sharing of line 0x10040: a (bytes 0-7) missed 9 times after
     * stores by b (bytes 8-15); the line holds block #1 (16 bytes at 0x10040)"}
     */
    @Override
    public String toString() {
      return (falseSharing ? "false" : "true") + " sharing of line " + Text.hex(address) + ": "
          + victim + " (bytes " + victimBytes + ") missed " + misses
          + (misses == 1 ? " time" : " times") + " after stores by " + String.join(", ", writers)
          + " (bytes " + writtenBytes + ")"
          + (residents.isEmpty() ? "" : "; the line holds " + String.join(", ", residents));
    }
  }

  /**
   * {@return the lines that threads shared, as findings for a picture: one per {@link Sharing},
   * covering the line}
   */
  public List<Finding> findings() {
    List<Finding> findings = new ArrayList<>();
    for (Sharing line : sharing) {
      findings.add(new Finding(line.falseSharing() ? "false sharing"
          : "true sharing", line.address(), hierarchy.lineSize(), line.toString()));
    }
    return findings;
  }

  /** {@return the hierarchy the counts are of} */
  public CacheHierarchy hierarchy() {
    return hierarchy;
  }

  /** {@return the threads, in the order they first appeared} */
  public List<String> threads() {
    return threads;
  }

  /** {@return the rows: the levels' names, then memory, TLB and allocator search} */
  public List<String> rows() {
    return rowNames;
  }

  /** {@return the lines shared between threads that caused coherence misses, in order found} */
  public List<Sharing> sharing() {
    return sharing;
  }

  /**
   * {@return a count summed over threads and origins}
   *
   * @param row a name from {@link #rows()}
   * @param counter the counter
   */
  public long count(String row, Counter counter) {
    return sum(row(row), counter, -1, null);
  }

  /**
   * {@return a count of one thread, summed over origins}
   *
   * @param row a name from {@link #rows()}
   * @param counter the counter
   * @param thread a name from {@link #threads()}
   */
  public long count(String row, Counter counter, String thread) {
    return sum(row(row), counter, thread(thread), null);
  }

  /**
   * {@return a count of one origin, summed over threads}
   *
   * @param row a name from {@link #rows()}
   * @param counter the counter
   * @param origin the origin
   */
  public long count(String row, Counter counter, Origin origin) {
    return sum(row(row), counter, -1, Objects.requireNonNull(origin, "origin"));
  }

  /** {@return every cycle charged} */
  public long cycles() {
    long total = 0;
    for (int row = 0; row < rows; row++) {
      total += sum(row, Counter.CYCLES, -1, null);
    }
    return total;
  }

  /**
   * {@return the cycles charged to one origin}
   *
   * @param origin the origin
   */
  public long cycles(Origin origin) {
    long total = 0;
    for (int row = 0; row < rows; row++) {
      total += sum(row, Counter.CYCLES, -1, origin);
    }
    return total;
  }

  /**
   * {@return the cycles charged to one thread}
   *
   * @param thread a name from {@link #threads()}
   */
  public long cycles(String thread) {
    int index = thread(thread);
    long total = 0;
    for (int row = 0; row < rows; row++) {
      total += sum(row, Counter.CYCLES, index, null);
    }
    return total;
  }

  /** {@return the accesses made: loads and stores at the first level} */
  public long accesses() {
    return count(rowNames.get(0), Counter.LOADS) + count(rowNames.get(0), Counter.STORES);
  }

  /**
   * {@return the misses at a level divided by the accesses that reached it, or 0 with none}
   *
   * @param row a cache level's name
   */
  public double missRate(String row) {
    long reached = count(row, Counter.LOADS) + count(row, Counter.STORES);
    return reached == 0 ? 0 : (double) count(row, Counter.MISSES) / reached;
  }

  /**
   * {@return the counts made since {@code before}, a report of the same simulator taken
   * earlier; sharing findings are those first found since}
   *
   * @param before the earlier report
   */
  public CostReport minus(CostReport before) {
    if (before.hierarchy != hierarchy) {
      throw new IllegalArgumentException("reports of different hierarchies");
    }
    long[] difference = counts.clone();
    for (int i = 0; i < before.counts.length; i++) {
      difference[i] -= before.counts[i];
    }
    List<Sharing> newer = new ArrayList<>();
    for (Sharing found : sharing) {
      Sharing old = before.sharing.stream()
          .filter(s -> s.address == found.address && s.falseSharing == found.falseSharing
              && s.victim.equals(found.victim))
          .findFirst().orElse(null);
      if (old == null) {
        newer.add(found);
      } else if (found.misses > old.misses) {
        newer.add(new Sharing(found.address, found.falseSharing, found.victim, found.writers,
            found.victimBytes, found.writtenBytes, found.misses - old.misses, found.residents));
      }
    }
    return new CostReport(hierarchy, threads, difference, rows, newer);
  }

  private int row(String name) {
    int index = rowNames.indexOf(Objects.requireNonNull(name, "row"));
    if (index < 0) {
      throw new IllegalArgumentException("no row named '" + name + "' (rows: "
          + String.join(", ", rowNames) + ")");
    }
    return index;
  }

  private int thread(String name) {
    int index = threads.indexOf(Objects.requireNonNull(name, "thread"));
    if (index < 0) {
      throw new IllegalArgumentException("no thread named '" + name + "' (threads: "
          + String.join(", ", threads) + ")");
    }
    return index;
  }

  private long sum(int row, Counter counter, int thread, Origin origin) {
    long total = 0;
    int threadCount = counts.length / (ORIGINS * rows * COUNTERS);
    for (int t = 0; t < threadCount; t++) {
      if (thread >= 0 && t != thread) {
        continue;
      }
      for (int o = 0; o < ORIGINS; o++) {
        if (origin != null && o != origin.ordinal()) {
          continue;
        }
        total += counts[((t * ORIGINS + o) * rows + row) * COUNTERS + counter.ordinal()];
      }
    }
    return total;
  }

  /**
   * {@return the report as a table: one line per row with loads, stores, hits, misses, miss
   * rate, evictions, write-backs and cycles; then cycles per origin and per thread; then the
   * sharing findings}
   */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(hierarchy.description()).append('\n');
    out.append(String.format(Locale.ROOT, "%-17s %12s %12s %12s %12s %12s %7s %10s %10s %14s%n",
        "level", "loads", "stores", "load hits", "store hits", "misses", "miss%", "evictions",
        "writebacks", "cycles"));
    for (String row : rowNames) {
      boolean cache = !row.equals(MEMORY) && !row.equals(TLB) && !row.equals(ALLOCATOR_SEARCH);
      if (row.equals(TLB) && hierarchy.tlb().isEmpty()) {
        continue;
      }
      if (row.equals(ALLOCATOR_SEARCH)) {
        if (count(row, Counter.PROBES) == 0) {
          continue;
        }
        out.append(String.format(Locale.ROOT, "%-17s %12s %12s %12s %12s %12s %7s %10s %10s"
            + " %14d%n", row, count(row, Counter.PROBES) + " probes", "", "", "", "", "", "", "",
            count(row, Counter.CYCLES)));
        continue;
      }
      out.append(String.format(Locale.ROOT, "%-17s %12d %12d %12s %12s %12s %7s %10s %10s"
          + " %14d%n", row, count(row, Counter.LOADS), count(row, Counter.STORES),
          cache || row.equals(TLB) ? Long.toString(count(row, Counter.LOAD_HITS)) : "",
          cache || row.equals(TLB) ? Long.toString(count(row, Counter.STORE_HITS)) : "",
          cache || row.equals(TLB) ? Long.toString(count(row, Counter.MISSES)) : "",
          cache || row.equals(TLB) ? percent(row) : "",
          cache ? Long.toString(count(row, Counter.EVICTIONS)) : "",
          cache ? Long.toString(count(row, Counter.WRITEBACKS)) : "",
          count(row, Counter.CYCLES)));
    }
    if (hierarchy.classifyMisses()) {
      out.append("misses by kind (compulsory / capacity / conflict / coherence):\n");
      for (CacheLevel level : hierarchy.levels()) {
        String row = level.name();
        out.append(String.format(Locale.ROOT, "  %-15s %d / %d / %d / %d%n", row,
            count(row, Counter.COMPULSORY_MISSES), count(row, Counter.CAPACITY_MISSES),
            count(row, Counter.CONFLICT_MISSES), count(row, Counter.COHERENCE_MISSES)));
      }
    }
    out.append(String.format(Locale.ROOT, "cycles: %d in all", cycles()));
    for (Origin origin : Origin.values()) {
      long cycles = cycles(origin);
      if (cycles != 0) {
        out.append(String.format(Locale.ROOT, "; %s %d", origin.name().toLowerCase(Locale.ROOT)
            .replace('_', ' '), cycles));
      }
    }
    out.append('\n');
    if (threads.size() > 1) {
      out.append("cycles by thread:");
      for (String thread : threads) {
        out.append(' ').append(thread).append(' ').append(cycles(thread)).append(';');
      }
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    for (Sharing found : sharing) {
      out.append(found).append('\n');
    }
    return out.toString();
  }

  private String percent(String row) {
    long reached = count(row, Counter.LOADS) + count(row, Counter.STORES);
    return reached == 0 ? "-" : String.format(Locale.ROOT, "%.2f",
        100.0 * count(row, Counter.MISSES) / reached);
  }

  /**
   * {@return the report as a JSON object: {@code hierarchy}, {@code threads}, {@code rows}
   * (each with every counter summed, and per origin and per thread the non-zero ones),
   * {@code cycles} and {@code sharing}}
   */
  public String toJson() {
    Text.Json out = new Text.Json().beginObject().name("hierarchy")
        .value(hierarchy.description()).name("lineSize").value(hierarchy.lineSize())
        .name("threads").beginArray();
    threads.forEach(out::value);
    out.endArray().name("rows").beginArray();
    for (int r = 0; r < rowNames.size(); r++) {
      String row = rowNames.get(r);
      out.beginObject().name("name").value(row);
      for (Counter counter : Counter.values()) {
        out.name(key(counter)).value(count(row, counter));
      }
      out.name("byOrigin").beginObject();
      for (Origin origin : Origin.values()) {
        nonZero(out, origin.name(), r, -1, origin);
      }
      out.endObject().name("byThread").beginObject();
      for (int t = 0; t < threads.size(); t++) {
        nonZero(out, threads.get(t), r, t, null);
      }
      out.endObject().endObject();
    }
    out.endArray().name("cycles").value(cycles()).name("sharing").beginArray();
    for (Sharing s : sharing) {
      out.beginObject().name("address").value(s.address)
          .name("kind").value(s.falseSharing ? "false" : "true").name("victim").value(s.victim)
          .name("writers").beginArray();
      s.writers.forEach(out::value);
      out.endArray().name("victimBytes").value(s.victimBytes)
          .name("writtenBytes").value(s.writtenBytes).name("misses").value(s.misses)
          .name("residents").beginArray();
      s.residents.forEach(out::value);
      out.endArray().endObject();
    }
    return out.endArray().endObject().toString();
  }

  /** Writes {@code name: {counters}} with the row's non-zero counters, or nothing if none. */
  private void nonZero(Text.Json out, String name, int row, int thread, Origin origin) {
    boolean any = false;
    for (Counter counter : Counter.values()) {
      long value = sum(row, counter, thread, origin);
      if (value != 0) {
        if (!any) {
          out.name(name).beginObject();
          any = true;
        }
        out.name(key(counter)).value(value);
      }
    }
    if (any) {
      out.endObject();
    }
  }

  private static String key(Counter counter) {
    String[] words = counter.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }
}
