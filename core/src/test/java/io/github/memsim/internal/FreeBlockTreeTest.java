package io.github.memsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.internal.FreeBlockTree.Order;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The B+tree against a {@link TreeMap} (or {@link TreeSet}) and linear scans, over generated
 * operation sequences long enough to split, merge and re-share nodes on several levels; its
 * structure (order, exact separators and maxima, fill, leaf chain) is checked after every step.
 */
class FreeBlockTreeTest {
  /** By address: insert, remove and rekey against a TreeMap; searches against linear scans. */
  @Test
  void byAddressAgreesWithASortedMapAndLinearScans() {
    qt().withExamples(60)
        .forAll(integers().between(16, 4096), lists().of(longs().all()).ofSizeBetween(1, 3000))
        .checkAssert((keySpace, codes) -> {
          FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
          TreeMap<Long, Long> reference = new TreeMap<>();
          TreeMap<Long, Integer> sizes = new TreeMap<>();
          int step = 0;
          for (long code : codes) {
            step++;
            long key = Math.floorMod(code, (long) keySpace) * 16;
            long size = 16 + Math.floorMod(code >>> 12, 64L) * 16;
            long query = Math.floorMod(code >>> 20, 1100L);
            long from = Math.floorMod(code >>> 32, keySpace * 16L);
            // Grow for the first two thirds of the sequence, then mostly shrink.
            long choice = Math.floorMod(code >>> 48, 10L);
            boolean growing = step < codes.size() * 2 / 3;
            if (choice >= 8) {
              Long old = reference.get(key);
              if (old == null) {
                assertThat(tree.rekey(key, size, key, size)).isFalse();
              } else {
                // Move the key a little, strictly between its neighbours (rekey's contract).
                long moved = key + (Math.floorMod(code >>> 52, 3L) - 1) * 4;
                Long lower = reference.lowerKey(key);
                Long higher = reference.higherKey(key);
                if ((lower != null && moved <= lower) || (higher != null && moved >= higher)) {
                  moved = key;
                }
                assertThat(tree.rekey(key, old + 16, moved, size)).as("wrong size").isFalse();
                assertThat(tree.rekey(key, old, moved, size)).isTrue();
                reference.remove(key);
                remove(sizes, old);
                reference.put(moved, size);
                sizes.merge(size, 1, Integer::sum);
              }
            } else if ((growing ? choice < 6 : choice < 3) && !reference.containsKey(key)) {
              tree.insert(key, size);
              reference.put(key, size);
              sizes.merge(size, 1, Integer::sum);
            } else {
              Long old = reference.remove(key);
              boolean removed = tree.remove(key, old == null ? size : old);
              assertThat(removed).isEqualTo(old != null);
              if (old != null) {
                remove(sizes, old);
              }
            }
            tree.checkStructure();
            assertThat(tree.count()).isEqualTo(reference.size());
            assertThat(tree.maxSize()).isEqualTo(sizes.isEmpty() ? 0 : sizes.lastKey());
            Long expected = null;
            for (Map.Entry<Long, Long> e : reference.tailMap(from, true).entrySet()) {
              if (e.getValue() >= query) {
                expected = e.getKey();
                break;
              }
            }
            int found = tree.firstFit(from, query);
            assertThat(found == FreeBlockTree.NIL ? null : tree.key(found)).isEqualTo(expected);
            if (found != FreeBlockTree.NIL) {
              assertThat(tree.rankOfLastFit()).as("rank of the fit at %s", expected)
                  .isEqualTo(reference.headMap(expected, false).size());
              assertThat(tree.value(found)).isEqualTo(reference.get(expected));
            }
            Long ceiling = reference.ceilingKey(from);
            int c = tree.ceiling(from, Long.MIN_VALUE);
            assertThat(c == FreeBlockTree.NIL ? null : tree.key(c)).isEqualTo(ceiling);
            assertThat(tree.contains(key, size)).isEqualTo(Long.valueOf(size)
                .equals(reference.get(key)));
          }
          for (Map.Entry<Long, Long> e : reference.entrySet()) {
            assertThat(tree.contains(e.getKey(), e.getValue())).isTrue();
          }
        });
  }

