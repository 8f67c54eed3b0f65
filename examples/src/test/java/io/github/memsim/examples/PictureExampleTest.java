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
}
