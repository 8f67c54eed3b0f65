package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import org.junit.jupiter.api.Test;

/**
 * Utilization on small traces with the textbook layout, derived by hand from the CS:APP
 * implicit-list rules: a 16-byte initial heap plus a 4096-byte free block at 0x1000c; a block is
 * the request plus 8 rounded up to 8 (at least 16); split when 16 bytes or more remain; grow by
 * max(block, 4096) when nothing fits; realloc allocates before it frees.
 */
class TextbookFidelityTest {
  private static double utilization(String text, AllocatorProvider allocator) throws Exception {
    Trace trace = TraceFormat.parse("hand", text);
    return Replayer.builder().allocator(allocator).layout(BlockLayout.textbook()).build()
        .replay(trace).utilization();
  }

  /**
   * Blocks of 48, 16, 32, 16 and 3984 bytes fill the first chunk (the last request, 3968 bytes,
   * needs 3976 and the 8-byte remainder is not split off). Freeing 0 and 2 leaves holes of 48 and
   * 32 bytes. A 24-byte request (a 32-byte block) goes into the 48-byte hole for first-fit and
   * next-fit (whose rover sits at the last block and wraps around), leaving a 16-byte free
   * remainder, but into the 32-byte hole for best-fit. Then a 40-byte request (48) fits nothing
   * for first-fit and next-fit, so the heap grows by 4096 to 8208 bytes, while best-fit still has
   * its 48-byte hole. Peak live payload: 40 + 8 + 24 + 8 + 3968 = 4048 bytes.
   */
  private static final String HOLES = String.join("\n", "4112", "7", "14", "1",
      "a 0 40", "a 1 8", "a 2 24", "a 3 8", "a 4 3968", "f 0", "f 2", "a 5 24", "a 6 40",
      "f 1", "f 3", "f 4", "f 5", "f 6", "");

  /**
   * Blocks of 48, 16, 48, 16 and 3968 bytes fill the first chunk exactly. Free 2 and take its
   * hole again with 5 (every policy agrees); the next-fit rover is now at that second slot. Free
   * 0 (a hole at the front) and 4 (3968 bytes at the end). A 40-byte request (48) goes into the
   * front hole for first-fit and best-fit, but next-fit, searching from its rover, splits the
   * block at the end into 48 and 3920. The last request, 3960 bytes (3968), then fits the block
   * at the end exactly for first-fit and best-fit; next-fit has 48 + 3920 in two places and must
   * grow: the heap goes to 8208 bytes. Peak live: 40 + 8 + 40 + 8 + 3960 = 4056 bytes.
   */
  private static final String ROVER = String.join("\n", "4112", "8", "16", "1",
      "a 0 40", "a 1 8", "a 2 40", "a 3 8", "a 4 3960", "f 2", "a 5 40", "f 0", "f 4", "a 6 40",
      "a 7 3960", "f 1", "f 3", "f 5", "f 6", "f 7", "");

  @Test
  void holesTrace() throws Exception {
    assertThat(utilization(HOLES, Allocators.firstFit())).isCloseTo(4048.0 / 8208, within(1e-12));
    assertThat(utilization(HOLES, Allocators.nextFit())).isCloseTo(4048.0 / 8208, within(1e-12));
    assertThat(utilization(HOLES, Allocators.bestFit())).isCloseTo(4048.0 / 4112, within(1e-12));
  }

  @Test
  void roverTrace() throws Exception {
    assertThat(utilization(ROVER, Allocators.firstFit())).isCloseTo(4056.0 / 4112, within(1e-12));
    assertThat(utilization(ROVER, Allocators.bestFit())).isCloseTo(4056.0 / 4112, within(1e-12));
    assertThat(utilization(ROVER, Allocators.nextFit())).isCloseTo(4056.0 / 8208, within(1e-12));
  }

  /**
   * Realloc allocates the new block before freeing the old one. Block 0 (100 bytes, a 112-byte
   * block) sits before block 1 (8 bytes, 16). Growing block 0 to 200 bytes (208) takes fresh
   * space after block 1 (the old block is still live during the search), then frees the old 112
   * bytes; a later 100-byte request reuses them. Peak live: 200 + 8 + 100 = 308 bytes in a heap
   * that never grew: 308 / 4112.
   */
  @Test
  void reallocAllocatesBeforeItFrees() throws Exception {
    String text = String.join("\n", "4112", "3", "7", "1", "a 0 100", "a 1 8", "r 0 200",
        "a 2 100", "f 0", "f 1", "f 2", "");
    Trace trace = TraceFormat.parse("realloc", text);
    ReplayResult result = Replayer.builder().layout(BlockLayout.textbook()).build().replay(trace);
    assertThat(result.peakLiveBytes()).isEqualTo(308);
    assertThat(result.heapBytes()).isEqualTo(4112);
    assertThat(result.utilization()).isCloseTo(308.0 / 4112, within(1e-12));
  }
}
