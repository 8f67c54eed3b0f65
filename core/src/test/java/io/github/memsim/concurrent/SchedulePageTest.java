package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page of one schedule: its table, its highlighted races and failure, its pictures. */
class SchedulePageTest {
  private static final FrameLayout WORKER = FrameLayout.builder("work<er>").build();

  private static Program lostUpdate() {
    Program.Body increment = (t, shared) -> {
      try (Frame frame = t.stack().push(WORKER)) {
        Pointer counter = (Pointer) shared;
        t.writeLong(counter, t.readLong(counter) + 1);
      }
    };
    return Program.builder("lost & update")
        .setup(main -> main.calloc(1, 8))
        .thread("a", increment)
        .thread("b<script>", increment)
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
  }

  @Test
  void aRowPerOperationAColumnPerThreadAndTheRacingPairLinked() {
    // a pushes and reads; b runs to its end; a writes and pops: the counter ends at 1.
    String page = SchedulePage.html(lostUpdate(), "0x2.1x4.0x2");
    assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<title>lost &amp; update, schedule 0x2.1x4.0x2</title>")
        .contains("<p id=\"result\">outcome 1, 11 steps</p>")
        .contains("<thead><tr><th>op</th><th>main</th><th>a</th><th>b&lt;script&gt;</th>"
            + "</tr></thead>")
        .doesNotContain("b<script>")
        .doesNotContain("work<er>");
    assertThat(page).isEqualTo(SchedulePage.html(lostUpdate(), "0x2.1x4.0x2"));
    List<String> rows = matches(page, "<tr class=\"row[^\"]*\" id=\"row-(\\d+)\"");
    assertThat(rows).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    List<String> sections = matches(page, "<section class=\"step[^\"]*\" id=\"step-(\\d+)\"");
    assertThat(sections).isEqualTo(rows);
    // Every op in its thread's column: main's calloc, a's push, b's read (after the op's cell).
    assertThat(page).contains("<tr class=\"row\" id=\"row-1\" data-step=\"1\"><td>1</td><td>"
            + "calloc(8) by main = block #1 (8 bytes at 0x10020)</td><td></td><td></td></tr>")
        .contains("<tr class=\"row\" id=\"row-2\" data-step=\"2\"><td>2</td><td></td><td>a"
            + " calls work&lt;er&gt;: a frame of 16 bytes at ")
        .contains("<tr class=\"row\" id=\"row-5\" data-step=\"5\"><td>5</td><td></td><td></td>"
            + "<td>b&lt;script&gt; reads 8 bytes at 0x10020</td></tr>");
    // b's write (op 6) races with a's read (op 3); a's write (op 8) with b's write.
    assertThat(matches(page, "<tr class=\"row race\" id=\"row-(\\d+)\""))
        .containsExactly("3", "6", "8");
    assertThat(page).contains("<td>b&lt;script&gt; writes 8 bytes at 0x10020 <span class=\"with\">"
        + "races with <a class=\"to\" href=\"#step=4\" data-to=\"3\">op 3</a></span> <span"
        + " class=\"with\">races with <a class=\"to\" href=\"#step=9\" data-to=\"8\">op 8</a>"
        + "</span></td>");
    assertThat(page).contains("<li class=\"race\">data race: 8-byte write at 0x10020 by"
        + " b&lt;script&gt; in work&lt;er&gt; at op 6, racing with an 8-byte read by a in"
        + " work&lt;er&gt; at op 3; 0 bytes into block #1 (8 bytes at 0x10020), allocated by"
        + " main at op 1 <a class=\"to\" href=\"#step=4\" data-to=\"3\">op 3</a> races with"
        + " <a class=\"to\" href=\"#step=7\" data-to=\"6\">op 6</a></li>");
    // Each picture's arrowheads are its own.
    assertThat(page).contains("id=\"s8-live\"").doesNotContain("url(#live)")
        .doesNotContain("id=\"live\"");
  }

  @Test
  void aFailingStepIsHighlightedAndLinked() {
    Program useAfterFree = Program.builder("use after free")
        .setup(main -> main.malloc(8))
        .thread("freer", (t, p) -> t.free((Pointer) p))
        .thread("reader", (t, p) -> t.readLong((Pointer) p))
        .build();
    String page = SchedulePage.html(useAfterFree, "0x1.1x1");
    assertThat(page).contains("<p id=\"result\">failed, ")
        .containsPattern("<li class=\"failure\">failed: reader: use after free: 8-byte read at"
            + " 0x10020, [^<]*<a class=\"to\" href=\"#step=4\" data-to=\"3\">op 3</a></li>")
        .contains("<tr class=\"row failing\" id=\"row-3\"")
        .contains("<section class=\"step fault\" id=\"step-3\" data-op=\"3\" hidden>");
  }

  @Test
  void aScheduleThatDoesNotFitIsRefused() {
    assertThatThrownBy(() -> SchedulePage.html(lostUpdate(), "0x99"))
        .isInstanceOf(ScheduleMismatchException.class);
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
