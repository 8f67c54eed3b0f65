package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The README's example prints what the README says it prints. */
// It swaps System.out, which the command-line tests running beside it would write to.
@Isolated
class ReadmeExampleTest {
  @Test
  void printsTheValueAndThenTheFault() throws Exception {
    assertThat(StandardOutput.of(ReadmeExample::main)).containsExactly(
        "memo[10] = 55",
        "use after free: 8-byte read at 0x10020, 0 bytes into block #1 (88 bytes), freed by main"
            + " in fib at op 8; allocated by main in fib at op 3; on main");
  }
}
