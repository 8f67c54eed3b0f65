package io.github.memsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Comparator;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The size-binned index against a {@link TreeSet} of (size, address) pairs, the order of the one
 * tree it replaces: best-fit is the set's ceiling, worst-fit its last pair with the lowest
 * address of the largest size. Sizes span the bins and the large tree, so blocks cross between
 * them; the structure is checked after every step, and a copy taken midway is restored at the
 * end.
 */
class SizeBinnedIndexTest {
  private static final Comparator<long[]> ORDER =
      Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]);

  @Test
  void agreesWithASortedSetOfSizeAndAddress() {
    qt().withExamples(60)
        .forAll(integers().between(0, 1), integers().between(4, 3000),
            lists().of(longs().all()).ofSizeBetween(1, 3000))
        .checkAssert((layout, addressSpace, codes) -> {
          int granule = layout == 0 ? 8 : 16;
          long binnedBelow = (long) SizeBinnedIndex.BINS * granule;
          SizeBinnedIndex index = new SizeBinnedIndex(granule);
          TreeSet<long[]> reference = new TreeSet<>(ORDER);
          SizeBinnedIndex.Saved saved = null;
          TreeSet<long[]> atSave = null;
          int step = 0;
          for (long code : codes) {
            step++;
            long address = Math.floorMod(code, (long) addressSpace) * granule;
            // A few sizes, so that bins hold several blocks, either side of the large tree.
            long granules = Math.floorMod(code >>> 12, 48L);
            long size = (granules < 40 ? 1 + granules : SizeBinnedIndex.BINS - 44 + granules)
                * granule;
            long need = Math.floorMod(code >>> 20, binnedBelow + 8 * granule) - granule;
            long choice = Math.floorMod(code >>> 48, 10L);
            boolean growing = step < codes.size() * 2 / 3;
            long[] pair = {size, address};
            if ((growing ? choice < 7 : choice < 4) && !reference.contains(pair)) {
              index.insert(size, address);
              reference.add(pair);
            } else {
              assertThat(index.remove(size, address)).isEqualTo(reference.remove(pair));
            }
            if (step == codes.size() / 2) {
              saved = index.save();
              atSave = new TreeSet<>(reference);
            }
            index.checkStructure();
            assertAgrees(index, reference, need, size, address);
          }
          if (saved != null) {
            index.restore(saved);
            index.checkStructure();
            assertAgrees(index, atSave, 0, granule, 0);
            for (long[] pair : atSave) {
              assertThat(index.contains(pair[0], pair[1])).isTrue();
            }
          }
        });
  }

  private static void assertAgrees(SizeBinnedIndex index, TreeSet<long[]> reference, long need,
      long size, long address) {
    assertThat(index.count()).isEqualTo(reference.size());
    long largest = reference.isEmpty() ? 0 : reference.last()[0];
    assertThat(index.maxSize()).isEqualTo(largest);
    long[] best = reference.ceiling(new long[] {need, Long.MIN_VALUE});
    assertThat(index.bestFit(need)).as("best fit for %d", need)
        .isEqualTo(best == null ? SizeBinnedIndex.NONE : best[1]);
    long[] worst = reference.ceiling(new long[] {largest, Long.MIN_VALUE});
    assertThat(index.worstFit(need)).as("worst fit for %d", need)
        .isEqualTo(worst == null || largest < need ? SizeBinnedIndex.NONE : worst[1]);
    assertThat(index.contains(size, address))
        .isEqualTo(reference.contains(new long[] {size, address}));
  }

  @Test
  void aBestFitAmongManySmallBlocksReadsTheBitmapAndOneShallowBin() {
    SizeBinnedIndex index = new SizeBinnedIndex(16);
    FreeBlockTree oneTree = new FreeBlockTree(FreeBlockTree.Order.BY_SIZE);
    // 60,000 blocks over 200 sizes, 300 each.
    for (int i = 0; i < 60_000; i++) {
      index.insert(32 + (i % 200) * 16L, (1L << 30) + i * 4096L);
      oneTree.insert(32 + (i % 200) * 16L, (1L << 30) + i * 4096L);
    }
    index.insert(1L << 20, 16);
    long before = index.visits();
    assertThat(index.bestFit(33)).isEqualTo((1L << 30) + 4096);
    long binned = index.visits() - before;
    assertThat(binned).as("the bitmap and the nodes of one bin").isBetween(2L, 3L);
    before = oneTree.visits();
    oneTree.ceiling(33, Long.MIN_VALUE);
    assertThat(oneTree.visits() - before).as("nodes of one tree of them all")
        .isGreaterThan(binned);
    before = index.visits();
    assertThat(index.bestFit(32 + 200 * 16)).as("larger than every binned block").isEqualTo(16);
    assertThat(index.visits() - before).as("the bitmap, then the large tree's one leaf")
        .isEqualTo(2);
    assertThat(index.worstFit(1)).isEqualTo(16);
    assertThat(index.maxSize()).isEqualTo(1L << 20);
    index.checkStructure();
  }

  @Test
  void aBlockExactlyAsLargeAsNeededFitsInABinAndInTheLargeTree() {
    SizeBinnedIndex index = new SizeBinnedIndex(16);
    index.insert(48, 4096);
    index.insert(48, 1024);
    index.insert(32, 512);
    assertThat(index.worstFit(48)).isEqualTo(1024);
    assertThat(index.worstFit(49)).isEqualTo(SizeBinnedIndex.NONE);
    assertThat(index.bestFit(48)).isEqualTo(1024);
    assertThat(index.bestFit(33)).isEqualTo(1024);
    assertThat(index.bestFit(32)).isEqualTo(512);
    long large = SizeBinnedIndex.BINS * 16L;
    index.insert(large, 8192);
    index.insert(large, 2048);
    assertThat(index.worstFit(large)).isEqualTo(2048);
    assertThat(index.worstFit(large + 1)).isEqualTo(SizeBinnedIndex.NONE);
    assertThat(index.bestFit(large)).isEqualTo(2048);
    assertThat(index.bestFit(49)).isEqualTo(2048);
    index.checkStructure();
  }

  @Test
  void refusesASizeThatIsNotAMultipleOfTheGranuleAndChangesNothing() {
    SizeBinnedIndex index = new SizeBinnedIndex(16);
    index.insert(32, 64);
    assertThatThrownBy(() -> index.insert(40, 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size 40 is not a positive multiple of 16");
    assertThatThrownBy(() -> index.insert(0, 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size 0 is not a positive multiple of 16");
    assertThatThrownBy(() -> index.insert(32, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry (32, 64) is already there");
    assertThat(index.count()).isEqualTo(1);
    assertThat(index.bestFit(1)).isEqualTo(64);
    index.checkStructure();
    assertThatThrownBy(() -> new SizeBinnedIndex(24))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("granule must be a positive power of two but was 24");
  }

  @Test
  void clearEmptiesEveryBinAndTheIndexFillsAgain() {
    SizeBinnedIndex index = new SizeBinnedIndex(8);
    for (int i = 0; i < 5_000; i++) {
      index.insert(16 + (i % 700) * 8L, i * 64L);
    }
    index.clear();
    index.checkStructure();
    assertThat(index.count()).isZero();
    assertThat(index.maxSize()).isZero();
    assertThat(index.bestFit(16)).isEqualTo(SizeBinnedIndex.NONE);
    assertThat(index.worstFit(16)).isEqualTo(SizeBinnedIndex.NONE);
    index.insert(24, 8);
    assertThat(index.bestFit(16)).isEqualTo(8);
    index.checkStructure();
  }
}
