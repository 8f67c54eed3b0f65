package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour runs through and tells each part of its story. */
class TourTest {
  @Test
  void tourShowsFramesPointersFaultsAndTheOverflow() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Tour(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("factorial(5) = 120")
        .contains("following the pointers: 10 -> 20 -> 30 -> NULL")
        .contains("UseAfterFreeFault: use after free: 8-byte read at")
        .contains("DoubleFreeFault: double free: block #2 (16 bytes at")
        .contains("OutOfBoundsFault: out of bounds: 8-byte write at")
        .contains("InvalidFreeFault: invalid free:")
        .contains("NullDereferenceFault: null dereference: 8-byte read at 0x0; on main")
        .contains("DanglingStackPointerFault: dangling stack pointer: 4-byte read at")
        .contains("StackOverflowFault: stack overflow: pushing frame recurse (128 bytes) at depth"
            + " 65 would use 8320 of 8192 bytes; on main")
        .contains("after the fault the stack is back to depth 0")
        .contains("heap check: consistent")
        .contains("32 bytes in 2 blocks are definitely lost, allocated by main in main")
        .contains("indirectly lost: 0 bytes in 0 blocks")
        .contains("== 7. Threads share the heap", "lost-update: 100 schedules",
            "data race: 8-byte", "lost-update-mutex: 100 schedules (100 random schedules from"
            + " seed 1)\n  outcome counter 4: 100 schedules")
        .contains("== 6. Why the stack is faster", "push + pop", "malloc + free costs",
            "list, nodes interleaved and shuffled costs")
        .doesNotContain("(no fault)");
  }

  @Test
  void recordingChangesNothingTheTourSaysAndTheCommandsWriteThePage(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    new Tour(new PrintStream(plain, true, StandardCharsets.UTF_8)).run();
    ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    Tour tour = new Tour(new PrintStream(recorded, true, StandardCharsets.UTF_8), true);
    tour.run();
    assertThat(recorded.toString(StandardCharsets.UTF_8))
        .isEqualTo(plain.toString(StandardCharsets.UTF_8));
    String page = tour.recording().html(TourCommand.TITLE);
    for (String[] args : new String[][] {{"--html", dir.resolve("a.html").toString()},
        {"tour", "--html", dir.resolve("b.html").toString()}}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertThat(Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true)))
          .isZero();
      assertThat(err.toString()).isEmpty();
      assertThat(Files.readString(Path.of(args[args.length - 1]))).isEqualTo(page);
      assertThat(out.toString()).contains("wrote " + args[args.length - 1] + ": "
          + tour.recording().steps().size() + " steps");
    }
  }

  @Test
  void aPageThatCannotBeWrittenIsOneLineNamingTheFileAndWhy(@TempDir Path dir) {
    String missing = dir.resolve("no such directory").resolve("tour.html").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"tour", "--html", missing}, new PrintWriter(out, true),
        new PrintWriter(err, true))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: " + missing + ": no such file or directory"
        + System.lineSeparator());
  }
}
