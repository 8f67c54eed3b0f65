package io.github.memsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The treap against a {@link TreeMap} and linear scans, over generated operation sequences. */
class FreeBlockTreeTest {
  /** Insert, remove and rekey against a TreeMap; searches against linear scans of it. */
  @Test
  void agreesWithASortedMapAndLinearScans() {
    qt().withExamples(300)
        .forAll(lists().of(longs().all()).ofSizeBetween(1, 500))
        .checkAssert(codes -> {
          FreeBlockTree tree = new FreeBlockTree();
          TreeMap<Long, Long> reference = new TreeMap<>();
          for (long code : codes) {
            long key = Math.floorMod(code, 256L) * 16;
            Long near = reference.floorKey(key + 4);
            if (near != null && near > key - 16 && near != key) {
              key = near;
            }
            long size = 16 + Math.floorMod(code >>> 8, 64L) * 16;
            long query = Math.floorMod(code >>> 16, 1200L);
            long from = Math.floorMod(code >>> 32, 4096L);
            long choice = Math.floorMod(code >>> 48, 4L);
            if (choice == 3 && reference.containsKey(key)) {
              // Move the key a little, but only strictly between its neighbours (rekey's contract).
              long moved = key + (Math.floorMod(code >>> 52, 3L) - 1) * 4;
              Long lower = reference.lowerKey(key);
              Long higher = reference.higherKey(key);
              if ((lower != null && moved <= lower) || (higher != null && moved >= higher)) {
                moved = key;
              }
              assertThat(tree.rekey(key, 0, moved, 0, size)).isTrue();
              reference.remove(key);
              reference.put(moved, size);
            } else if (choice == 3) {
              assertThat(tree.rekey(key, 0, key, 0, size)).isFalse();
            } else if (choice > 0 && !reference.containsKey(key)) {
              tree.insert(key, 0, size);
              reference.put(key, size);
            } else {
              assertThat(tree.remove(key, 0)).isEqualTo(reference.remove(key) != null);
            }
            assertThat(tree.count()).isEqualTo(reference.size());
            long max = reference.values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(tree.maxSize()).isEqualTo(max);
            Long expected = null;
            for (Map.Entry<Long, Long> e : reference.tailMap(from, true).entrySet()) {
              if (e.getValue() >= query) {
                expected = e.getKey();
                break;
              }
            }
            int node = tree.firstFit(from, query);
            assertThat(node == FreeBlockTree.NIL ? null : tree.key(node)).isEqualTo(expected);
            Long ceiling = reference.ceilingKey(from);
            int c = tree.ceiling(from, Long.MIN_VALUE);
            assertThat(c == FreeBlockTree.NIL ? null : tree.key(c)).isEqualTo(ceiling);
            for (Map.Entry<Long, Long> e : reference.entrySet()) {
              assertThat(tree.contains(e.getKey(), 0, e.getValue())).isTrue();
            }
          }
        });
  }

  @Test
  void searchVisitsLogarithmicallyManyNodes() {
    FreeBlockTree tree = new FreeBlockTree();
    int n = 1 << 16;
    for (int i = 0; i < n; i++) {
      tree.insert(i * 64L, 0, 32);
    }
    tree.insert(n * 64L, 0, 4096);
    long before = tree.visits();
    int node = tree.firstFit(Long.MIN_VALUE, 1000);
    assertThat(tree.key(node)).isEqualTo(n * 64L);
    assertThat(tree.visits() - before).as("nodes visited for one search among %d", n)
        .isLessThan(200);
  }
}
