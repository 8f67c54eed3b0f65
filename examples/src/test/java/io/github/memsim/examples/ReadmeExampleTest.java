package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's example prints what the README says it prints. */
class ReadmeExampleTest {
  @Test
  void printsTheValueAndThenTheFault() {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      ReadmeExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "memo[10] = 55",
        "use after free: 8-byte read at 0x10020, 0 bytes into block #1 (88 bytes), freed by main"
            + " in fib at op 8; allocated by main in fib at op 3; on main");
  }
}
