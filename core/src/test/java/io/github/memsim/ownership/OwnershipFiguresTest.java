package io.github.memsim.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.MemoryModel;
import io.github.memsim.ModelView;
import io.github.memsim.picture.StatePicture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The six figures of the Rust book's "What Is Ownership?" as memsim programs: each picture's
 * structure is checked (rows, values, arrows, grey rows, bytes) and the whole SVG is compared
 * with a golden file; a picture that differs is written under target/ownership-figures.
 */
class OwnershipFiguresTest {
  private final MemoryModel model = MemoryModel.builder().build();
  private final Ownership ownership = Ownership.of(model.mainThread());

  /** Figure 4-1: a String bound to s1 in memory. */
  @Test
  void aStringInMemory() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s1").build())) {
      main.stringFrom("s1", "hello");
      String svg = OwnershipPicture.svg(ownership);
      assertThat(svg).contains(">s1: String [RWO]<", ">s1.ptr: pointer<", ">s1.len: long<",
          ">s1.capacity: long<", ">0x10020<", ">5<");
      assertThat(cells(svg)).isEqualTo("hello");
      assertThat(count(svg, "url(#live)")).isEqualTo(1);
      assertGolden("figure-4-1-string", svg);
    }
  }

  /** Figure 4-2: after let s2 = s1, two handles share the bytes (the plain state picture). */
  @Test
  void twoHandlesShareTheBytesAfterAMove() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s1").string("s2")
        .build())) {
      main.stringFrom("s1", "hello");
      main.move("s1", "s2");
      ModelView view = model.view();
      String svg = StatePicture.svg(view);
      assertThat(count(svg, "url(#live)")).as("both pointers lead to the bytes").isEqualTo(2);
      assertThat(count(svg, ">0x10020<")).as("s1.ptr and s2.ptr").isEqualTo(2);
      assertGolden("figure-4-2-shared-bytes", svg);
    }
  }

  /** Figure 4-3: let s2 = s1.clone() copies the bytes too. */
  @Test
  void aDeepCopy() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s1").string("s2")
        .build())) {
      main.stringFrom("s1", "hello");
      main.clone("s1", "s2");
      String svg = OwnershipPicture.svg(ownership);
      assertThat(svg).contains(">s1: String [RWO]<", ">s2: String [RWO]<");
      assertThat(cells(svg)).isEqualTo("hellohello");
      assertThat(count(svg, "url(#live)")).isEqualTo(2);
      assertThat(model.heap().liveBlocks()).hasSize(2);
      assertGolden("figure-4-3-deep-copy", svg);
    }
  }

  /** Figure 4-4: after the move, s1 is invalidated: greyed, saying where its value went. */
  @Test
  void theMovedFromHandleIsInvalidated() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s1").string("s2")
        .build())) {
      main.stringFrom("s1", "hello");
      main.move("s1", "s2");
      String svg = OwnershipPicture.svg(ownership);
      assertThat(svg).contains(">s1: String, moved to s2 in main at op 12<",
          ">s2: String [RWO]<");
      assertThat(count(svg, "fill=\"#d6d6d6\" stroke=\"#bbbbbb\"")).as("three grey rows")
          .isEqualTo(3);
      assertThat(cells(svg)).isEqualTo("hello");
      assertGolden("figure-4-4-moved", svg);
    }
  }

  /** Figure 4-6 (calculate_length(&s1)): a reference to a String. */
  @Test
  void aReferenceToAString() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s1").build())) {
      main.stringFrom("s1", "hello");
      try (Scope callee = ownership.call(Function.builder("calculate_length").reference("s")
          .build())) {
        callee.borrow("s", main, "s1", false);
        String svg = OwnershipPicture.svg(ownership);
        assertThat(svg).contains(">s: &amp;s1 [R]<", ">s1: String [R]<");
        assertThat(count(svg, "url(#live)")).as("s to s1, s1.ptr to the bytes").isEqualTo(2);
        assertThat(svg).contains(">calculate_length (depth 2) at ");
        assertGolden("figure-4-6-reference", svg);
      }
    }
  }

  /** Figure 4-7: world, a slice of s, points into the middle of the bytes. */
  @Test
  void aSliceOfAString() throws IOException {
    try (Scope main = ownership.call(Function.builder("main").string("s").slice("world")
        .build())) {
      main.stringFrom("s", "hello world");
      main.slice("world", main, "s", 6, 11);
      String svg = OwnershipPicture.svg(ownership);
      assertThat(svg).contains(">world: &amp;s[6..11] [R]<", ">s: String [R]<", ">0x10026<",
          ">world.len: long<");
      assertThat(cells(svg)).isEqualTo("hello world");
      // The slice's arrow ends at the seventh cell: the block's cells start at x = heap + 6.
      Matcher ends = Pattern.compile("M[0-9]+,[0-9]+ C[0-9,]+ [0-9,]+ ([0-9]+),([0-9]+)\"")
          .matcher(svg);
      assertThat(ends.find()).isTrue();
      int first = Integer.parseInt(ends.group(1));
      assertThat(ends.find()).isTrue();
      assertThat(Math.abs(Integer.parseInt(ends.group(1)) - first)).isEqualTo(6 * 14);
      assertGolden("figure-4-7-slice", svg);
    }
  }

  /** {@return the characters of the byte cells, in order} */
  private static String cells(String svg) {
    Matcher cell = Pattern.compile("<text x=\"[0-9]+\" y=\"[0-9]+\" text-anchor=\"middle\">"
        + "([^<]?)</text>").matcher(svg);
    StringBuilder out = new StringBuilder();
    while (cell.find()) {
      out.append(cell.group(1));
    }
    return out.toString();
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static void assertGolden(String name, String svg) throws IOException {
    String file = name + ".svg";
    String golden;
    try (InputStream in = OwnershipFiguresTest.class.getResourceAsStream(file)) {
      golden = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!svg.equals(golden)) {
      Path out = Path.of("target", "ownership-figures", file);
      Files.createDirectories(out.getParent());
      Files.writeString(out, svg, StandardCharsets.UTF_8);
    }
    assertThat(svg).as("%s as in the golden file (the picture is in %s)", file,
        "target/ownership-figures").isEqualTo(golden);
  }
}
