package io.github.memsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The listener example prints every event, the heap map and the fault it shows. */
// It swaps System.out, which the command-line tests running beside it would write to.
@Isolated
class WatchExampleTest {
  @Test
  void printsTheEventsTheMapAndTheSites() throws Exception {
    assertThat(StandardOutput.of(WatchExample::main)).containsSubsequence(
        "op 1  push frame build at depth 1 of main (32 bytes at 0x7ffeffffffe0)",
        "op 2  load  0x10018         8 bytes  ALLOCATOR",
        "op 2: malloc(16) by main = block #1 (16 bytes at 0x10020), 1 block(s) scanned",
        "op 3  store 0x10020         8 bytes  USER",
        "op 5  load  0x7ffefffffff0  8 bytes  FRAME_LINKAGE",
        "  0x10018            32 bytes  block #1, 16 bytes at 0x10020, allocated by main in build"
            + " at op 2",
        "  0x11018             8 bytes  epilogue",
        "op 7: free(#1) by main, 0 block(s) scanned",
        "use after free: 8-byte read at 0x10020, 0 bytes into block #1 (16 bytes), freed by main"
            + " in cleanup at op 7; allocated by main in build at op 2; on main");
  }
}
