package io.github.memsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live blocks, found by payload address: an open-addressing hash table of {@link Block}
 * references with linear probing and backward-shift deletion, 4 bytes a slot. The capacity is
 * any number of slots, not a power of two: a hash picks its home slot by multiplying, so the
 * table can grow by half instead of doubling, and stays between half and three quarters full
 * after it has grown (a quarter, after many removals; never under 64 slots): 5 to 16 bytes per
 * live block, about 6 on average.
 */
final class LiveBlockTable {
  private static final int MINIMUM_CAPACITY = 64;

  private Block[] slots = new Block[MINIMUM_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  private static int hash(long address) {
    long h = address * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** {@return the home slot of a hash in a table of {@code capacity} slots} */
  private static int home(int hash, int capacity) {
    return (int) (((hash & 0xFFFF_FFFFL) * capacity) >>> 32);
  }

  private static int next(int i, int capacity) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  Block get(long address) {
    int capacity = slots.length;
    for (int i = home(hash(address), capacity); ; i = next(i, capacity)) {
      Block block = slots[i];
      if (block == null || block.address() == address) {
        return block;
      }
    }
  }

  void add(Block block) {
    if ((size + 1) * 4L > slots.length * 3L) {
      resize(slots.length + slots.length / 2);
    }
    insert(slots, block);
    size++;
  }

  private static void insert(Block[] into, Block block) {
    int capacity = into.length;
    int i = home(hash(block.address()), capacity);
    while (into[i] != null) {
      i = next(i, capacity);
    }
    into[i] = block;
  }

  private void resize(int capacity) {
    Block[] other = new Block[capacity];
    for (Block block : slots) {
      if (block != null) {
        insert(other, block);
      }
    }
    slots = other;
  }

  void remove(Block block) {
    int capacity = slots.length;
    int i = home(hash(block.address()), capacity);
    while (slots[i] != block) {
      if (slots[i] == null) {
        throw new IllegalStateException("block #" + block.id() + " is not live");
      }
      i = next(i, capacity);
    }
    // Backward-shift deletion: move later entries of the probe run into the hole.
    int hole = i;
    for (int j = next(hole, capacity); slots[j] != null; j = next(j, capacity)) {
      int home = home(hash(slots[j].address()), capacity);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
    // Shrink below a quarter full, to half full, so a table that once held many blocks does not
    // keep their slots; growth happens above three quarters, so the two never alternate.
    if (size * 4L < capacity && capacity > MINIMUM_CAPACITY) {
      resize(Math.max(MINIMUM_CAPACITY, capacity / 2));
    }
  }

  /**
   * {@return what puts the table back as it is now, slot for slot} Re-adding the blocks one by
   * one in slot order instead would pile them into long probe runs.
   */
  Runnable save() {
    Block[] savedSlots = slots.clone();
    int savedSize = size;
    return () -> {
      slots = savedSlots.clone();
      size = savedSize;
    };
  }

  void clear() {
    slots = new Block[MINIMUM_CAPACITY];
    size = 0;
  }

  void forEach(Consumer<Block> action) {
    for (Block block : slots) {
      if (block != null) {
        action.accept(block);
      }
    }
  }

  List<Block> sortedByAddress() {
    List<Block> blocks = new ArrayList<>(size);
    forEach(blocks::add);
    blocks.sort(Comparator.comparingLong(block -> block.address()));
    return blocks;
  }
}
