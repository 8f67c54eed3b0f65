package io.github.memsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live blocks, found by payload address: an open-addressing hash table of {@link Block}
 * references with linear probing and backward-shift deletion: 4 bytes a slot, a quarter to three
 * quarters full (at least 64 slots), so 5 to 16 bytes per live block.
 */
final class LiveBlockTable {
  private Block[] slots = new Block[64];
  private int size;

  int size() {
    return size;
  }

  private static int hash(long address) {
    long h = address * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  Block get(long address) {
    int mask = slots.length - 1;
    for (int i = hash(address) & mask; ; i = (i + 1) & mask) {
      Block block = slots[i];
      if (block == null || block.address() == address) {
        return block;
      }
    }
  }

  void add(Block block) {
    if ((size + 1) * 4L > slots.length * 3L) {
      resize(slots.length * 2);
    }
    insert(slots, block);
    size++;
  }

  private static void insert(Block[] into, Block block) {
    int mask = into.length - 1;
    int i = hash(block.address()) & mask;
    while (into[i] != null) {
      i = (i + 1) & mask;
    }
    into[i] = block;
  }

  private void resize(int capacity) {
    Block[] bigger = new Block[capacity];
    for (Block block : slots) {
      if (block != null) {
        insert(bigger, block);
      }
    }
    slots = bigger;
  }

  void remove(Block block) {
    int mask = slots.length - 1;
    int i = hash(block.address()) & mask;
    while (slots[i] != block) {
      if (slots[i] == null) {
        throw new IllegalStateException("block #" + block.id() + " is not live");
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole.
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hash(slots[j].address()) & mask;
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
    if (size * 4 < slots.length && slots.length > 64) {
      resize(slots.length / 2);
    }
  }

  void clear() {
    slots = new Block[64];
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
