package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's picture, {@code examples/pictures/list.svg}, is what the code draws today. */
class PictureExampleTest {
  /** Checks a committed picture against what the code draws (or rewrites it, if asked). */
  private static void upToDate(String file, String drawn) throws Exception {
    Path committed = Path.of("pictures", file);
    if (Boolean.getBoolean("memsim.updateGolden")) {
      Files.writeString(committed, drawn, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("examples/pictures/%s is stale: run PictureExample or this test with"
            + " -Dmemsim.updateGolden=true", file).isEqualTo(drawn);
  }

  @Test
  void theCommittedPictureIsUpToDate() throws Exception {
    String drawn = PictureExample.svg();
    upToDate("list.svg", drawn);
    assertThat(drawn).contains("freed: block #2", "thread worker", "push_front");
  }

  @Test
  void theCommittedPictureOfFindingsIsUpToDate() throws Exception {
    String drawn = PictureExample.findings();
    upToDate("findings.svg", drawn);
    assertThat(drawn).contains("findings", "1. data race: 8-byte read at 0x10080 by b in count",
        "false sharing of line 0x10000: ", "true sharing of line 0x10080");
  }
}
