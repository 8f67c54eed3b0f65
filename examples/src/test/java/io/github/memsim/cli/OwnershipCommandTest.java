package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every listing of the ownership chapter runs, says what Rust says, and ends leak-free. */
class OwnershipCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void everyListingRunsWithItsFaultsAndEndsLeakFree(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("ownership.html");
    assertThat(run("ownership", "--html", page.toString())).isEqualTo(0);
    String text = out.toString();
    assertThat(text).contains(
        "OwnershipFault: use of moved value: s1 in main is read after it was moved to s2 in main"
            + " at op 12 (E0382); on main",
        "OwnershipFault: borrow conflict: r1 in main (&mut s, borrowed at op 21) is read after"
            + " r2 in main borrowed s mutably at op 22 (E0499: cannot borrow s as mutable more"
            + " than once at a time); on main",
        "(E0502: cannot borrow s as mutable because it is also borrowed as immutable)",
        "OwnershipFault: dangling reference: reference_to_nothing in main (&s, borrowed at op 8)"
            + " is read after s in dangle was dropped at op 11 (E0597: s does not live long"
            + " enough); on main",
        "word in main (&s[0..5], borrowed at op 17) is read after s in main was written by clear",
        "DoubleFreeFault: double free: block #1 (5 bytes at 0x10020) was freed by main in main"
            + " at op 8; allocated by main in main at op 2; on main",
        "op 12: realloc(#1, 13) by main = block #2 (13 bytes at 0x10040)",
        "> The length of 'hello' is 5.", "> the first word is: hello");
    assertThat(text.split("at the end: no leaks: every block was freed, once", -1)).hasSize(10);
    assertThat(text).endsWith("wrote " + page + ": 9 listings, 11 pictures\n");
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html.split("<svg ", -1)).hasSize(12);
    assertThat(html).contains("<h2 id=\"slices\">", "s1: String, moved to s2 in main at op 12",
        "<pre>let s1 = String::from(&quot;hello&quot;);\nlet s2 = s1;\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void oneListingAndAnUnknownOne() {
    assertThat(run("ownership", "clone")).isEqualTo(0);
    assertThat(out.toString()).startsWith("== clone: clone() copies the heap bytes too\n")
        .contains("> s1 = hello, s2 = hello").doesNotContain("== move");
    assertThat(run("ownership", "borrowck")).isEqualTo(Memsim.USAGE);
    assertThat(err.toString()).isEqualTo("memsim: no example named 'borrowck' (there are scope,"
        + " move, clone, functions, references, mutable-references, dangling, slices, c-terms)\n");
  }

  @Test
  void theTourHasTheOwnershipChapter() {
    assertThat(run("tour")).isEqualTo(0);
    assertThat(out.toString()).contains("== 8. Ownership: a string moved, cloned and dropped",
        "let s3 = s2.clone(): new bytes, hello", "main returns: s3 then s2 dropped, s1 skipped");
  }
}
