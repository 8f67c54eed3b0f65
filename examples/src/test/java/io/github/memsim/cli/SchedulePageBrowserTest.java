package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page of one schedule ({@code memsim threads EXAMPLE --replay SCHEDULE --html FILE}) in a
 * real browser, as the tour's page is tested ({@link TourPageBrowserTest}, whose browser helpers
 * it uses): it loads with no script error at the step the address names; a click on a race's
 * link shows the step it races with; a click on a row, the buttons and the arrow keys step.
 * Skipped without Chromium, unless {@code MEMSIM_REQUIRE_BROWSER} is set, as CI sets it.
 */
class SchedulePageBrowserTest {
  @Test
  void thePageOfARacyScheduleStepsAndLinksTheRacingPair(@TempDir Path dir) throws Exception {
    String browser = TourPageBrowserTest.browser();
    // a's two increments (a push, a load, a store and a pop each), then b's: b's accesses
    // are not ordered after a's, though they come later.
    String schedule = "0x8.1x8";
    StringWriter err = new StringWriter();
    Path page = dir.resolve("run.html");
    StringWriter out = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "lost-update", "--replay", schedule,
        "--html", page.toString()}, new PrintWriter(out, true), new PrintWriter(err, true)))
        .as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).endsWith("wrote " + page + "\n");
    String html = Files.readString(page);
    List<String> raceRows = matches(html, "<tr class=\"row race\" id=\"row-(\\d+)\"");
    assertThat(raceRows).as("rows of racing accesses").hasSizeGreaterThanOrEqualTo(2);
    int steps = matches(html, "<section class=\"step[^\"]*\" id=\"step-(\\d+)\"").size();

    int first = Integer.parseInt(raceRows.get(0));
    String dom = TourPageBrowserTest.dumpDom(browser, page.toUri() + "#step=" + (first + 1));
    Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).isTrue();
    assertThat(body.group()).as("loaded, with no script error").contains("data-ready=\"yes\"")
        .doesNotContain("data-errors").contains("data-step=\"" + first + "\"");
    assertThat(matches(dom, "<section class=\"step[^\"]*\" id=\"step-(\\d+)\" data-op=\"\\d+\">"))
        .as("the one section shown").containsExactly(String.valueOf(first));
    assertThat(dom).contains("<tr class=\"row race current\" id=\"row-" + first + "\"")
        .contains("<span id=\"position\">step " + (first + 1) + " of " + steps + "</span>");

    // The race's link in the first racing row goes to the access it races with.
    Matcher partner = Pattern.compile("id=\"row-" + first + "\"[^\n]*?data-to=\"(\\d+)\"")
        .matcher(html);
    assertThat(partner.find()).isTrue();
    Path harness = dir.resolve("harness.html");
    Files.writeString(harness, """
        <!DOCTYPE html><html><body><iframe id="f" src="run.html#step=%d"></iframe><script>
        document.getElementById('f').addEventListener('load', function () {
          var d = document.getElementById('f').contentDocument;
          var log = [d.body.getAttribute('data-step')];
          d.querySelector('#row-%d a.to').click(); log.push(d.body.getAttribute('data-step'));
          d.getElementById('row-1').click(); log.push(d.body.getAttribute('data-step'));
          d.getElementById('next').click(); log.push(d.body.getAttribute('data-step'));
          d.getElementById('previous').click(); log.push(d.body.getAttribute('data-step'));
          d.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown'}));
          log.push(d.body.getAttribute('data-step'));
          var shown = d.querySelectorAll('section.step:not([hidden])');
          document.body.setAttribute('data-log', log.join(',') + ';' + shown.length + ';'
              + shown[0].id + ';' + d.location.hash + ';'
              + (d.body.getAttribute('data-errors') || 'no errors'));
        });
        </script></body></html>
        """.formatted(first + 1, first), StandardCharsets.UTF_8);
    String stepped = TourPageBrowserTest.dumpDom(browser, harness.toUri().toString());
    assertThat(stepped).contains("data-log=\"" + first + "," + partner.group(1)
        + ",1,2,1,2;1;step-2;#step=3;no errors\"");

    // With races made faults, the run fails at b's first read: that step is marked.
    StringWriter failed = new StringWriter();
    Path failing = dir.resolve("failing.html");
    assertThat(Memsim.run(new String[] {"threads", "lost-update", "--race-faults", "--replay",
        "0x8.1x3", "--html", failing.toString()}, new PrintWriter(failed, true),
        new PrintWriter(err, true))).as(err.toString()).isEqualTo(1);
    String failingDom = TourPageBrowserTest.dumpDom(browser, failing.toUri() + "#step=1");
    assertThat(failingDom).contains("<body data-step=\"0\" data-ready=\"yes\">")
        .containsPattern("<li class=\"failure\">failed: b: data race: 8-byte read at 0x10028 by"
            + " b in increment at op \\d+, [^<]*<a class=\"to\"")
        .contains("<tr class=\"row failing\"");

    Path screenshot = Path.of("target", "schedule-page.png").toAbsolutePath();
    TourPageBrowserTest.run(browser, "--window-size=1400,1000", "--screenshot=" + screenshot,
        page.toUri() + "#step=" + (first + 1));
    assertThat(screenshot).isNotEmptyFile();
  }

  private static List<String> matches(String text, String regex) {
    List<String> found = new ArrayList<>();
    Matcher matcher = Pattern.compile(regex).matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