  /**
   * The allocator's split, over and over on the largest block: first-fit finds it, and the
   * remainder replaces it in place, smaller. With every size distinct, the largest block is the
   * only one of its size in each subtree above it, so every split changes the maxima on the
   * whole way up; the tree has three levels, and its maxima must stay exact at each.
   */
  @Test
  void maximaStayExactAsTheLargestBlockIsSplitAgainAndAgain() {
    FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
    TreeMap<Long, Long> reference = new TreeMap<>();
    int blocks = 3000;
    for (int i = 0; i < blocks; i++) {
      long size = 16L * (1 + (i * 7919L) % blocks);
      tree.insert((long) i << 20, size);
      reference.put((long) i << 20, size);
    }
    tree.checkStructure();
    for (int split = 0; split < 2000; split++) {
      long largest = tree.maxSize();
      int found = tree.firstFit(Long.MIN_VALUE, largest);
      long key = tree.key(found);
      assertThat(tree.value(found)).isEqualTo(largest).isEqualTo(reference.get(key));
      // Take a slice off the front, as the allocator does: the rest sorts where it did.
      long taken = 16L * (1 + split % 7);
      tree.rekeyFound(found, key + taken, largest - taken);
      reference.remove(key);
      reference.put(key + taken, largest - taken);
      tree.checkStructure();
      assertThat(tree.maxSize())
          .isEqualTo(reference.values().stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  /** By size: pairs (size, address) against a TreeSet; best and worst fits against it. */
  @Test
  void bySizeAgreesWithASortedSet() {
    Comparator<long[]> order = Comparator.<long[]>comparingLong(p -> p[0])
        .thenComparingLong(p -> p[1]);
    qt().withExamples(60)
        .forAll(integers().between(4, 2048), lists().of(longs().all()).ofSizeBetween(1, 3000))
        .checkAssert((addressSpace, codes) -> {
          FreeBlockTree tree = new FreeBlockTree(Order.BY_SIZE);
          TreeSet<long[]> reference = new TreeSet<>(order);
          int step = 0;
          for (long code : codes) {
            step++;
            long address = Math.floorMod(code, (long) addressSpace) * 16;
            long size = 16 + Math.floorMod(code >>> 12, 32L) * 16;
            long need = Math.floorMod(code >>> 20, 600L);
            long choice = Math.floorMod(code >>> 48, 10L);
            boolean growing = step < codes.size() * 2 / 3;
            long[] pair = {size, address};
            if ((growing ? choice < 7 : choice < 4) && !reference.contains(pair)) {
              tree.insert(size, address);
              reference.add(pair);
            } else {
              assertThat(tree.remove(size, address)).isEqualTo(reference.remove(pair));
            }
            tree.checkStructure();
            assertThat(tree.count()).isEqualTo(reference.size());
            assertThat(tree.maxSize()).isEqualTo(reference.isEmpty() ? 0 : reference.last()[0]);
            long[] best = reference.ceiling(new long[] {need, Long.MIN_VALUE});
            int found = tree.ceiling(need, Long.MIN_VALUE);
            if (best == null) {
              assertThat(found).isEqualTo(FreeBlockTree.NIL);
            } else {
              assertThat(new long[] {tree.key(found), tree.value(found)}).containsExactly(best);
            }
            assertThat(tree.contains(size, address)).isEqualTo(reference.contains(pair));
          }
        });
  }

  @Test
  void refusesAnAddressThatIsThereAlready() {
    FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
    tree.insert(64, 32);
    assertThatThrownBy(() -> tree.insert(64, 48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry (64, 48) is already there");
    assertThat(tree.count()).isEqualTo(1);
    assertThat(tree.contains(64, 32)).isTrue();
  }

  @Test
  void searchVisitsLogarithmicallyManyNodes() {
    FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
    int n = 1 << 16;
    for (int i = 0; i < n; i++) {
      tree.insert(i * 64L, 32);
    }
    tree.insert(n * 64L, 4096);
    tree.checkStructure();
    long before = tree.visits();
    int node = tree.firstFit(Long.MIN_VALUE, 1000);
    assertThat(tree.key(node)).isEqualTo(n * 64L);
    assertThat(tree.visits() - before).as("nodes visited for one search among %d", n)
        .isLessThanOrEqualTo(5);
  }

  /** Fills four levels, then empties the tree in a shuffled order, checking as it shrinks. */
  @Test
  void growsToFourLevelsAndShrinksBackToALeaf() {
    FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
    int n = 100_000;
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(i * 32L);
    }
    Collections.shuffle(keys, new Random(7));
    for (long key : keys) {
      tree.insert(key, 16 + key % 112);
    }
    tree.checkStructure();
    long visits = tree.visits();
    tree.ceiling(0, Long.MIN_VALUE);
    assertThat(tree.visits() - visits).as("levels of a tree of %d", n).isEqualTo(4);
    Collections.shuffle(keys, new Random(8));
    for (int i = 0; i < n; i++) {
      long key = keys.get(i);
      assertThat(tree.remove(key, 16 + key % 112)).isTrue();
      if (i % 997 == 0) {
        tree.checkStructure();
      }
    }
    tree.checkStructure();
    assertThat(tree.count()).isZero();
    visits = tree.visits();
    tree.ceiling(0, Long.MIN_VALUE);
    assertThat(tree.visits() - visits).isEqualTo(1);
  }

  /**
   * Entries inserted in random order fill leaves to at most about ln 2 (69%) when a full leaf
   * always splits, less with removals mixed in; sharing with a sibling first keeps them over 75%
   * here. Both orders.
   */
  @Test
  void fullLeavesShareWithASiblingBeforeTheySplit() {
    for (Order order : Order.values()) {
      FreeBlockTree tree = new FreeBlockTree(order);
      Random random = new Random(11);
      List<long[]> entries = new ArrayList<>();
      for (int i = 0; i < 60_000; i++) {
        if (i % 3 == 2) {
          long[] gone = entries.remove(random.nextInt(entries.size()));
          assertThat(tree.remove(gone[0], gone[1])).isTrue();
        } else {
          long address = random.nextLong(1L << 40) * 16;
          long size = 32 + random.nextInt(4096) * 16L;
          long[] entry = order == Order.BY_ADDRESS ? new long[] {address, size}
              : new long[] {size, address};
          tree.insert(entry[0], entry[1]);
          entries.add(entry);
        }
      }
      tree.checkStructure();
      double fill = (double) tree.count() / (tree.leaves() * FreeBlockTree.CAPACITY);
      assertThat(fill).as("leaf fill by %s", order).isGreaterThan(0.75);
    }
  }

  @Test
  void clearEmptiesTheTreeAndItCanBeFilledAgain() {
    FreeBlockTree tree = new FreeBlockTree(Order.BY_ADDRESS);
    for (int i = 0; i < 5000; i++) {
      tree.insert(i * 32L, 16 + i % 7 * 16);
    }
    tree.clear();
    tree.checkStructure();
    assertThat(tree.count()).isZero();
    assertThat(tree.maxSize()).isZero();
    assertThat(tree.firstFit(Long.MIN_VALUE, 0)).isEqualTo(FreeBlockTree.NIL);
    tree.insert(96, 48);
    assertThat(tree.key(tree.firstFit(Long.MIN_VALUE, 40))).isEqualTo(96);
  }

  private static void remove(TreeMap<Long, Integer> multiset, long size) {
    multiset.computeIfPresent(size, (k, n) -> n == 1 ? null : n - 1);
  }
}
