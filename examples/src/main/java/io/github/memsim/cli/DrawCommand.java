package io.github.memsim.cli;

import io.github.memsim.HeapCall;
import io.github.memsim.HeapMap;
import io.github.memsim.MemoryListener;
import io.github.memsim.Statistics;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.internal.Text;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code memsim draw}: charts of allocators over a trace, as one SVG (or an HTML page holding
 * it): live bytes and heap size, utilization and external fragmentation, and the sizes of the
 * free blocks at the peak of live bytes. The figures come from the replayer's own run, with all
 * its checks, through the event stream; charts sample at most 600 points per line, which
 * changes no figure.
 */
@Command(name = "draw", mixinStandardHelpOptions = true,
    description = "Draw allocators over a trace: live bytes and heap size, utilization and"
        + " fragmentation over time, and free-block sizes at the peak (SVG, or HTML with -o"
        + " FILE.html).")
final class DrawCommand implements Callable<Integer> {
  private static final int POINTS = 600;
  private static final String[] COLOURS = {"#1f5fbf", "#c62828", "#2e7d32", "#ef6c00",
      "#6a1b9a", "#00838f", "#5d4037", "#ad1457"};

  @Parameters(paramLabel = "TRACE", completionCandidates = TraceOptions.Bundled.class,
      description = "A .rep file, - for standard input, or a bundled trace:"
          + " ${COMPLETION-CANDIDATES}.")
  String trace;

  @Option(names = "--allocators", split = ",", paramLabel = "a,b,...",
      description = "Allocators to draw (default: every built-in one).")
  List<String> allocators;

  @Mixin
  TraceOptions options;

  @Option(names = "--log", description = "Draw bytes on a log scale (base 2).")
  boolean log;

  @Option(names = "--csv", description = "Write the time series as CSV instead of a chart.")
  boolean csv;

