package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact text map of a heap, and {@link Heap#describe()} switching to it when large. */
class HeapTextMapTest {
  private static final String NL = System.lineSeparator();

  @Test
  void eachCellIsAnEqualShareOfTheHeap() {
    MemoryModel model = MemoryModel.builder().build();
    model.mainThread().malloc(24);
    // 4128 bytes in 8 cells of 520 (516 rounded up to whole words): the first holds padding, prologue, the 48-byte block and
    // the start of the free block; the last holds the end of the free block and the epilogue.
    assertThat(model.heap().map().textMap(8, 1)).isEqualTo("  0x10000      +......." + NL
        + "  one cell = 520 bytes: # allocated, + partly allocated, . free, = bookkeeping" + NL);
  }

  @Test
  void describeListsASmallHeapAndMapsALargeOne() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    for (int i = 0; i < 30; i++) {
      main.malloc(32);
    }
    assertThat(model.heap().describe()).contains("block #30, 32 bytes at").doesNotContain(
        "too many to list");
    List<Pointer> more = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      more.add(main.malloc(32));
    }
    for (int i = 0; i < more.size(); i += 2) {
      main.free(more.get(i));
    }
    String described = model.heap().describe();
    assertThat(described).contains("too many to list, so a map:")
        .contains("one cell = ").doesNotContain("block #30, 32 bytes at");
    String map = described.lines().filter(line -> line.startsWith("  0x")).reduce("",
        (a, b) -> a + b.substring(15));
    assertThat(map).matches("[#+.=]+").contains("#").contains(".");
    assertThatThrownBy(() -> model.heap().map().textMap(4, 1))
        .hasMessage("a text map has 8 to 256 columns and 1 to 256 rows, not 4 and 1");
  }
}
