package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CS:APP textbook layout, figure by figure. The heap starts at 0x10000 with a 4-byte padding
 * word, an 8-byte prologue and a 4-byte epilogue (16 bytes), then grows by 4096 bytes, so the
 * first block's header is at 0x1000c and its payload at 0x10010.
 */
class TextbookLayoutTest {
  private final MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit())
      .layout(BlockLayout.textbook()).heapLimit(1 << 20).build();
  private final ThreadContext main = model.mainThread();

  private List<long[]> blocks() {
    List<long[]> blocks = new ArrayList<>();
    for (HeapMap.Entry entry : model.heap().map().entries()) {
      if (entry.state() != HeapMap.State.BOOKKEEPING) {
        blocks.add(new long[] {entry.address(), entry.size(),
            entry.state() == HeapMap.State.ALLOCATED ? 1 : 0});
      }
    }
    return blocks;
  }

  @Test
  void layoutFigures() {
    BlockLayout textbook = BlockLayout.textbook();
    assertThat(textbook.headerBytes()).isEqualTo(4);
    assertThat(textbook.footerBytes()).isEqualTo(4);
    assertThat(textbook.alignment()).isEqualTo(8);
    assertThat(textbook.minimumBlock()).isEqualTo(16);
    assertThat(textbook.initialBytes()).isEqualTo(16);
    assertThat(textbook.growthChunk()).isEqualTo(4096);
    // A block is the request plus 8 bytes rounded up to 8, at least 16.
    assertThat(textbook.blockSize(0)).isEqualTo(16);
    assertThat(textbook.blockSize(8)).isEqualTo(16);
    assertThat(textbook.blockSize(9)).isEqualTo(24);
    assertThat(textbook.blockSize(100)).isEqualTo(112);
    assertThat(textbook.blockSize(4088)).isEqualTo(4096);
  }

  @Test
  void aFreshHeapIsSixteenBytesAndOneChunk() {
    assertThat(model.heap().size()).isEqualTo(16 + 4096);
    assertThat(blocks()).containsExactly(new long[] {0x1000c, 4096, 0});
    // The tags are real bytes: padding 0, prologue 8|1 twice, then the free block's header.
    assertThat(main.readInt(Pointer.raw(0x10000))).isZero();
    assertThat(main.readInt(Pointer.raw(0x10004))).isEqualTo(9);
    assertThat(main.readInt(Pointer.raw(0x10008))).isEqualTo(9);
    assertThat(main.readInt(Pointer.raw(0x1000c))).isEqualTo(4096);
    assertThat(main.readInt(Pointer.raw(0x1000c + 4096 - 4))).isEqualTo(4096);
    assertThat(main.readInt(Pointer.raw(0x1000c + 4096))).as("epilogue").isEqualTo(1);
  }

  @Test
  void blocksAreCarvedFromTheFrontAndSplit() {
    assertThat(main.malloc(1).address()).isEqualTo(0x10010);
    assertThat(main.malloc(8).address()).isEqualTo(0x10020);
    assertThat(main.malloc(9).address()).isEqualTo(0x10030);
    assertThat(blocks()).containsExactly(new long[] {0x1000c, 16, 1}, new long[] {0x1001c, 16, 1},
        new long[] {0x1002c, 24, 1}, new long[] {0x10044, 4096 - 56, 0});
  }

  @Test
  void aRemainderBelowSixteenBytesIsNotSplitOff() {
    Pointer a = main.malloc(32);
    main.malloc(8);
    main.free(a);
    Pointer b = main.malloc(24);
    assertThat(b.address()).isEqualTo(a.address());
    assertThat(model.heap().usableSize(b)).as("40-byte block kept whole").isEqualTo(32);
    main.free(b);
    Pointer c = main.malloc(16);
    assertThat(model.heap().usableSize(c)).as("24-byte block split off 16").isEqualTo(16);
    assertThat(blocks().get(1)).containsExactly(0x1000c + 24, 16, 0);
  }

  @Test
  void growthIsMaxOfBlockAndChunkAndCoalescesWithTheLastFreeBlock() {
    Pointer big = main.malloc(5000);
    assertThat(model.heap().size()).isEqualTo(16 + 4096 + 5008);
    assertThat(big.address()).as("placed in the old free block merged with the new space")
        .isEqualTo(0x10010);
    assertThat(blocks()).containsExactly(new long[] {0x1000c, 5008, 1},
        new long[] {0x1000c + 5008, 4096, 0});
  }

  @Test
  void growthByAChunkWhenTheLastBlockIsAllocated() {
    main.malloc(4088);
    assertThat(model.heap().size()).isEqualTo(4112);
    assertThat(model.statistics().utilization()).isEqualTo(4088.0 / 4112);
    Pointer next = main.malloc(1);
    assertThat(model.heap().size()).isEqualTo(4112 + 4096);
    assertThat(next.address()).isEqualTo(0x1000c + 4096 + 4);
  }

  @Test
  void freeCoalescesWithBothNeighboursAtOnce() {
    Pointer a = main.malloc(16);
    Pointer b = main.malloc(16);
    Pointer c = main.malloc(16);
    main.malloc(16);
    main.free(a);
    main.free(c);
    assertThat(model.statistics().freeBlocks()).isEqualTo(3);
    main.free(b);
    assertThat(model.statistics().freeBlocks()).isEqualTo(2);
    assertThat(blocks().get(0)).containsExactly(0x1000c, 72, 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "bump"})
  void theHeapMayGrowOnlyAsFarAsTheTagsCanDescribe(String allocator) {
    BlockLayout textbook = BlockLayout.textbook();
    long max = textbook.maximumHeapLimit();
    assertThat(max).isEqualTo(16 + 0xFFFF_FFF8L);
    Assertions.assertThatThrownBy(() -> MemoryModel.builder()
            .allocator(allocator).layout(textbook).heapLimit(max + 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a heap limit of 4294967305 bytes is more than layout textbook can describe:"
            + " its 4-byte tags hold blocks of at most 4294967288 bytes, so its heap may grow to"
            + " at most 4294967304 bytes");
    // At the edge, two blocks of about 2 GiB fill the heap; freed (or reset), they make one
    // free block whose size still fits its tags.
    MemoryModel edge = MemoryModel.builder().allocator(allocator).layout(textbook)
        .heapLimit(max).build();
    ThreadContext thread = edge.mainThread();
    Pointer a = thread.malloc(1L << 31);
    Pointer b = thread.malloc((1L << 31) - 64);
    assertThat(edge.heap().size()).isLessThanOrEqualTo(max).isGreaterThan((1L << 32) - 64);
    thread.free(a);
    thread.free(b);
    edge.heap().reset();
    HeapAssert.assertThat(edge.heap()).isConsistent();
    assertThat(edge.statistics().largestFreeBlock())
        .isEqualTo(edge.heap().size() - textbook.initialBytes());
  }
}
