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
  @Test
  void agreesWithASortedMapAndLinearScans() {
    qt().withExamples(300)
        .forAll(lists().of(longs().all()).ofSizeBetween(1, 500))
        .checkAssert(codes -> {
          FreeBlockTree tree = new FreeBlockTree();
          TreeMap<Long, Long> reference = new TreeMap<>();
          for (long code : codes) {
            long key = Math.floorMod(code, 256L) * 16;
            long size = 16 + Math.floorMod(code >>> 8, 64L) * 16;
            long query = Math.floorMod(code >>> 16, 1200L);
            long from = Math.floorMod(code >>> 32, 4096L);
            if (Math.floorMod(code >>> 48, 3L) > 0 && !reference.containsKey(key)) {
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
