package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import java.util.List;
import java.util.Locale;

/**
 * {@code memsim draw --csv} and {@code --json}: the time series behind the charts, for those who
 * plot elsewhere. One point per sample (at most about 600 per allocator), x in trace operations.
 */
final class DrawSeries {
  private DrawSeries() {}

  /** {@return one CSV record per allocator and sample} */
  static String csv(List<DrawCommand.Series> series) {
    StringBuilder out = new StringBuilder(
        "allocator,operation,liveBytes,heapBytes,utilization,externalFragmentation\n");
    for (DrawCommand.Series s : series) {
      for (int i = 0; i < s.ops().length; i++) {
        out.append(Text.csvText(Text.printable(s.allocator()))).append(',').append(s.ops()[i])
            .append(',').append(s.live()[i]).append(',').append(s.heap()[i]).append(',')
            .append(fixed(s.utilization()[i])).append(',').append(fixed(s.fragmentation()[i]))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** {@return one JSON object: the trace, and per allocator its peak and its samples} */
  static String json(String trace, List<DrawCommand.Series> series) {
    Text.Json out = new Text.Json().beginObject().name("trace").value(trace).name("series")
        .beginArray();
    for (DrawCommand.Series s : series) {
      out.beginObject().name("allocator").value(s.allocator()).name("peakOperation")
          .value(s.peakOp()).name("peakLiveBytes").value(s.peakLive())
          .name("columns").beginArray().value("operation").value("liveBytes").value("heapBytes")
          .value("utilization").value("externalFragmentation").endArray()
          .name("points").beginArray();
      for (int i = 0; i < s.ops().length; i++) {
        out.beginArray().value(s.ops()[i]).value(s.live()[i]).value(s.heap()[i])
            .value(s.utilization()[i], 6).value(s.fragmentation()[i], 6).endArray();
      }
      out.endArray().endObject();
    }
    return out.endArray().endObject() + "\n";
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