  @Option(names = "--json", description = "Write the time series as JSON instead of a chart.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** What one replay gave: samples over time and the free blocks at the peak. */
  record Series(String allocator, long[] ops, long[] live, long[] heap, double[] utilization,
      double[] fragmentation, long peakOp, long peakLive, List<Long> freeAtPeak,
      HeapBar heapAtPeak) {}

  /** Pixels of the heap map drawn at the peak. */
  static final int MAP_PIXELS = 860;

  /**
   * The heap at one moment as a row of {@link #MAP_PIXELS} pixels from its base to its break:
   * per pixel, the share of its bytes in allocated blocks.
   *
   * @param bytes the heap's size, base to break
   * @param allocated per pixel, the share of its bytes allocated, 0 to 1
   */
  record HeapBar(long bytes, double[] allocated) {
    static final HeapBar EMPTY = new HeapBar(0, new double[MAP_PIXELS]);

    static HeapBar of(HeapMap map) {
      long base = map.base();
      long bytes = Math.max(1, map.end() - base);
      double[] allocated = new double[MAP_PIXELS];
      double perPixel = (double) bytes / MAP_PIXELS;
      for (HeapMap.Entry entry : map.entries(HeapMap.State.ALLOCATED)) {
        double from = (entry.address() - base) / perPixel;
        double to = (entry.address() + entry.size() - base) / perPixel;
        for (int x = (int) from; x < Math.min(MAP_PIXELS, Math.ceil(to)); x++) {
          allocated[x] += Math.min(to, x + 1) - Math.max(from, x);
        }
      }
      return new HeapBar(map.end() - base, allocated);
    }
  }

  /**
   * Samples statistics after heap calls; captures the free blocks at one operation. Each trace
   * operation makes exactly one heap call, so the calls counted are the trace's operations.
   */
  private static final class Sampler implements MemoryListener {
    private final long step;
    private final long captureAt;
    final List<long[]> samples = new ArrayList<>();
    final List<double[]> ratios = new ArrayList<>();
    long peakOp;
    long peakLive = -1;
    List<Long> free = List.of();
    HeapBar bar = HeapBar.EMPTY;
    private long operation = -1;
    private boolean inside;

    Sampler(long step, long captureAt) {
      this.step = step;
      this.captureAt = captureAt;
    }

    @Override
    public void onHeapCall(HeapCall call) {
      if (inside || call.thread() == null) {
        return;
      }
      inside = true;
      try {
        operation++;
        // The heap's own peak, read without a snapshot: only a sample takes one.
        long peak = call.thread().model().heap().peakLiveBytes();
        if (peak > peakLive) {
          peakLive = peak;
          peakOp = operation;
        }
        if (operation % step == 0) {
          Statistics stats = call.thread().model().statistics();
          samples.add(new long[] {operation, stats.liveBytes(), stats.heapBytes()});
          ratios.add(new double[] {stats.heapBytes() == 0 ? 0
              : (double) stats.liveBytes() / stats.heapBytes(), stats.externalFragmentation()});
        }
        if (operation == captureAt) {
          HeapMap map = call.thread().model().heap().map();
          List<Long> sizes = new ArrayList<>();
          for (HeapMap.Entry entry : map.entries(HeapMap.State.FREE)) {
            sizes.add(entry.size());
          }
          free = sizes;
          bar = HeapBar.of(map);
        }
      } finally {
        inside = false;
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    Path output = options.output.file;
    if (csv && json) {
      throw new IllegalArgumentException("draw: --csv or --json, not both");
    }
    if (output != null && !csv && !json) {
      String file = output.getFileName() == null ? "" : output.getFileName().toString();
      int dot = file.lastIndexOf('.');
      String extension = dot < 0 ? "" : file.substring(dot + 1);
      if (!extension.equals("svg") && !extension.equals("html")) {
        throw new IllegalArgumentException("-o " + Text.shown(output.toString()) + ": draw"
            + " writes .svg (a picture) or .html (a page holding it), not "
            + (extension.isEmpty() ? "a file without an extension" : "." + Text.shown(extension)));
      }
    }
    TraceInput input = TraceInput.of(trace);
    List<AllocatorProvider> providers = new ArrayList<>();
    if (allocators == null || allocators.isEmpty()) {
      providers.addAll(Allocators.builtIn());
    } else {
      for (String name : allocators) {
        providers.add(Allocators.byName(name.strip()));
      }
    }
    List<Series> series = new ArrayList<>();
    for (AllocatorProvider provider : providers) {
      series.add(replay(input, provider));
    }
    String text;
    if (csv) {
      text = DrawSeries.csv(series);
    } else if (json) {
      text = DrawSeries.json(input.name(), series);
    } else {
      String svg = svg(input.name(), series, log);
      text = output != null && output.toString().endsWith(".html")
          ? "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>memsim: "
              + Text.xml(input.name()) + "</title></head><body>\n" + svg
              + "</body></html>\n"
          : svg;
    }
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return 0;
  }

  private Series replay(TraceInput input, AllocatorProvider provider) throws IOException {
    long operations;
    try (TraceReader reader = input.open()) {
      operations = reader.declaredOperations();
    }
    long step = Math.max(1, operations / POINTS);
    // The first run finds the peak; the second, the same by determinism, captures it.
    Sampler first = new Sampler(step, -1);
    try (TraceReader reader = input.open();
        Progress progress = Progress.start("draw " + provider.name(), operations)) {
      builder(provider, first).progress(progress.listener()).build().replay(reader);
    }
    Sampler second = new Sampler(Long.MAX_VALUE, first.peakOp);
    try (TraceReader reader = input.open()) {
      builder(provider, second).build().replay(reader);
    }
    int n = first.samples.size();
    long[] ops = new long[n];
    long[] live = new long[n];
    long[] heap = new long[n];
    double[] utilization = new double[n];
    double[] fragmentation = new double[n];
    for (int i = 0; i < n; i++) {
      ops[i] = first.samples.get(i)[0];
      live[i] = first.samples.get(i)[1];
      heap[i] = first.samples.get(i)[2];
      utilization[i] = first.ratios.get(i)[0];
      fragmentation[i] = first.ratios.get(i)[1];
    }
    return new Series(provider.name(), ops, live, heap, utilization, fragmentation,
        first.peakOp, first.peakLive, second.free, second.bar);
  }

  private Replayer.Builder builder(AllocatorProvider provider, Sampler sampler) {
    return Replayer.builder().allocator(provider).layout(options.blockLayout())
        .patterns(!options.noPatterns).listener(sampler);
  }

  /** One allocator's peak heap this many times another's draws each in a panel of its own. */
  static final double DWARFS = 4;

  /**
   * {@return the charts, one above the other, with the legend under the title: live bytes and
   * heap size (one panel per allocator when one allocator's heap dwarfs another's, unless
   * {@code log}), utilization and fragmentation, free blocks at the peak, and the heap then}
   * Axes carry tick values and units; x is in trace operations.
   */
  static String svg(String traceName, List<Series> series) {
    return svg(traceName, series, false);
  }

  static String svg(String traceName, List<Series> series, boolean log) {
    int width = 900;
    int chart = 220;
    long maxOp = 1;
    long smallest = Long.MAX_VALUE;
    long largest = 1;
    for (Series s : series) {
      long most = 1;
      for (int i = 0; i < s.ops().length; i++) {
        maxOp = Math.max(maxOp, s.ops()[i]);
        most = Math.max(most, Math.max(s.live()[i], s.heap()[i]));
      }
      smallest = Math.min(smallest, most);
      largest = Math.max(largest, most);
    }
    boolean panels = !log && series.size() > 1 && largest > DWARFS * smallest;
    int panel = 120;
    int bytesHeight = panels ? series.size() * (panel + 46) + 34 : chart + 70;
    int legendRows = (series.size() + 3) / 4;
    int height = 70 + 20 * legendRows + bytesHeight + 2 * (chart + 70) + 60
        + 34 * series.size() + 20 * series.size();
    Text.Svg out = new Text.Svg().open("svg", "xmlns", "http://www.w3.org/2000/svg", "width",
        width, "height", height, "font-family", "monospace", "font-size", 12).line()
        .rect("width", "100%", "height", "100%", "fill", "white");
    text(out, 20, 24, "bold", "memsim draw: " + traceName);
    for (int k = 0; k < series.size(); k++) {
      int x = 20 + 215 * (k % 4);
      int y = 44 + 20 * (k / 4);
      out.rect("x", x, "y", y - 10, "width", 12, "height", 12, "fill", colour(k));
      text(out, x + 18, y, null, series.get(k).allocator());
    }
    int top = 70 + 20 * legendRows + 20;
    String bytesTitle = "live bytes (solid) and heap size (dashed), by trace operation"
        + (log ? ", log scale" : "");
    if (panels) {
      // One heap dwarfs another's: each allocator gets its own scale.
      text(out, 60, top - 8, "bold", "live bytes (solid) and heap size (dashed), a panel each,"
          + " by trace operation");
      top += 24;
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        long most = 1;
        for (int i = 0; i < s.ops().length; i++) {
          most = Math.max(most, Math.max(s.live()[i], s.heap()[i]));
        }
        Axis y = Axis.bytes(most, false);
        frame(out, top, panel, width, s.allocator(), y, maxOp);
        line(out, s.ops(), toDouble(s.live()), maxOp, y, top, panel, width, colour(k), null);
        line(out, s.ops(), toDouble(s.heap()), maxOp, y, top, panel, width, colour(k), "5 3");
        top += panel + 46;
      }
      top += 24;
    } else {
      Axis y = Axis.bytes(largest, log);
      frame(out, top, chart, width, bytesTitle, y, maxOp);
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        line(out, s.ops(), toDouble(s.live()), maxOp, y, top, chart, width, colour(k), null);
        line(out, s.ops(), toDouble(s.heap()), maxOp, y, top, chart, width, colour(k), "5 3");
      }
      top += chart + 70;
    }
    Axis ratio = Axis.ratio();
    frame(out, top, chart, width, "utilization (solid) and external fragmentation (dashed),"
        + " 0 to 1", ratio, maxOp);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      line(out, s.ops(), s.utilization(), maxOp, ratio, top, chart, width, colour(k), null);
      line(out, s.ops(), s.fragmentation(), maxOp, ratio, top, chart, width, colour(k), "5 3");
    }
    top += chart + 70;
    text(out, 60, top - 8, "bold", "free blocks at each allocator's peak of live bytes, by size"
        + " (powers of two)");
    out.rect("x", 60, "y", top, "width", width - 100, "height", chart, "fill", "none", "stroke",
        "#555555");
    histogram(out, series, top, chart, width);
    top += chart + 60;
    text(out, 20, top, "bold", "the heap at each allocator's peak, base to break: allocated"
        + " (colour) and free (grey)");
    top += 14;
    for (int k = 0; k < series.size(); k++) {
      heapBar(out, series.get(k), colour(k), 20, top);
      top += 34;
    }
    top += 20;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      out.rect("x", 20, "y", top + 20 * k - 10, "width", 12, "height", 12, "fill", colour(k));
      text(out, 40, top + 20 * k, null, s.allocator() + ": peak " + s.peakLive()
          + " live bytes at op " + s.peakOp() + ", " + s.freeAtPeak().size()
          + " free blocks then");
    }
    return out.close("svg").line().toString();
  }

  private static String colour(int k) {
    return COLOURS[k % COLOURS.length];
  }

  /**
   * A value axis: its range, whether logarithmic, and its ticks with their labels.
   *
   * @param max the top of the axis
   * @param log whether values are drawn on a log scale (base 2, from 1)
   * @param ticks the tick values
   * @param labels their labels, with units
   */
  record Axis(double max, boolean log, double[] ticks, String[] labels) {
    /** {@return where a value falls, from 0 at the bottom to 1 at the top} */
    double position(double value) {
      if (log) {
        return value <= 1 ? 0 : Math.min(1, Math.log(value) / Math.log(max));
      }
      return Math.min(1, value / max);
    }

    static Axis ratio() {
      return new Axis(1, false, new double[] {0, 0.25, 0.5, 0.75, 1},
          new String[] {"0", "0.25", "0.5", "0.75", "1"});
    }

    /** {@return an axis of bytes up to at least {@code most}, ticks at round values} */
    static Axis bytes(long most, boolean log) {
      if (log) {
        int top = 64 - Long.numberOfLeadingZeros(Math.max(2, most));
        int every = Math.max(1, (top + 5) / 6);
        List<Double> ticks = new ArrayList<>();
        for (int e = 0; e <= top; e += every) {
          ticks.add(Math.pow(2, e));
        }
        return of(Math.pow(2, top), true, ticks);
      }
      // Round steps in the unit of the largest value, so that labels read 200 KiB, not 195.3.
      double unit = 1;
      while (most / unit >= 1024 && unit < 0x1p40) {
        unit *= 1024;
      }
      double step = niceStep(most / unit / 5.0) * unit;
      List<Double> ticks = new ArrayList<>();
      double top = Math.ceil(most / step) * step;
      for (double t = 0; t <= top + step / 2; t += step) {
        ticks.add(t);
      }
      return of(top, false, ticks);
    }

    private static Axis of(double max, boolean log, List<Double> ticks) {
      double[] values = new double[ticks.size()];
      String[] labels = new String[ticks.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = ticks.get(i);
        labels[i] = bytesLabel(values[i]);
      }
      return new Axis(max, log, values, labels);
    }
  }

  /** {@return 1, 2 or 5 times a power of ten, at least {@code rough}} */
  static double niceStep(double rough) {
    if (rough <= 1) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= rough) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** {@return a byte count with its unit: 512 B, 1.5 KiB, 23 MiB} */
  static String bytesLabel(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = value == Math.rint(value) ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + units[unit];
  }

  /** {@return an operation count as axes show it: 0, 500, 2.5k, 10M} */
  static String opsLabel(double ops) {
    if (ops >= 1_000_000) {
      return trim(ops / 1_000_000) + "M";
    }
    if (ops >= 1_000) {
      return trim(ops / 1_000) + "k";
    }
    return trim(ops);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  /** Draws one allocator's heap at its peak as runs of pixels, allocated or free. */
  private static void heapBar(Text.Svg out, Series s, String colour, int x, int y) {
    double[] allocated = s.heapAtPeak().allocated();
    out.rect("x", x, "y", y, "width", MAP_PIXELS, "height", 14, "fill", "#dddddd", "stroke",
        "#888888");
    int start = -1;
    for (int p = 0; p <= MAP_PIXELS; p++) {
      boolean used = p < MAP_PIXELS && allocated[p] >= 0.5;
      if (used && start < 0) {
        start = p;
      } else if (!used && start >= 0) {
        out.rect("x", x + start, "y", y, "width", p - start, "height", 14, "fill", colour);
        start = -1;
      }
    }
    text(out, x, y + 27, null, s.allocator() + ": " + s.heapAtPeak().bytes()
        + " bytes of heap at op " + s.peakOp());
  }

  private static double[] toDouble(long[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Draws a chart's frame, its title, and both axes' ticks and labels. */
  private static void frame(Text.Svg out, int top, int chart, int width, String title, Axis y,
      long maxOp) {
    text(out, 60, top - 8, "bold", title);
    out.rect("x", 60, "y", top, "width", width - 100, "height", chart, "fill", "none", "stroke",
        "#555555");
    for (int i = 0; i < y.ticks().length; i++) {
      double at = top + chart - chart * y.position(y.ticks()[i]);
      out.empty("line", "x1", 56, "y1", fixed(at), "x2", 60, "y2", fixed(at), "stroke",
          "#555555");
      out.text(y.labels()[i], "x", 54, "y", fixed(at + 4), "text-anchor", "end", "font-size",
          10);
    }
    double step = niceStep(maxOp / 6.0);
    for (double op = 0; op <= maxOp; op += step) {
      double at = 60 + (width - 100) * op / maxOp;
      out.empty("line", "x1", fixed(at), "y1", top + chart, "x2", fixed(at), "y2",
          top + chart + 4, "stroke", "#555555");
      out.text(opsLabel(op), "x", fixed(at), "y", top + chart + 16, "text-anchor", "middle",
          "font-size", 10);
    }
    out.text("trace operations", "x", width - 40, "y", top + chart + 30, "text-anchor", "end",
        "font-size", 10);
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static void line(Text.Svg out, long[] xs, double[] ys, double maxX, Axis axis,
      int top, int chart, int width, String colour, String dash) {
    if (xs.length == 0) {
      return;
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      double x = 60 + (width - 100) * xs[i] / maxX;
      double y = top + chart - chart * axis.position(ys[i]);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    out.empty("polyline", "fill", "none", "stroke", colour, "points", points.toString().strip(),
        "stroke-dasharray", dash).line();
  }

  private static void histogram(Text.Svg out, List<Series> series, int top, int chart,
      int width) {
    int buckets = 24;
    long[][] counts = new long[series.size()][buckets];
    long most = 1;
    for (int k = 0; k < series.size(); k++) {
      for (long size : series.get(k).freeAtPeak()) {
        int bucket = Math.min(buckets - 1, 63 - Long.numberOfLeadingZeros(Math.max(1, size)));
        counts[k][bucket]++;
        most = Math.max(most, counts[k][bucket]);
      }
    }
    double slot = (width - 100) / (double) buckets;
    double bar = slot / (series.size() + 1);
    for (int b = 0; b < buckets; b++) {
      if (b % 4 == 0) {
        text(out, (int) (60 + slot * b), top + chart + 16, null, "2^" + b);
      }
      for (int k = 0; k < series.size(); k++) {
        double h = chart * (double) counts[k][b] / most;
        out.rect("x", 60 + slot * b + bar * k, "y", top + chart - h, "width", bar, "height", h,
            "fill", COLOURS[k % COLOURS.length]);
      }
    }
    text(out, 60, top + chart + 32, null, "most blocks in one bucket: " + most
        + " (x: free block size in bytes, as a power of two)");
  }

  private static void text(Text.Svg out, int x, int y, String style, String content) {
    out.text(content, "x", x, "y", y, "font-weight", "bold".equals(style) ? "bold" : null);
  }

}
