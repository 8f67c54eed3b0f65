package io.github.memsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live blocks, found by payload address: an open-addressing hash table of {@link Block}
 * references with linear probing and backward-shift deletion. Each slot also keeps its block's
 * address hash, so probing and deletion compare and move slots without reading the blocks,
 * which are spread over the Java heap: 8 bytes a slot, at most 3/4 full, so 11 to 22 bytes per
 * live block.
 */
final class LiveBlockTable {
  private Block[] slots = new Block[64];
  private int[] hashes = new int[64];
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
    int h = hash(address);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Block block = slots[i];
      if (block == null || hashes[i] == h && block.address() == address) {
        return block;
      }
    }
  }

  void add(Block block) {
    if ((size + 1) * 4L > slots.length * 3L) {
      resize(slots.length * 2);
    }
    insert(slots, hashes, block, hash(block.address()));
    size++;
  }

  private static void insert(Block[] into, int[] intoHashes, Block block, int h) {
    int mask = into.length - 1;
    int i = h & mask;
    while (into[i] != null) {
      i = (i + 1) & mask;
    }
    into[i] = block;
    intoHashes[i] = h;
  }

  private void resize(int capacity) {
    Block[] bigger = new Block[capacity];
    int[] biggerHashes = new int[capacity];
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        insert(bigger, biggerHashes, slots[i], hashes[i]);
      }
    }
    slots = bigger;
    hashes = biggerHashes;
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
      int home = hashes[j] & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
  }

  void clear() {
    slots = new Block[64];
    hashes = new int[64];
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
