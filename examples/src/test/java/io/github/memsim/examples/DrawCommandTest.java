package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  void anHtmlFileHoldsTheSvg(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("draw.html");
    run("draw", "coalescing", "--allocators", "next-fit", "-o", page.toString());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg xmlns=")
        .contains("next-fit: peak ").endsWith("</body></html>\n");
  }
}
