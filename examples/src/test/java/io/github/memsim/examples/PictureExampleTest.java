package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's picture, {@code examples/pictures/list.svg}, is what the code draws today. */
class PictureExampleTest {
  @Test
  void theCommittedPictureIsUpToDate() throws Exception {
    Path committed = Path.of("pictures/list.svg");
    String drawn = PictureExample.svg();
    if (Boolean.getBoolean("memsim.updateGolden")) {
      Files.writeString(committed, drawn, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("examples/pictures/list.svg is stale: run PictureExample or this test with"
            + " -Dmemsim.updateGolden=true").isEqualTo(drawn);
    assertThat(drawn).contains("freed: block #2", "thread worker", "push_front");
  }

  @Test
  void theCommittedPictureOfFindingsIsUpToDate() throws Exception {
    Path committed = Path.of("pictures/findings.svg");
    String drawn = PictureExample.findings();
    if (Boolean.getBoolean("memsim.updateGolden")) {
      Files.writeString(committed, drawn, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("examples/pictures/findings.svg is stale: run PictureExample or this test with"
            + " -Dmemsim.updateGolden=true").isEqualTo(drawn);
    assertThat(drawn).contains("findings", "1. data race: 8-byte read at 0x10080 by b in count",
        "false sharing of line 0x10000: ", "true sharing of line 0x10080");
  }
}
