package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.Allocators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Next-fit's rover, rule by rule. The heap is laid out as holes and spacers filling the first
 * chunk exactly, so the only free blocks are the holes:
 * {@code a(64) s1(16) b(64) s2(16) c(64) s3(16) fill}, each request a 64-byte payload (an 80-byte
 * block) or a 16-byte one (a 32-byte block).
 */
class NextFitRoverTest {
  private MemoryModel model;
  private ThreadContext main;
  private Pointer a;
  private Pointer s1;
  private Pointer b;
  private Pointer c;

  @BeforeEach
  void layOut() {
    model = MemoryModel.builder().allocator(Allocators.nextFit()).build();
    main = model.mainThread();
    a = main.malloc(64);
    s1 = main.malloc(16);
    b = main.malloc(64);
    main.malloc(16);
    c = main.malloc(64);
    main.malloc(16);
    long used = 3 * 80 + 3 * 32;
    main.malloc(4096 - used - 16);
    assertThat(model.statistics().freeBlocks()).isZero();
  }

  @Test
  void searchStartsAtTheRoverNotAtTheLowestAddress() {
    // Free s1 and take it again: the rover now sits between a and b.
    main.free(s1);
    Pointer again = main.malloc(16);
    assertThat(again.address()).isEqualTo(s1.address());
    main.free(a);
    main.free(b);
    assertThat(main.malloc(64).address()).as("first fit after the rover: b, not a")
        .isEqualTo(b.address());
  }

  @Test
  void searchWrapsAroundWhenNothingAfterTheRoverFits() {
    main.free(a);
    // The rover is at the fill block, the last one chosen; nothing fits after it.
    assertThat(main.malloc(64).address()).isEqualTo(a.address());
  }

  @Test
  void roverDoesNotMoveWhenTheHeapGrows() {
    main.free(s1);
    main.malloc(16);
    main.free(a);
    main.free(c);
    main.malloc(10_000);
    assertThat(main.malloc(64).address()).as("still searching from s1: c comes first")
        .isEqualTo(c.address());
  }

  @Test
  void roverMovesToTheStartOfACoalescedBlockThatSwallowsIt() {
    main.free(s1);
    Pointer spacer = main.malloc(16);
    main.free(b);
    Pointer again = main.malloc(64);
    assertThat(again.address()).as("first fit after the rover at s1").isEqualTo(b.address());
    // The rover is at b. Free c (a hole after it), then b, a and the spacer between them:
    // a, s1 and b merge into one block that starts at a and swallows the rover.
    main.free(c);
    main.free(again);
    main.free(a);
    main.free(spacer);
    assertThat(main.malloc(64).address())
        .as("the rover moved to a; had it stayed at b, the search would find c first")
        .isEqualTo(a.address());
  }

}
