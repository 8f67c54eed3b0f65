package io.github.memsim.picture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Finding;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.ModelView;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pictures of a state against golden files ({@code -Dmemsim.updateGolden=true} rewrites them
 * under {@code core/src/test/resources/pictures}), and what they must show.
 */
class StatePictureTest {
  private static final FrameLayout MAIN = FrameLayout.builder("main").pointerSlot("head")
      .intSlot("count").build();
  private static final FrameLayout HELPER = FrameLayout.builder("helper").longSlot("n").build();

  /**
   * A list of three nodes from a stack slot, the middle one freed (the first node's next now
   * dangles), a block holding a pointer to a popped frame's slot, and a second thread whose
   * frame points at that block.
   */
  static MemoryModel scene() {
    MemoryModel model = MemoryModel.builder().heapLimit(1 << 16).stackSize(4096).build();
    ThreadContext main = model.mainThread();
    Frame frame = main.stack().push(MAIN);
    Pointer head = Pointer.NULL;
    for (int value = 3; value >= 1; value--) {
      Pointer node = main.malloc(16);
      main.writeLong(node, value * 10L);
      main.writePointer(node.plus(8), head);
      head = node;
    }
    frame.setPointer("head", head);
    frame.setInt("count", 3);
    main.free(main.readPointer(head.plus(8)));
    Pointer gone;
    try (Frame helper = main.stack().push(HELPER)) {
      helper.setLong("n", 5);
      gone = helper.addressOf("n");
    }
    Pointer holder = main.malloc(24);
    main.writePointer(holder, gone);
    ThreadContext worker = model.newThread("worker");
    Frame working = worker.stack().push(MAIN);
    working.setPointer("head", holder);
    return model;
  }

  @Test
  void theSceneMatchesItsGoldenFiles() throws IOException {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      ModelView view = scene().view();
      golden("scene.svg", StatePicture.svg(view));
      golden("scene.json", StatePicture.json(view) + "\n");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void itShowsFramesBlocksAndBothKindsOfArrow() {
    String svg = StatePicture.svg(scene().view());
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
        .contains("thread main</text>", "thread worker</text>", "main (depth 1) at 0x",
            "head: pointer", "count: int", ">3</text>", "return address", "saved frame pointer",
            "block #1, 16 bytes", "block #3, 16 bytes", "free block", "by main in main at op",
            "freed: block #2 (16 bytes at 0x", "popped: slot n (8 bytes) of frame helper");
    // Live: main's head to node 1 and the worker's head to the holder block (node 2's next was
    // taken with it, node 3's is NULL). Dangling: node 1's next (to the freed node 2) and the
    // holder's pointer (to the popped slot).
    assertThat(count(svg, "marker-end=\"url(#live)\"")).isEqualTo(2);
    assertThat(count(svg, "marker-end=\"url(#dangling)\"")).isEqualTo(2);
  }

  @Test
  void takingAViewOrDrawingChangesNothing() {
    MemoryModel model = scene();
    Statistics before = model.statistics();
    String heap = model.heap().describe();
    StatePicture.svg(model.view());
    StatePicture.json(model.view());
    assertThat(model.statistics()).isEqualTo(before);
    assertThat(model.heap().describe()).isEqualTo(heap);
  }

  @Test
  void findingsAreMarkedWhereTheyAreAndListed() {
    MemoryModel model = scene();
    ModelView view = model.view();
    long headSlot = view.threads().get(0).frames().get(0).slots().stream()
        .filter(slot -> slot.name().equals("head")).findFirst().orElseThrow().address();
    List<Finding> findings = List.of(
        new Finding("data race", 0x10020 + 3, 1, "a race in block #1"),
        new Finding("odd", headSlot, 8, "something about the slot"),
        new Finding("data race", 0x10040, 1, "data race: in the freed block"),
        new Finding("far", 0x7000, 4, "nowhere drawn"));
    String svg = StatePicture.svg(view, findings);
    assertThat(count(svg, "<circle")).as("badges: block #1, the slot; the freed block is a free"
        + " block, outlined as such").isEqualTo(3);
    assertThat(svg).contains("<text x=\"20\" y=\"" ).contains(">findings</text>")
        .contains(">1. data race: a race in block #1</text>")
        .contains(">2. odd: something about the slot</text>")
        .contains(">3. data race: in the freed block</text>")
        .contains(">4. (not drawn, at 0x7000) far: nowhere drawn</text>");
    assertThat(StatePicture.svg(view, List.of())).isEqualTo(StatePicture.svg(view));
    assertThat(StatePicture.json(view, findings)).startsWith(StatePicture.json(view)
        .substring(0, StatePicture.json(view).length() - 1)).endsWith(",\"findings\":[{\"kind\":"
        + "\"data race\",\"address\":65571,\"length\":1,\"message\":\"a race in block #1\"},"
        + "{\"kind\":\"odd\",\"address\":" + headSlot + ",\"length\":8,\"message\":"
        + "\"something about the slot\"},{\"kind\":\"data race\",\"address\":65600,\"length\":1,"
        + "\"message\":\"data race: in the freed block\"},{\"kind\":\"far\",\"address\":28672,"
        + "\"length\":4,\"message\":\"nowhere drawn\"}]}");
  }

  @Test
  void aLargeHeapIsAggregatedAndSaysSo() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    for (int i = 0; i < 1000; i++) {
      Pointer p = main.malloc(16 + i % 3 * 16);
      if (i % 4 == 0) {
        main.free(p);
      }
    }
    String svg = StatePicture.svg(model.view(), 50);
    assertThat(svg).contains(" more entries: ").contains("not drawn: more than 50 entries");
    assertThat(count(svg, "<rect")).isLessThan(50 * 4 + 700);
  }

  private static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static void golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("memsim.updateGolden")) {
      Files.writeString(Path.of("src/test/resources/pictures", name), actual,
          StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = StatePictureTest.class.getResourceAsStream("/pictures/" + name)) {
      assertThat(in).as("golden file %s (run with -Dmemsim.updateGolden=true)", name)
          .isNotNull();
      assertThat(actual).as(name).isEqualTo(new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
    }
  }
}
