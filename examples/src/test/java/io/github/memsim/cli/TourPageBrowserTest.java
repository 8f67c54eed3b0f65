package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.memsim.HeapBlock;
import io.github.memsim.HeapMap;
import io.github.memsim.ModelView;
import io.github.memsim.picture.Recording;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour's page in a real browser (headless Chromium, which {@code .ci/run} installs): it
 * loads with no script error; opening it at a step or an op shows that step alone, with the
 * frames and live blocks of the recorded state at that op; the previous and next buttons, the
 * arrow keys and the slider step as they should. Without Chromium the test is skipped, unless
 * {@code MEMSIM_REQUIRE_BROWSER} is set (as CI sets it), when it fails.
 */
class TourPageBrowserTest {
  private static final String TITLE = TourCommand.TITLE;

  @Test
  void thePageStepsThroughTheTour(@TempDir Path dir) throws Exception {
    String browser = browser();
    Path page = dir.resolve("tour.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"tour", "--html", page.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
    assertThat(err.toString()).isEmpty();
    Tour tour = new Tour(new PrintStream(OutputStream.nullOutputStream()), true);
    tour.run();
    List<Recording.Step> steps = tour.recording().steps();
    assertThat(Files.readString(page)).as("the same tour gives the same page")
        .isEqualTo(tour.recording().html(TITLE));
    assertThat(out.toString()).endsWith("wrote " + page + ": " + steps.size() + " steps\n");

    int deepest = 0;
    int firstFault = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (depth(steps.get(i)) > depth(steps.get(deepest))) {
        deepest = i;
      }
      if (firstFault < 0 && steps.get(i).fault()) {
        firstFault = i;
      }
    }
    assertThat(firstFault).as("the tour's faults are steps").isPositive();
    int withBlocks = -1;
    for (int i = 0; i < steps.size() && withBlocks < 0; i++) {
      if (blocks(steps.get(i).state()).size() >= 3 && depth(steps.get(i)) >= 1) {
        withBlocks = i;
      }
    }
    // The address counts steps as the page shows them, from 1.
    for (int step : new int[] {0, withBlocks, firstFault, deepest, steps.size() - 1}) {
      String dom = dumpDom(browser, page.toUri() + "#step=" + (step + 1));
      checkShows(dom, step, steps.get(step));
      assertThat(dom).contains("<span id=\"position\">step " + (step + 1) + " of "
          + steps.size() + "</span>");
    }
    // An op: the last state at or before it.
    Recording.Step atOp = steps.get(withBlocks);
    String dom = dumpDom(browser, page.toUri() + "#op=" + atOp.op());
    checkShows(dom, withBlocks, atOp);

    Path harness = dir.resolve("harness.html");
    Files.writeString(harness, """
        <!DOCTYPE html><html><body><iframe id="f" src="tour.html#step=4"></iframe><script>
        document.getElementById('f').addEventListener('load', function () {
          var d = document.getElementById('f').contentDocument;
          var log = [d.body.getAttribute('data-step')];
          d.getElementById('next').click(); log.push(d.body.getAttribute('data-step'));
          d.getElementById('next').click(); log.push(d.body.getAttribute('data-step'));
          d.getElementById('previous').click(); log.push(d.body.getAttribute('data-step'));
          d.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
          log.push(d.body.getAttribute('data-step'));
          d.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft'}));
          log.push(d.body.getAttribute('data-step'));
          var slider = d.getElementById('slider');
          slider.value = '40';
          slider.dispatchEvent(new Event('input'));
          log.push(d.body.getAttribute('data-step'));
          d.getElementById('previous').click();
          log.push(d.body.getAttribute('data-step'));
          var shown = d.querySelectorAll('section.step:not([hidden])');
          document.body.setAttribute('data-log', log.join(',') + ';' + shown.length + ';'
              + shown[0].id + ';' + d.getElementById('position').textContent + ';'
              + d.location.hash + ';' + (d.body.getAttribute('data-errors') || 'no errors'));
        });
        </script></body></html>
        """, StandardCharsets.UTF_8);
    String stepped = dumpDom(browser, harness.toUri().toString());
    // The address follows the slider and the buttons: #step=40 is what the page calls step 40.
    assertThat(stepped).contains("data-log=\"3,4,5,4,5,4,40,39;1;step-39;step 40 of "
        + steps.size() + ";#step=40;no errors\"");

    Path screenshot = Path.of("target", "tour-step-" + withBlocks + ".png").toAbsolutePath();
    run(browser, "--window-size=1400,1000", "--screenshot=" + screenshot,
        page.toUri() + "#step=" + withBlocks);
    assertThat(screenshot).isNotEmptyFile();
  }

  /** Checks that the page shows step {@code index} alone, with its state's frames and blocks. */
  private static void checkShows(String dom, int index, Recording.Step step) {
    Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).isTrue();
    assertThat(body.group()).as("loaded, with no script error").contains("data-ready=\"yes\"")
        .doesNotContain("data-errors").contains("data-step=\"" + index + "\"");
    Matcher shown = Pattern.compile("<section class=\"step[^\"]*\" id=\"step-(\\d+)\""
        + " data-op=\"\\d+\">").matcher(dom);
    List<String> visible = new ArrayList<>();
    while (shown.find()) {
      visible.add(shown.group(1));
    }
    assertThat(visible).as("sections without hidden").containsExactly(String.valueOf(index));
    int start = dom.indexOf("id=\"step-" + index + "\"");
    String section = dom.substring(start, dom.indexOf("</section>", start));
    if (step.fault()) {
      assertThat(section).contains("fault at op " + step.op() + ": ");
    }
    ModelView state = step.state();
    for (ModelView.ThreadView thread : state.threads()) {
      assertThat(section).contains("thread " + thread.name());
      for (ModelView.FrameView frame : thread.frames()) {
        assertThat(section).contains(frame.function() + " (depth " + frame.depth() + ") at "
            + String.format("0x%x", frame.address()));
      }
      assertThat(section).doesNotContain("(depth " + (thread.frames().size() + 1) + ")");
    }
    for (HeapBlock block : blocks(state)) {
      assertThat(section).contains("block #" + block.id() + ", " + block.size() + " bytes at "
          + String.format("0x%x", block.address()));
    }
    assertThat(section).contains("op " + state.op() + ": ");
  }

  private static List<HeapBlock> blocks(ModelView state) {
    List<HeapBlock> blocks = new ArrayList<>();
    for (HeapMap.Entry entry : state.heap().entries()) {
      entry.block().ifPresent(blocks::add);
    }
    return blocks;
  }

  private static int depth(Recording.Step step) {
    return step.state().threads().get(0).frames().size();
  }

  static String dumpDom(String browser, String url) throws IOException,
      InterruptedException {
    return run(browser, "--dump-dom", url);
  }

  static String run(String browser, String... arguments) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(browser, "--headless=new", "--no-sandbox",
        "--disable-gpu", "--allow-file-access-from-files", "--hide-scrollbars"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the browser did not finish: " + command);
    }
    assertThat(process.exitValue()).as("%s", command).isZero();
    return new String(output, StandardCharsets.UTF_8);
  }

  /** {@return the browser to run}; skips the test without one, or fails where CI needs it */
  static String browser() {
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    if (System.getenv("MEMSIM_REQUIRE_BROWSER") != null) {
      fail("MEMSIM_REQUIRE_BROWSER is set but no chromium is on the PATH");
    }
    assumeTrue(false, "no chromium on the PATH");
    return null;
  }
}
