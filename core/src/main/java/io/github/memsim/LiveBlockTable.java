package io.github.memsim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live blocks, found by payload address: a hash table of {@link Block} references in
 * buckets of {@value #BUCKET} slots, 4 bytes a slot. A block goes into the first empty slot of
 * its home bucket, or of the buckets after it; each bucket counts its blocks that overflowed
 * into later ones, so that a lookup knows where to stop. The number of buckets is any number,
 * not a power of two: a hash picks the home bucket by multiplying, so the table can grow by half
 * instead of doubling. It grows past four fifths full, to a little over half full, and shrinks
 * below a quarter full, to half (never under {@value #MINIMUM_BUCKETS} buckets): 5 to 8 bytes
 * per live block after it has grown, counters included, and at most 17 after many removals.
 *
 * <p>Adding and removing a block never reads another block: an addition looks for an empty slot
 * and a removal for the block's own reference. (Linear probing with backward-shift deletion,
 * which this replaced, read every block after the hole to find its home: a cache miss apiece in
 * a large heap.) Only a lookup by address, which the hot paths do not make, and a resize read
 * the blocks they pass.
 */
final class LiveBlockTable {
  /** Slots per bucket. */
  static final int BUCKET = 16;
  private static final int SHIFT = Integer.numberOfTrailingZeros(BUCKET);
  private static final int MINIMUM_BUCKETS = 4;

  private Block[] slots = new Block[MINIMUM_BUCKETS * BUCKET];
  /** For each bucket, how many of the blocks whose home it is sit in later buckets. */
  private int[] overflow = new int[MINIMUM_BUCKETS];
  private int size;

  int size() {
    return size;
  }

  /** {@return the number of slots} */
  int capacity() {
    return slots.length;
  }

  private static int hash(long address) {
    long h = address * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** {@return the home bucket of an address in a table of {@code buckets} buckets} */
  private static int home(long address, int buckets) {
    return (int) (((hash(address) & 0xFFFF_FFFFL) * buckets) >>> 32);
  }

  private static int nextBucket(int bucket, int buckets) {
    return bucket + 1 == buckets ? 0 : bucket + 1;
  }

  Block get(long address) {
    int buckets = overflow.length;
    int home = home(address, buckets);
    int owed = overflow[home];
    int bucket = home;
    for (int scanned = 0; scanned < buckets; scanned++) {
      int start = bucket << SHIFT;
      for (int i = start; i < start + BUCKET; i++) {
        Block block = slots[i];
        if (block != null) {
          if (block.address() == address) {
            return block;
          }
          if (bucket != home && home(block.address(), buckets) == home) {
            owed--;
          }
        }
      }
      if (owed <= 0) {
        return null;
      }
      bucket = nextBucket(bucket, buckets);
    }
    return null;
  }

  /**
   * {@return whether every bucket's overflow count is the number of its blocks in later
   * buckets} For tests: the counts are what lets a lookup stop.
   */
  boolean overflowCountsAreExact() {
    int buckets = overflow.length;
    int[] counted = new int[buckets];
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        int home = home(slots[i].address(), buckets);
        if (home != i >>> SHIFT) {
          counted[home]++;
        }
      }
    }
    return Arrays.equals(counted, overflow);
  }

  /** Adds a block; no live block may have its address. */
  void add(Block block) {
    if ((size + 1) * 5L > slots.length * 4L) {
      int buckets = overflow.length;
      resize(buckets + buckets / 2);
    }
    place(slots, overflow, block);
    size++;
  }

  private static void place(Block[] into, int[] overflow, Block block) {
    int buckets = overflow.length;
    int home = home(block.address(), buckets);
    for (int bucket = home; ; bucket = nextBucket(bucket, buckets)) {
      int start = bucket << SHIFT;
      for (int i = start; i < start + BUCKET; i++) {
        if (into[i] == null) {
          into[i] = block;
          if (bucket != home) {
            overflow[home]++;
          }
          return;
        }
      }
    }
  }

  private void resize(int buckets) {
    Block[] other = new Block[buckets << SHIFT];
    int[] otherOverflow = new int[buckets];
    for (Block block : slots) {
      if (block != null) {
        place(other, otherOverflow, block);
      }
    }
    slots = other;
    overflow = otherOverflow;
  }

  /**
   * Removes a block.
   *
   * @throws IllegalStateException if the block is not in the table; nothing changes then
   */
  void remove(Block block) {
    Block[] table = slots;
    int buckets = overflow.length;
    int home = home(block.address(), buckets);
    int bucket = home;
    for (int scanned = 0; scanned < buckets; scanned++) {
      int start = bucket << SHIFT;
      for (int i = start; i < start + BUCKET; i++) {
        if (table[i] == block) {
          table[i] = null;
          if (bucket != home) {
            overflow[home]--;
          }
          size--;
          // Shrink below a quarter full, to half full, so a table that once held many blocks
          // does not keep their slots; growth happens above four fifths, so the two never
          // alternate.
          if (size * 4L < table.length && buckets > MINIMUM_BUCKETS) {
            resize(Math.max(MINIMUM_BUCKETS, buckets / 2));
          }
          return;
        }
      }
      if (bucket == home && overflow[home] == 0) {
        break;
      }
      bucket = nextBucket(bucket, buckets);
    }
    throw new IllegalStateException("block #" + block.id() + " is not live");
  }

  /**
   * {@return what puts the table back as it is now, slot for slot} Re-adding the blocks one by
   * one in slot order instead could place them differently.
   */
  Runnable save() {
    Block[] savedSlots = slots.clone();
    int[] savedOverflow = overflow.clone();
    int savedSize = size;
    return () -> {
      slots = savedSlots.clone();
      overflow = savedOverflow.clone();
      size = savedSize;
    };
  }

  void clear() {
    slots = new Block[MINIMUM_BUCKETS * BUCKET];
    overflow = new int[MINIMUM_BUCKETS];
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
