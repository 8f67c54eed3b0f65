package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import io.github.memsim.trace.ReplayResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats replay results: one row per trace and allocator, then an average per allocator. */
final class Report {
  /** The output formats of {@code compare}. */
  enum Format {
    TABLE, MARKDOWN, CSV, JSON;

    /** {@return the format of this name, as the command line writes it} */
    static Format of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The columns that hold names (the rest hold numbers). */
  private static final int TEXT_COLUMNS = 3;
  private static final String[] COLUMNS = {"trace", "allocator", "layout", "ops", "utilization",
      "fragmentation", "index probes/op", "scan probes/op", "ns/op"};

  private Report() {}

  /** One replay, for people. */
  static String describe(ReplayResult r) {
    return String.format(Locale.ROOT, "%s on %s (%s layout%s): %d ops, peak live %d bytes,"
            + " heap %d bytes, utilization %.4f, external fragmentation %.4f, largest free block"
            + " %d bytes, %.2f index probes/op, %.2f scan probes/op, %.1f ns/op",
        Text.shown(r.trace()), Text.shown(r.allocator()), r.layout(),
        r.patterns() ? "" : ", patterns off", r.ops(), r.peakLiveBytes(), r.heapBytes(),
        r.utilization(), r.externalFragmentation(), r.largestFreeBlock(),
        r.indexProbesPerOp(), r.scanProbesPerOp(), r.nsPerOp())
        + (r.alignedRequests() == 0 ? "" : String.format(Locale.ROOT, "; %d aligned requests"
            + " replayed padded", r.alignedRequests()))
        + (r.stillLive().isEmpty() ? "" : System.lineSeparator() + "still live at the end: "
            + String.join("; ", r.stillLive().stream().map(Text::printable).toList()));
  }

  /**
   * {@return what a recorded trace replays, in one line: the program, its command, the tool and
   * what the real allocator did; empty for a trace that says nothing of where it came from}
   */
  static String recorded(String trace, Map<String, String> metadata) {
    if (!metadata.containsKey("program") && !metadata.containsKey("command")
        && !metadata.containsKey("tool")) {
      return "";
    }
    StringBuilder out = new StringBuilder(Text.shown(trace)).append(" replays");
    if (metadata.containsKey("program")) {
      out.append(" program ").append(Text.shown(metadata.get("program")));
    } else {
      out.append(" a program");
    }
    if (metadata.containsKey("command")) {
      out.append(" (").append(Text.shown(metadata.get("command"))).append(')');
    }
    if (metadata.containsKey("tool")) {
      out.append(", recorded with ").append(Text.shown(metadata.get("tool")));
    }
    if (metadata.containsKey("real-peak-live-bytes")) {
      out.append("; the real allocator peaked at ").append(metadata.get("real-peak-live-bytes"))
          .append(" live bytes spanning ").append(metadata.get("real-span-at-peak"))
          .append(" bytes of addresses");
    }
    return out.toString();
  }

