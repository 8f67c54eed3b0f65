package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.picture.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording of 100,000 operations and its page fit in a JVM of 512 MB: the recording keeps its
 * first {@link Recording#DEFAULT_MAX_STEPS} steps and the page says what it left out.
 */
class RecordingBoundTest {
  @Test
  void aHundredThousandOperationsAreRecordedAndWrittenInHalfAGigabyte(@TempDir Path dir)
      throws Exception {
    Path page = dir.resolve("long.html");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), LongRecording.class.getName(), page.toString()));
    Path stdout = dir.resolve("out");
    Path stderr = dir.resolve("err");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
    String[] figures = Files.readString(stdout).strip().split(" ");
    int kept = Recording.DEFAULT_MAX_STEPS;
    assertThat(figures[0]).isEqualTo(String.valueOf(kept));
    assertThat(figures[1]).isEqualTo(String.valueOf(LongRecording.OPERATIONS - (kept - 1)));
    String html = Files.readString(page);
    assertThat(html).hasSize(Integer.parseInt(figures[2]))
        .contains("<p class=\"note\">This recording kept its first 2000 steps, to op 1999; the"
            + " 98001 steps after them, to op 100000, were not recorded: a recording keeps at"
            + " most 2000 steps (Recording.attach(builder, maxSteps) sets the bound).</p>")
        .contains("id=\"step-1999\"").doesNotContain("id=\"step-2000\"");
  }
}
