package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The live-block table against a {@link HashMap}, over generated sequences that grow it through
 * several capacities (none a power of two past the first) and shrink it again, and that churn
 * it at a steady size, so that buckets overflow, overflow wraps around the end, and lookups must
 * stop at the right bucket after the blocks that overflowed have gone.
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
            if (step % 64 == 0) {
              assertThat(table.booksAreExact()).isTrue();
            }
          }
          assertThat(table.booksAreExact()).isTrue();
          for (Block block : reference.values()) {
            assertThat(table.get(block.address())).isSameAs(block);
          }
          assertThat(table.sortedByAddress()).containsExactlyInAnyOrderElementsOf(
              reference.values());
        });
  }

  @Test
  void churnAtASteadySizeKeepsEveryBlockFoundAndTheTableSmall() {
    qt().withExamples(100)
        .forAll(integers().between(1, 3000), integers().between(0, 20000), longs().all())
        .checkAssert((live, churn, seed) -> {
          SplittableRandom random = new SplittableRandom(seed);
          LiveBlockTable table = new LiveBlockTable();
          Map<Long, Block> reference = new HashMap<>();
          List<Block> blocks = new ArrayList<>();
          long id = 1;
          for (int step = 0; step < live + churn; step++) {
            if (step >= live) {
              Block gone = blocks.remove(random.nextInt(blocks.size()));
              table.remove(gone);
              reference.remove(gone.address());
              assertThat(table.get(gone.address())).isNull();
            }
            long address;
            do {
              address = AddressSpace.HEAP_BASE + 16L * random.nextInt(1 << 24);
            } while (reference.containsKey(address));
            Block block = new Block(id++, address, 8, 0, step, null);
            table.add(block);
            reference.put(address, block);
            blocks.add(block);
          }
          assertThat(table.size()).isEqualTo(live);
          assertThat(table.booksAreExact()).isTrue();
          for (Block block : blocks) {
            assertThat(table.get(block.address())).isSameAs(block);
          }
          for (int probe = 0; probe < 200; probe++) {
            long address = AddressSpace.HEAP_BASE + 16L * random.nextInt(1 << 24);
            assertThat(table.get(address)).isSameAs(reference.get(address));
          }
          // Grown past four fifths full by half: at most 1.875 slots per block, and a bucket.
          assertThat(table.capacity()).isLessThanOrEqualTo(
              Math.max(64, (int) (1.875 * (live + 1)) + LiveBlockTable.BUCKET));
        });
  }

  @Test
  void removingABlockThatIsNotLiveThrowsAndChangesNothing() {
    LiveBlockTable table = new LiveBlockTable();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Block block = new Block(i + 1, AddressSpace.HEAP_BASE + 16L * i, 8, 0, i, null);
      table.add(block);
      blocks.add(block);
    }
    Block stranger = new Block(999, AddressSpace.HEAP_BASE + 16L * 7, 8, 0, 999, null);
    assertThatThrownBy(() -> table.remove(stranger)).isInstanceOf(IllegalStateException.class)
        .hasMessage("block #999 is not live");
    assertThat(table.size()).isEqualTo(500);
    assertThat(table.booksAreExact()).isTrue();
    for (Block block : blocks) {
      assertThat(table.get(block.address())).isSameAs(block);
    }
  }

  /**
   * A block that overflowed through 15 buckets or more has no position its 8 bits can hold, and
   * is found by a scan when it goes; one run of blocks that all hash to one bucket, removed in a
   * random order between other blocks' comings and goings, checks both kinds of removal.
   */
  @Test
  void blocksFarFromTheirHomeBucketAreRemovedByAScan() {
    LiveBlockTable table = new LiveBlockTable();
    SplittableRandom random = new SplittableRandom(7);
    Map<Long, Block> reference = new HashMap<>();
    long id = 1;
    // Grow the table to 42 buckets (672 slots): it grows at 538 blocks and shrinks below 168.
    while (table.buckets() < 42) {
      long address = AddressSpace.HEAP_BASE + 16L * random.nextInt(1 << 24);
      if (!reference.containsKey(address)) {
        Block block = new Block(id++, address, 8, 0, id, null);
        table.add(block);
        reference.put(address, block);
      }
    }
    int buckets = table.buckets();
    List<Block> filler = new ArrayList<>(reference.values());
    while (reference.size() > 200) {
      Block gone = filler.remove(filler.size() - 1);
      table.remove(gone);
      reference.remove(gone.address());
    }
    assertThat(table.buckets()).isEqualTo(buckets);
    int home = LiveBlockTable.home(filler.get(0).address(), buckets);
    List<Block> crowd = new ArrayList<>();
    for (long address = AddressSpace.HEAP_BASE; crowd.size() < 300; address += 16) {
      if (LiveBlockTable.home(address, buckets) == home && !reference.containsKey(address)) {
        Block block = new Block(id++, address, 8, 0, id, null);
        table.add(block);
        reference.put(address, block);
        crowd.add(block);
      }
    }
    assertThat(table.buckets()).isEqualTo(buckets);
    assertThat(table.booksAreExact()).isTrue();
    assertThat(crowd).filteredOn(block -> block.tablePosition() == LiveBlockTable.FAR)
        .hasSizeGreaterThan(20);
    assertThat(crowd.get(0).tablePosition()).isLessThan(LiveBlockTable.BUCKET);
    while (!crowd.isEmpty()) {
      Block gone = crowd.remove(random.nextInt(crowd.size()));
      table.remove(gone);
      reference.remove(gone.address());
      assertThat(gone.tablePosition()).isEqualTo(Block.NOT_IN_TABLE);
      assertThat(table.get(gone.address())).isNull();
      if (crowd.size() % 10 == 0) {
        assertThat(table.booksAreExact()).isTrue();
        for (Block block : reference.values()) {
          assertThat(table.get(block.address())).isSameAs(block);
        }
      }
    }
    assertThat(table.size()).isEqualTo(reference.size());
  }

  @Test
  void addingABlockTwiceThrowsAndChangesNothing() {
    LiveBlockTable table = new LiveBlockTable();
    Block block = new Block(1, AddressSpace.HEAP_BASE, 8, 0, 1, null);
    table.add(block);
    int position = block.tablePosition();
    assertThatThrownBy(() -> table.add(block)).isInstanceOf(IllegalStateException.class)
        .hasMessage("block #1 is live already");
    assertThat(table.size()).isEqualTo(1);
    assertThat(block.tablePosition()).isEqualTo(position);
    assertThat(table.booksAreExact()).isTrue();
    table.remove(block);
    assertThatThrownBy(() -> table.remove(block)).isInstanceOf(IllegalStateException.class)
        .hasMessage("block #1 is not live");
    assertThat(table.size()).isZero();
  }

  @Test
  void puttingASavedTableBackPutsBackItsBlocksPositions() {
    LiveBlockTable table = new LiveBlockTable();
    List<Block> before = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Block block = new Block(i + 1, AddressSpace.HEAP_BASE + 16L * i, 8, 0, i, null);
      table.add(block);
      before.add(block);
    }
    Runnable saved = table.save();
    // Removing most and adding more resizes the table, so every position changes.
    for (int i = 0; i < 35; i++) {
      table.remove(before.get(i));
    }
    List<Block> after = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Block block = new Block(100 + i, AddressSpace.HEAP_BASE + 4096 + 16L * i, 8, 0, 100 + i,
          null);
      table.add(block);
      after.add(block);
    }
    saved.run();
    assertThat(table.booksAreExact()).isTrue();
    assertThat(table.size()).isEqualTo(40);
    assertThat(after).allSatisfy(
        block -> assertThat(block.tablePosition()).isEqualTo(Block.NOT_IN_TABLE));
    for (Block block : before) {
      assertThat(table.get(block.address())).isSameAs(block);
      table.remove(block);
    }
    assertThat(table.size()).isZero();
    assertThat(table.booksAreExact()).isTrue();
  }
}
