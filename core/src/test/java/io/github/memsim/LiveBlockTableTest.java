package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live-block table against a {@link HashMap}, over generated sequences that grow it through
 * several capacities (none a power of two past the first) and shrink it again, so probe runs
 * wrap around the end and backward-shift deletion moves entries across it.
 */
class LiveBlockTableTest {
  @Test
  void agreesWithAHashMap() {
    qt().withExamples(200)
        .forAll(integers().between(1, 5000), lists().of(integers().all()).ofSizeBetween(1, 4000))
        .checkAssert((addressSpace, codes) -> {
          LiveBlockTable table = new LiveBlockTable();
          Map<Long, Block> reference = new HashMap<>();
          int step = 0;
          long id = 1;
          for (int code : codes) {
            step++;
            long address = AddressSpace.HEAP_BASE + 16L * Math.floorMod(code, addressSpace);
            boolean growing = step < codes.size() / 2;
            Block present = reference.get(address);
            if (present == null && (growing || Math.floorMod(code >>> 16, 4) == 0)) {
              Block block = new Block(id++, address, 8, 0, step, null);
              table.add(block);
              reference.put(address, block);
            } else if (present != null) {
              table.remove(present);
              reference.remove(address);
            }
            assertThat(table.size()).isEqualTo(reference.size());
            assertThat(table.get(address)).isSameAs(reference.get(address));
            long other = AddressSpace.HEAP_BASE + 16L * Math.floorMod(code >>> 8, addressSpace);
            assertThat(table.get(other)).isSameAs(reference.get(other));
          }
          for (Block block : reference.values()) {
            assertThat(table.get(block.address())).isSameAs(block);
          }
          assertThat(table.sortedByAddress()).containsExactlyInAnyOrderElementsOf(
              reference.values());
        });
  }
}