  /**
   * {@return for each trace recorded with the real allocator's addresses, what that allocator
   * did beside what each strategy did, in a table or markdown report (empty otherwise)} The real
   * allocator's span at its peak is compared with each strategy's heap: the bytes from the
   * heap's base to its break at the end, which is what a strategy grew to for the same peak.
   */
  static String fidelity(List<String> traces, List<Map<String, String>> metadata,
      List<ReplayResult> results, Format format) {
    if (format != Format.TABLE && format != Format.MARKDOWN) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    String end = format == Format.TABLE ? System.lineSeparator() : "\n";
    for (int t = 0; t < traces.size(); t++) {
      Map<String, String> facts = metadata.get(t);
      String span = facts.get("real-span-at-peak");
      String peak = facts.get("real-peak-live-bytes");
      if (span == null || peak == null) {
        continue;
      }
      long spanBytes = Long.parseLong(span);
      out.append(end).append(recorded(traces.get(t), facts)).append(':').append(end);
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"allocator", "peak live", "heap", "heap / real span"});
      rows.add(new String[] {"real (" + Text.shown(facts.getOrDefault("tool", "?")) + ")", peak,
          span, "1.00"});
      for (ReplayResult r : results) {
        if (r.trace().equals(traces.get(t))) {
          rows.add(new String[] {Text.shown(r.allocator()), Long.toString(r.peakLiveBytes()),
              Long.toString(r.heapBytes()), spanBytes == 0 ? "-"
              : fixed((double) r.heapBytes() / spanBytes, 2)});
        }
      }
      int[] widths = new int[4];
      for (String[] row : rows) {
        for (int c = 0; c < 4; c++) {
          widths[c] = Math.max(widths[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        if (format == Format.MARKDOWN) {
          out.append("| ").append(String.join(" | ", markdownCells(row))).append(" |").append(end);
          if (row == rows.get(0)) {
            out.append("|---|---:|---:|---:|").append(end);
          }
        } else {
          out.append("  ").append(pad(row[0], widths[0], false));
          for (int c = 1; c < 4; c++) {
            out.append("  ").append(pad(row[c], widths[c], true));
          }
          out.append(end);
        }
      }
      out.append("(the real span: from the first live block to the last one's end at the peak,"
          + " with the allocator's headers, padding and holes between blocks; without its arena's"
          + " top, memory kept for later, or gaps over 1 MiB; a strategy's heap: base to break)")
          .append(end);
    }
    return out.toString();
  }

  /**
   * {@return a JSON object of what a recorded trace says of itself (its metadata, in order), to
   * put beside a replay's figures; null for a trace that says nothing of where it came from}
   */
  static String recordedJson(Map<String, String> metadata) {
    if (!metadata.containsKey("program") && !metadata.containsKey("command")
        && !metadata.containsKey("tool")) {
      return null;
    }
    Text.Json out = new Text.Json().beginObject();
    metadata.forEach((key, value) -> out.name(key).value(value));
    return out.endObject().toString();
  }

  /** {@return a JSON object with one more member, {@code "recorded"}, when there is one} */
  static String withRecorded(String object, Map<String, String> metadata) {
    return withMember(object, recordedJson(metadata));
  }

  /**
   * {@return compare's JSON report with a {@code "recorded"} member, by trace name, for the
   * traces recorded from programs (the report unchanged when there are none)}
   */
  static String withRecorded(String object, List<String> traces,
      List<Map<String, String>> metadata) {
    Text.Json out = new Text.Json().beginObject();
    boolean any = false;
    for (int t = 0; t < traces.size(); t++) {
      String recorded = recordedJson(metadata.get(t));
      if (recorded != null) {
        out.name(traces.get(t)).raw(recorded);
        any = true;
      }
    }
    return any ? withMember(object, out.endObject().toString()) : object;
  }

  private static String withMember(String object, String recorded) {
    if (recorded == null) {
      return object;
    }
    String trimmed = object.stripTrailing();
    return trimmed.substring(0, trimmed.length() - 1) + ",\"recorded\":" + recorded + "}"
        + object.substring(trimmed.length());
  }

  /**
   * A replay that failed: the table keeps its row, marked, and the error goes to standard error.
   *
   * @param trace the trace's name
   * @param allocator the allocator's name
   * @param layout the block layout's name
   * @param message what went wrong
   */
  record Failure(String trace, String allocator, String layout, String message) {}

  /** The mark of a failed replay in a row's operations column. */
  static final String FAILED = "failed";

  static String format(List<ReplayResult> results, Format format) {
    return format(results, format, true);
  }

  static String format(List<ReplayResult> results, Format format, boolean timings) {
    return format(results, List.of(), format, timings);
  }

  /**
   * Formats results; without timings, the table leaves ns/op out and says why (a cold JVM's
   * figures measure the JIT warming up, and differ tenfold between neighbouring rows).
   */
  static String format(List<ReplayResult> results, List<Failure> failures, Format format,
      boolean timings) {
    if (!timings && format == Format.TABLE) {
      String table = format(results, failures, format, true);
      StringBuilder out = new StringBuilder();
      table.lines().forEach(line -> out.append(withoutLastColumn(line))
          .append(System.lineSeparator()));
      return out.append("(ns/op left out: in a fresh JVM they time the JIT warming up; for"
          + " figures worth comparing, run memsim compare TRACE... --repeat 5)")
          .append(System.lineSeparator()).toString();
    }
    List<String[]> rows = new ArrayList<>();
    for (ReplayResult r : results) {
      rows.add(new String[] {r.trace(), r.allocator(), r.layout(), Long.toString(r.ops()),
          fixed(r.utilization(), 4), fixed(r.externalFragmentation(), 4),
          fixed(r.indexProbesPerOp(), 2), fixed(r.scanProbesPerOp(), 2),
          fixed(r.nsPerOp(), 1)});
    }
    for (Failure f : failures) {
      String none = format == Format.CSV ? "" : "-";
      rows.add(new String[] {f.trace(), f.allocator(), f.layout(), FAILED, none, none, none,
          none, none});
    }
    List<String[]> averages = averages(results);
    boolean patternsOff = !results.isEmpty() && !results.get(0).patterns();
    switch (format) {
      case JSON:
        return json(results, failures, averages, patternsOff);
      case CSV:
        return csv(rows, averages);
      case MARKDOWN:
        return markdown(shown(rows), shown(averages), patternsOff);
      default:
        return table(shown(rows), shown(averages), patternsOff);
    }
  }

  /** {@return the rows with their names as text output shows them: cut and printable} */
  private static List<String[]> shown(List<String[]> rows) {
    List<String[]> out = new ArrayList<>();
    for (String[] row : rows) {
      String[] copy = row.clone();
      for (int c = 0; c < TEXT_COLUMNS; c++) {
        copy[c] = Text.shown(copy[c]);
      }
      out.add(copy);
    }
    return out;
  }

  /** Cuts a table line before its last column (ns/op, right-aligned); other lines unchanged. */
  private static String withoutLastColumn(String line) {
    int end = line.stripTrailing().length();
    int start = line.lastIndexOf("  ", end - 1);
    boolean isRow = start > 0 && (line.endsWith("ns/op") || line.substring(start, end).strip()
        .matches("[0-9.]+|-"));
    return isRow ? line.substring(0, start).stripTrailing() : line;
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static List<String[]> averages(List<ReplayResult> results) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, String> layouts = new LinkedHashMap<>();
    for (ReplayResult r : results) {
      double[] sum = sums.computeIfAbsent(r.allocator(), k -> new double[7]);
      sum[0] += r.ops();
      sum[1] += r.utilization();
      sum[2] += r.externalFragmentation();
      sum[3] += r.indexProbesPerOp();
      sum[4] += r.scanProbesPerOp();
      sum[5] += r.nsPerOp();
      sum[6]++;
      layouts.put(r.allocator(), r.layout());
    }
    List<String[]> rows = new ArrayList<>();
    sums.forEach((allocator, s) -> rows.add(new String[] {"average", allocator,
        layouts.get(allocator), Long.toString((long) s[0]), fixed(s[1] / s[6], 4),
        fixed(s[2] / s[6], 4), fixed(s[3] / s[6], 2), fixed(s[4] / s[6], 2),
        fixed(s[5] / s[6], 1)}));
    return rows;
  }

  private static String table(List<String[]> rows, List<String[]> averages, boolean off) {
    int[] widths = new int[COLUMNS.length];
    List<String[]> all = new ArrayList<>();
    all.add(COLUMNS);
    all.addAll(rows);
    all.addAll(averages);
    for (String[] row : all) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      if (i == 1 + rows.size()) {
        out.append(System.lineSeparator());
      }
      String[] row = all.get(i);
      for (int c = 0; c < row.length; c++) {
        boolean number = c >= 3;
        String cell = number ? pad(row[c], widths[c], true) : pad(row[c], widths[c], false);
        out.append(cell).append(c + 1 < row.length ? "  " : "");
      }
      out.append(System.lineSeparator());
    }
    if (off) {
      out.append("(patterns off: blocks were not filled and checked)")
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(width - text.length());
    return right ? spaces + text : text + spaces;
  }

  private static String markdown(List<String[]> rows, List<String[]> averages, boolean off) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", COLUMNS)).append(" |").append('\n');
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|").append('\n');
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", markdownCells(row))).append(" |").append('\n');
    }
    for (String[] row : averages) {
      row = markdownCells(row);
      row[0] = "**average**";
      out.append("| ").append(String.join(" | ", row)).append(" |").append('\n');
    }
    if (off) {
      out.append('\n').append("Patterns off: blocks were not filled and checked.").append('\n');
    }
    return out.toString();
  }

