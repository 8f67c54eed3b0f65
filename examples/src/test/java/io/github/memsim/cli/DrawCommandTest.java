package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.HeapMap;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memsim draw}: its figures are the replayer's, and it writes SVG or HTML. */
class DrawCommandTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true)))
        .as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void thePeakItDrawsIsTheReplaysPeak() {
    String svg = run("draw", "binary", "--allocators", "first-fit,best-fit");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
        .contains("memsim draw: binary.rep", "<polyline", "free blocks at each allocator's peak");
    for (String allocator : new String[] {"first-fit", "best-fit"}) {
      String json = run("replay", "binary", "--allocator", allocator, "--json");
      Matcher peak = Pattern.compile("\"peakLiveBytes\":(\\d+)").matcher(json);
      assertThat(peak.find()).isTrue();
      assertThat(svg).contains(allocator + ": peak " + peak.group(1) + " live bytes at op ");
    }
    assertThat(run("draw", "binary", "--allocators", "first-fit,best-fit")).isEqualTo(svg);
  }

  @Test
  void theHeapMapSharesItsPixelsByAllocatedBytes() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    List<Pointer> blocks = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      blocks.add(main.malloc(24L * i));
    }
    for (int i = 0; i < blocks.size(); i += 3) {
      main.free(blocks.get(i));
    }
    HeapMap map = model.heap().map();
    DrawCommand.HeapBar bar = DrawCommand.HeapBar.of(map);
    long allocated = 0;
    for (HeapMap.Entry entry
        : map.entries(HeapMap.State.ALLOCATED)) {
      allocated += entry.size();
    }
    double shares = 0;
    for (double share : bar.allocated()) {
      assertThat(share).isBetween(0.0, 1.0 + 1e-9);
      shares += share;
    }
    assertThat(bar.bytes()).isEqualTo(map.end() - map.base());
    assertThat(shares * bar.bytes() / DrawCommand.MAP_PIXELS).isCloseTo(allocated,
        Offset.offset(1e-6 * allocated));
    String svg = run("draw", "binary", "--allocators", "bump");
    assertThat(svg).contains("the heap at each allocator's peak, base to break")
        .containsPattern("bump: \\d+ bytes of heap at op \\d+");
  }

  @Test
  void anHtmlFileHoldsTheSvg(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("draw.html");
    run("draw", "coalescing", "--allocators", "next-fit", "-o", page.toString());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg xmlns=")
        .contains("next-fit: peak ").endsWith("</body></html>\n");
  }
}
