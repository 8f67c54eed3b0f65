package io.github.memsim.cli;

import io.github.memsim.HeapCall;
import io.github.memsim.HeapMap;
import io.github.memsim.MemoryListener;
import io.github.memsim.Statistics;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.internal.Text;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
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

  /** Samples statistics after heap calls; captures the free blocks at one op. */
  private static final class Sampler implements MemoryListener {
    private final int step;
    private final long captureAt;
    final List<long[]> samples = new ArrayList<>();
    final List<double[]> ratios = new ArrayList<>();
    long peakOp;
    long peakLive = -1;
    List<Long> free = List.of();
    HeapBar bar = HeapBar.EMPTY;
    private boolean inside;

    Sampler(int step, long captureAt) {
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
        Statistics stats = call.thread().model().statistics();
        if (stats.liveBytes() > peakLive) {
          peakLive = stats.liveBytes();
          peakOp = call.op();
        }
        if (call.op() % step == 0) {
          samples.add(new long[] {call.op(), stats.liveBytes(), stats.heapBytes()});
          ratios.add(new double[] {stats.heapBytes() == 0 ? 0
              : (double) stats.liveBytes() / stats.heapBytes(), stats.externalFragmentation()});
        }
        if (call.op() == captureAt) {
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
    if (output != null) {
      String file = output.getFileName() == null ? "" : output.getFileName().toString();
      int dot = file.lastIndexOf('.');
      String extension = dot < 0 ? "" : file.substring(dot + 1);
      if (!extension.equals("svg") && !extension.equals("html")) {
        throw new IllegalArgumentException("-o " + Text.shown(output.toString()) + ": draw"
            + " writes .svg (a picture) or .html (a page holding it), not "
            + (extension.isEmpty() ? "a file without an extension" : "." + Text.shown(extension)));
      }
    }
    Trace loaded = TraceOptions.load(trace);
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
      series.add(replay(loaded, provider));
    }
    String svg = svg(loaded.name(), series);
    String text = output != null && output.toString().endsWith(".html")
        ? "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>memsim: "
            + Text.xml(loaded.name()) + "</title></head><body>\n" + svg
            + "</body></html>\n"
        : svg;
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return 0;
  }

  private Series replay(Trace loaded, AllocatorProvider provider) {
    int step = Math.max(1, loaded.size() / POINTS);
    // The first run finds the peak; the second, the same by determinism, captures it.
    Sampler first = new Sampler(step, -1);
    builder(provider, first).replay(loaded);
    Sampler second = new Sampler(Integer.MAX_VALUE, first.peakOp);
    builder(provider, second).replay(loaded);
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

  private Replayer builder(AllocatorProvider provider, Sampler sampler) {
    return Replayer.builder().allocator(provider).layout(options.blockLayout())
        .patterns(!options.noPatterns).listener(sampler).build();
  }

  /** {@return three charts, one above the other, with a legend} */
  static String svg(String traceName, List<Series> series) {
    int width = 900;
    int chart = 220;
    int height = 80 + 3 * (chart + 70) + 60 + 34 * series.size() + 20 * series.size();
    Text.Svg out = new Text.Svg().open("svg", "xmlns", "http://www.w3.org/2000/svg", "width",
        width, "height", height, "font-family", "monospace", "font-size", 12).line()
        .rect("width", "100%", "height", "100%", "fill", "white");
    text(out, 20, 24, "bold", "memsim draw: " + traceName);
    long maxOp = 1;
    long maxBytes = 1;
    for (Series s : series) {
      for (int i = 0; i < s.ops().length; i++) {
        maxOp = Math.max(maxOp, s.ops()[i]);
        maxBytes = Math.max(maxBytes, Math.max(s.live()[i], s.heap()[i]));
      }
    }
    int top = 50;
    frame(out, top, chart, width, "live bytes (solid) and heap size (dashed) over ops, up to "
        + maxBytes + " bytes and op " + maxOp);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      line(out, s.ops(), toDouble(s.live()), maxOp, maxBytes, top, chart, width,
          COLOURS[k % COLOURS.length], null);
      line(out, s.ops(), toDouble(s.heap()), maxOp, maxBytes, top, chart, width,
          COLOURS[k % COLOURS.length], "5 3");
    }
    top += chart + 70;
    frame(out, top, chart, width, "utilization (solid) and external fragmentation (dashed),"
        + " 0 to 1");
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      line(out, s.ops(), s.utilization(), maxOp, 1, top, chart, width,
          COLOURS[k % COLOURS.length], null);
      line(out, s.ops(), s.fragmentation(), maxOp, 1, top, chart, width,
          COLOURS[k % COLOURS.length], "5 3");
    }
    top += chart + 70;
    frame(out, top, chart, width, "free blocks at each allocator's peak of live bytes, by size"
        + " (powers of two)");
    histogram(out, series, top, chart, width);
    top += chart + 60;
    text(out, 20, top, "bold", "the heap at each allocator's peak, base to break: allocated"
        + " (colour) and free (grey)");
    top += 14;
    for (int k = 0; k < series.size(); k++) {
      heapBar(out, series.get(k), COLOURS[k % COLOURS.length], 20, top);
      top += 34;
    }
    top += 20;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      out.rect("x", 20, "y", top + 20 * k - 10, "width", 12, "height", 12, "fill",
          COLOURS[k % COLOURS.length]);
      text(out, 40, top + 20 * k, null, s.allocator() + ": peak " + s.peakLive()
          + " live bytes at op " + s.peakOp() + ", " + s.freeAtPeak().size()
          + " free blocks then");
    }
    return out.close("svg").line().toString();
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

  private static void frame(Text.Svg out, int top, int chart, int width, String title) {
    text(out, 60, top - 8, "bold", title);
    out.rect("x", 60, "y", top, "width", width - 100, "height", chart, "fill", "none", "stroke",
        "#555555");
  }

  private static void line(Text.Svg out, long[] xs, double[] ys, double maxX, double maxY,
      int top, int chart, int width, String colour, String dash) {
    if (xs.length == 0) {
      return;
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      double x = 60 + (width - 100) * xs[i] / maxX;
      double y = top + chart - chart * Math.min(1, ys[i] / maxY);
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
    text(out, 60, top + chart + 32, null, "most blocks in one bucket: " + most);
  }

  private static void text(Text.Svg out, int x, int y, String style, String content) {
    out.text(content, "x", x, "y", y, "font-weight", "bold".equals(style) ? "bold" : null);
  }

}