  private static String csv(List<String[]> rows, List<String[]> averages) {
    StringBuilder out = new StringBuilder();
    out.append("trace,allocator,layout,ops,utilization,fragmentation,indexProbesPerOp,"
        + "scanProbesPerOp,nsPerOp\n");
    for (String[] row : rows) {
      out.append(csvRecord(row)).append('\n');
    }
    for (String[] row : averages) {
      out.append(csvRecord(row)).append('\n');
    }
    return out.toString();
  }

  private static String json(List<ReplayResult> results, List<Failure> failures,
      List<String[]> averages, boolean off) {
    Text.Json out = new Text.Json().beginObject().name("results").beginArray();
    for (ReplayResult result : results) {
      out.raw(result.toJson());
    }
    out.endArray().name("averages").beginArray();
    for (String[] a : averages) {
      out.beginObject().name("allocator").value(a[1]).name("layout").value(a[2])
          .name("ops").raw(a[3]).name("utilization").raw(a[4])
          .name("externalFragmentation").raw(a[5]).name("indexProbesPerOp").raw(a[6])
          .name("scanProbesPerOp").raw(a[7]).name("nsPerOp").raw(a[8]).endObject();
    }
    out.endArray().name("patterns").value(!off);
    if (!failures.isEmpty()) {
      out.name("failures").beginArray();
      for (Failure f : failures) {
        out.beginObject().name("trace").value(f.trace()).name("allocator").value(f.allocator())
            .name("layout").value(f.layout()).name("message").value(f.message()).endObject();
      }
      out.endArray();
    }
    return out.endObject() + "\n";
  }

  /** Escapes the pipes of each cell, which would otherwise end it. */
  private static String[] markdownCells(String[] row) {
    String[] cells = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      cells[i] = row[i].replace("\\", "\\\\").replace("|", "\\|");
    }
    return cells;
  }

  /**
   * One CSV record as RFC 4180 writes it; the text columns (trace, allocator, layout) are
   * guarded against spreadsheet formulas and shown printable.
   */
  private static String csvRecord(String[] row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < row.length; i++) {
      out.append(i == 0 ? "" : ",").append(i < TEXT_COLUMNS ? Text.csvText(Text.printable(row[i]))
          : Text.csv(row[i]));
    }
    return out.toString();
  }

}
