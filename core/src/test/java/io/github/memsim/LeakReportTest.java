package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.LeakReport.Kind;
import org.junit.jupiter.api.Test;

/** Hand-built heaps for each of Memcheck's kinds, and a leak-free program that reports nothing. */
class LeakReportTest {
  private static final FrameLayout ROOT = FrameLayout.builder("main").pointerSlot("head")
      .longSlot("raw").build();
  private static final FrameLayout BUILD = FrameLayout.builder("build_list").build();
  private static final FrameLayout PUSH = FrameLayout.builder("push_node").build();

  private final MemoryModel model = MemoryModel.builder().build();
  private final ThreadContext main = model.mainThread();

  private Kind kindOf(Pointer p) {
    return model.heap().leaks().kindOf(p.address()).orElseThrow();
  }

  @Test
  void aLeakFreeProgramReportsNothingLost() {
    try (Frame frame = main.stack().push(ROOT)) {
      Pointer a = main.malloc(16);
      Pointer b = main.malloc(16);
      main.writePointer(a.plus(8), b);
      frame.setPointer("head", a);
      LeakReport report = model.heap().leaks();
      assertThat(report.isLeakFree()).isTrue();
      assertThat(report.toString()).isEqualTo("definitely lost: 0 bytes in 0 blocks\n"
          + "indirectly lost: 0 bytes in 0 blocks\n"
          + "possibly lost: 0 bytes in 0 blocks\n"
          + "still reachable: 32 bytes in 2 blocks\n");
    }
  }

  @Test
  void aBlockNothingPointsToIsDefinitelyLostAndWhatItLeadsToIndirectly() {
    Pointer[] nodes = new Pointer[3];
    try (Frame frame = main.stack().push(ROOT)) {
      try (Frame build = main.stack().push(BUILD)) {
        for (int i = 0; i < 3; i++) {
          try (Frame push = main.stack().push(PUSH)) {
            nodes[i] = main.malloc(16);
            main.writeLong(nodes[i], i);
            main.writePointer(nodes[i].plus(8), i == 0 ? Pointer.NULL : nodes[i - 1]);
          }
        }
      }
      frame.setPointer("head", nodes[2]);
      assertThat(model.heap().leaks().isLeakFree()).isTrue();
      frame.setPointer("head", Pointer.NULL);
      LeakReport report = model.heap().leaks();
      assertThat(kindOf(nodes[2])).isEqualTo(Kind.DEFINITELY_LOST);
      assertThat(kindOf(nodes[1])).isEqualTo(Kind.INDIRECTLY_LOST);
      assertThat(kindOf(nodes[0])).isEqualTo(Kind.INDIRECTLY_LOST);
      assertThat(report.toString()).isEqualTo(
          "16 bytes in 1 block is definitely lost, allocated by main in push_node <- build_list"
              + " <- main\n"
              + "32 bytes in 2 blocks are indirectly lost, allocated by main in push_node <-"
              + " build_list <- main\n"
              + "definitely lost: 16 bytes in 1 block\n"
              + "indirectly lost: 32 bytes in 2 blocks\n"
              + "possibly lost: 0 bytes in 0 blocks\n"
              + "still reachable: 0 bytes in 0 blocks\n");
    }
  }

  @Test
  void ofACycleOfLostBlocksTheLowestIsDefinitelyLost() {
    Pointer a = main.malloc(24);
    Pointer b = main.malloc(24);
    Pointer c = main.malloc(24);
    main.writePointer(a, b);
    main.writePointer(b, c);
    main.writePointer(c, a);
    assertThat(kindOf(a)).isEqualTo(Kind.DEFINITELY_LOST);
    assertThat(kindOf(b)).isEqualTo(Kind.INDIRECTLY_LOST);
    assertThat(kindOf(c)).isEqualTo(Kind.INDIRECTLY_LOST);
    // A lost block above a lower one that it leads to takes over as the leak.
    Pointer d = main.malloc(24);
    Pointer e = main.malloc(24);
    main.writePointer(e, d);
    assertThat(kindOf(e)).isEqualTo(Kind.DEFINITELY_LOST);
    assertThat(kindOf(d)).isEqualTo(Kind.INDIRECTLY_LOST);
  }

  @Test
  void onlyAnInteriorPointerMakesABlockPossiblyLost() {
    try (Frame frame = main.stack().push(ROOT)) {
      Pointer a = main.malloc(32);
      Pointer b = main.malloc(16);
      main.writePointer(a, b);
      frame.setPointer("head", a.plus(8));
      assertThat(kindOf(a)).isEqualTo(Kind.POSSIBLY_LOST);
      // What a possibly lost block leads to is possibly lost too.
      assertThat(kindOf(b)).isEqualTo(Kind.POSSIBLY_LOST);
      frame.setPointer("head", a);
      assertThat(kindOf(a)).isEqualTo(Kind.STILL_REACHABLE);
      assertThat(kindOf(b)).isEqualTo(Kind.STILL_REACHABLE);
    }
  }

  @Test
  void aPointerHiddenInARawWordStillCounts() {
    try (Frame frame = main.stack().push(ROOT)) {
      Pointer a = main.malloc(16);
      Pointer b = main.malloc(16);
      frame.setLong("raw", a.address());
      main.writeLong(a, b.address() ^ 0); // stored as a number, not a pointer
      assertThat(kindOf(a)).isEqualTo(Kind.STILL_REACHABLE);
      assertThat(kindOf(b)).isEqualTo(Kind.STILL_REACHABLE);
      frame.setLong("raw", a.address() ^ 0xff00); // scrambled: no longer a pointer
      assertThat(kindOf(a)).isEqualTo(Kind.DEFINITELY_LOST);
      assertThat(kindOf(b)).isEqualTo(Kind.INDIRECTLY_LOST);
    }
  }

  @Test
  void anotherThreadsStackIsARootAndLookingChangesNothing() {
    ThreadContext worker = model.newThread("worker");
    Pointer a = worker.malloc(40);
    try (Frame frame = worker.stack().push(ROOT)) {
      frame.setPointer("head", a);
      Statistics before = model.statistics();
      String heap = model.heap().describe();
      LeakReport report = model.heap().leaks();
      assertThat(report.groups()).singleElement().satisfies(group -> {
        assertThat(group.kind()).isEqualTo(Kind.STILL_REACHABLE);
        assertThat(group.thread()).isEqualTo("worker");
        assertThat(group.blocks()).extracting(HeapBlock::address).containsExactly(a.address());
      });
      assertThat(model.statistics()).isEqualTo(before);
      assertThat(model.heap().describe()).isEqualTo(heap);
    }
    // The frame is gone: its slot no longer roots the block.
    assertThat(kindOf(a)).isEqualTo(Kind.DEFINITELY_LOST);
  }
}
