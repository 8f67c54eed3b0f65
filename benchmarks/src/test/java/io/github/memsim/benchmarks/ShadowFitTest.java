package io.github.memsim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shadow is only worth its figures if it places every block where the library's allocator
 * does: driven by the same generated requests and frees, both must return the same address
 * every time, and so must a second shadow that takes the first one's recorded choices instead of
 * an index, over the first one's array with every word changed (a shadow reads only the tags it
 * has written); the recorded index calls must replay on a fresh index, every block they remove
 * found.
 */
class ShadowFitTest {
  private static final BlockLayout LAYOUT = BlockLayout.standard();

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit", "bump"})
  void placesEveryBlockWhereTheAllocatorDoes(String strategy) {
    // Few shrink cycles: a counterexample of hundreds of operations is shown soon, not minimal.
    qt().withExamples(40).withShrinkCycles(20)
        .forAll(lists().of(longs().all()).ofSizeBetween(1, 800))
        .checkAssert(codes -> {
          Allocator allocator = Allocators.byName(strategy)
              .create(new LayerReplay.Region(1L << 32), LAYOUT);
          ShadowFit.Log log = new ShadowFit.Log();
          ShadowFit shadow =
              new ShadowFit(strategy, LAYOUT, LayerReplay.Region.BASE, log, null, null);
          List<Long> addresses = drive(codes, allocator::allocate, allocator::free);
          assertThat(drive(codes, shadow::allocate, shadow::free)).isEqualTo(addresses);
          ShadowFit checking = new ShadowFit(strategy, LAYOUT, LayerReplay.Region.BASE, null,
              null, null).checkTags();
          assertThat(drive(codes, checking::allocate, checking::free)).isEqualTo(addresses);
          // Over the first shadow's used array, with other contents in every word it left.
          long[] dirty = shadow.words();
          for (int i = 0; i < dirty.length; i++) {
            dirty[i] = dirty[i] == 0 ? 0x5A5A_5A50L : dirty[i] ^ 0x30;
          }
          ShadowFit withoutIndex = new ShadowFit(strategy, LAYOUT, LayerReplay.Region.BASE,
              null, log.choices(), dirty);
          assertThat(drive(codes, withoutIndex::allocate, withoutIndex::free))
              .isEqualTo(addresses);
          if (!strategy.equals("bump")) {
            assertThat(log.size()).isPositive();
            ShadowFit.replayIndexLog(log, strategy, LAYOUT.alignment());
          }
        });
  }

  /** A request the shadow cannot make a block for. */
  interface Allocate {
    long allocate(long bytes);
  }

  /** A free. */
  interface Free {
    void free(long payload);
  }

  /**
   * Makes each code a request (sizes mostly small, now and then up to 64 KiB, so that the heap
   * grows) or the free of a live block the code picks; returns the addresses of the requests.
   */
  private static List<Long> drive(List<Long> codes, Allocate allocate, Free free) {
    List<Long> live = new ArrayList<>();
    List<Long> returned = new ArrayList<>();
    for (long code : codes) {
      if (Math.floorMod(code, 10L) < 6 || live.isEmpty()) {
        long size = Math.floorMod(code >>> 40, 20L) == 0 ? Math.floorMod(code >>> 8, 65_536L)
            : Math.floorMod(code >>> 8, 600L);
        long address = allocate.allocate(size);
        live.add(address);
        returned.add(address);
      } else {
        free.free(live.remove((int) Math.floorMod(code >>> 16, (long) live.size())));
      }
    }
    return returned;
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "best-fit"})
  void checkingItsTagsItRefusesAFreeWhoseBlockOrFreeNeighbourHasMismatchedTags(
      String strategy) {
    ShadowFit shadow =
        new ShadowFit(strategy, LAYOUT, LayerReplay.Region.BASE, null, null, null).checkTags();
    long a = shadow.allocate(24);
    long b = shadow.allocate(24);
    long c = shadow.allocate(24);
    shadow.allocate(24);
    long[] words = shadow.words();
    long block = LAYOUT.blockSize(24);
    int bFooter = (int) ((b - 8 + block - 8 - LayerReplay.Region.BASE) >>> 3);
    long saved = words[bFooter];
    words[bFooter] = saved ^ 16;
    assertThatThrownBy(() -> shadow.free(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("allocated block at " + (b - 8) + " has mismatched tags");
    words[bFooter] = saved;
    // c's block freed, its far tag (its footer) is damaged: freeing b, which merges with it,
    // is refused, as is the free of a block whose header says free.
    shadow.free(c);
    int cFooter = bFooter + (int) (block >>> 3);
    words[cFooter] ^= 16;
    assertThatThrownBy(() -> shadow.free(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("free block at " + (c - 8) + " has mismatched tags");
    words[cFooter] ^= 16;
    shadow.free(b);
    assertThatThrownBy(() -> shadow.free(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("allocated block at " + (b - 8) + " has mismatched tags");
    shadow.free(a);
  }

  @Test
  void refusesWhatItDoesNotShadow() {
    assertThatThrownBy(() -> new ShadowFit("segregated", LAYOUT, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no shadow of segregated");
    assertThatThrownBy(
        () -> new ShadowFit("first-fit", BlockLayout.textbook(), 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the shadow keeps 8-byte tags");
  }
}
