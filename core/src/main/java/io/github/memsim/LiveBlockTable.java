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
 * <p>Adding and removing a block never reads a slot, nor another block. Beside the slots, a
 * bitmap of 16 bits per bucket (2 bytes for 16 slots, small enough to stay in the processor's
 * cache when the slots do not) says which slots are taken, so an addition finds its empty slot
 * there; and each block keeps its own position in the table, in 8 bits of a word it had spare,
 * so a removal knows its slot. Both then only store into the slot, and a store to memory that is
 * not in the cache does not hold the processor up as a load does: in a replay with 100,000 live
 * blocks, the slot's line is almost never in the cache. (Linear probing with backward-shift
 * deletion, which came first, read every block after the hole to find its home; scanning the
 * bucket for the block or a null, which came next, loaded the slot's line on every addition and
 * removal.) Only a lookup by address, which the hot paths do not make, and a resize read the
 * slots and the blocks they pass.
 */
final class LiveBlockTable {
  /** Slots per bucket: one bit each in a bucket's {@code char} of the bitmap. */
  static final int BUCKET = 16;
  private static final int SHIFT = Integer.numberOfTrailingZeros(BUCKET);
  private static final int ALL_TAKEN = (1 << BUCKET) - 1;
  private static final int MINIMUM_BUCKETS = 4;
  /**
   * The table position of a block whose slot is too far past its home bucket for 8 bits to say
   * (it overflowed through 15 buckets): a removal finds it by the lookup's scan. Any
   * smaller position is the slot's distance from the first slot of the home bucket.
   */
  static final int FAR = Block.NOT_IN_TABLE - 1;

  private Block[] slots = new Block[MINIMUM_BUCKETS * BUCKET];
  /** For each bucket, a bit per slot, set when the slot holds a block. */
  private char[] taken = new char[MINIMUM_BUCKETS];
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

  /** {@return the number of buckets} */
  int buckets() {
    return overflow.length;
  }

  private static int hash(long address) {
    long h = address * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** {@return the home bucket of an address in a table of {@code buckets} buckets} */
  static int home(long address, int buckets) {
    return (int) (((hash(address) & 0xFFFF_FFFFL) * buckets) >>> 32);
  }

  private static int nextBucket(int bucket, int buckets) {
    return bucket + 1 == buckets ? 0 : bucket + 1;
  }

  /**
   * {@return the table position of a block in slot {@code at} whose home is {@code home}: its
   * distance from the home bucket's first slot, or {@link #FAR}}
   */
  private static int position(int at, int home, int buckets) {
    int bucket = at >>> SHIFT;
    int distance = bucket >= home ? bucket - home : bucket + buckets - home;
    return distance < FAR >>> SHIFT ? distance << SHIFT | (at & (BUCKET - 1)) : FAR;
  }

  Block get(long address) {
    int at = slotOf(address);
    return at < 0 ? null : slots[at];
  }

  /**
   * {@return the slot of the live block at {@code address}, or -1} A scan from the home bucket,
   * which stops once it has passed every block that overflowed from there.
   */
  private int slotOf(long address) {
    int buckets = overflow.length;
    int home = home(address, buckets);
    int owed = overflow[home];
    int bucket = home;
    for (int scanned = 0; scanned < buckets; scanned++) {
      int start = bucket << SHIFT;
      for (int at = start; at < start + BUCKET; at++) {
        Block block = slots[at];
        if (block != null) {
          if (block.address() == address) {
            return at;
          }
          if (bucket != home && home(block.address(), buckets) == home) {
            owed--;
          }
        }
      }
      if (owed <= 0) {
        return -1;
      }
      bucket = nextBucket(bucket, buckets);
    }
    return -1;
  }

  /**
   * {@return whether the table's books agree with its slots} For tests: every bucket's overflow
   * count is the number of its blocks in later buckets (what lets a lookup stop), the bitmap has
   * a bit for exactly the slots that hold a block, and every block's position leads to its slot.
   */
  boolean booksAreExact() {
    int buckets = overflow.length;
    int[] counted = new int[buckets];
    for (int at = 0; at < slots.length; at++) {
      boolean bit = (taken[at >>> SHIFT] & 1 << (at & (BUCKET - 1))) != 0;
      if (bit != (slots[at] != null)) {
        return false;
      }
      if (slots[at] != null) {
        int home = home(slots[at].address(), buckets);
        if (home != at >>> SHIFT) {
          counted[home]++;
        }
        if (slots[at].tablePosition() != position(at, home, buckets)) {
          return false;
        }
      }
    }
    return Arrays.equals(counted, overflow);
  }

  /**
   * Adds a block; no live block may have its address.
   *
   * @throws IllegalStateException if the block is in a table already; nothing changes then
   */
  void add(Block block) {
    if (block.tablePosition() != Block.NOT_IN_TABLE) {
      throw new IllegalStateException("block #" + block.id() + " is live already");
    }
    if ((size + 1) * 5L > slots.length * 4L) {
      int buckets = overflow.length;
      resize(buckets + buckets / 2);
    }
    place(slots, taken, overflow, block);
    size++;
  }

  /** Puts a block into the first empty slot from its home bucket on and notes its position. */
  private static void place(Block[] into, char[] taken, int[] overflow, Block block) {
    int buckets = overflow.length;
    int home = home(block.address(), buckets);
    for (int bucket = home; ; bucket = nextBucket(bucket, buckets)) {
      int empty = ~taken[bucket] & ALL_TAKEN;
      if (empty != 0) {
        int slot = Integer.numberOfTrailingZeros(empty);
        int at = (bucket << SHIFT) + slot;
        into[at] = block;
        taken[bucket] |= (char) (1 << slot);
        if (bucket != home) {
          overflow[home]++;
        }
        block.tablePosition(position(at, home, buckets));
        return;
      }
    }
  }

  private void resize(int buckets) {
    Block[] other = new Block[buckets << SHIFT];
    char[] otherTaken = new char[buckets];
    int[] otherOverflow = new int[buckets];
    for (Block block : slots) {
      if (block != null) {
        block.tablePosition(Block.NOT_IN_TABLE);
        place(other, otherTaken, otherOverflow, block);
      }
    }
    slots = other;
    taken = otherTaken;
    overflow = otherOverflow;
  }

  /**
   * Removes a block.
   *
   * @throws IllegalStateException if the block is not in the table; nothing changes then
   */
  void remove(Block block) {
    int position = block.tablePosition();
    if (position == Block.NOT_IN_TABLE) {
      throw new IllegalStateException("block #" + block.id() + " is not live");
    }
    int buckets = overflow.length;
    int home = home(block.address(), buckets);
    int at;
    if (position == FAR) {
      // Its address is its own among the live blocks.
      at = slotOf(block.address());
    } else {
      int bucket = home + (position >>> SHIFT);
      at = ((bucket < buckets ? bucket : bucket - buckets) << SHIFT) + (position & (BUCKET - 1));
    }
    assert slots[at] == block : "block #" + block.id() + " is not at its table position";
    // Stores only: the slot's line is not loaded (see the class comment).
    slots[at] = null;
    taken[at >>> SHIFT] &= (char) ~(1 << (at & (BUCKET - 1)));
    if (at >>> SHIFT != home) {
      overflow[home]--;
    }
    block.tablePosition(Block.NOT_IN_TABLE);
    size--;
    // Shrink below a quarter full, to half full, so a table that once held many blocks does not
    // keep their slots; growth happens above four fifths, so the two never alternate.
    if (size * 4L < slots.length && buckets > MINIMUM_BUCKETS) {
      resize(Math.max(MINIMUM_BUCKETS, buckets / 2));
    }
  }

  /**
   * {@return what puts the table back as it is now, slot for slot} Re-adding the blocks one by
   * one in slot order instead could place them differently. Putting it back also puts back the
   * positions of the blocks it holds, and takes those of blocks it leaves out.
   */
  Runnable save() {
    Block[] savedSlots = slots.clone();
    char[] savedTaken = taken.clone();
    int[] savedOverflow = overflow.clone();
    int savedSize = size;
    return () -> {
      forEach(block -> block.tablePosition(Block.NOT_IN_TABLE));
      slots = savedSlots.clone();
      taken = savedTaken.clone();
      overflow = savedOverflow.clone();
      size = savedSize;
      int buckets = overflow.length;
      for (int at = 0; at < slots.length; at++) {
        if (slots[at] != null) {
          slots[at].tablePosition(position(at, home(slots[at].address(), buckets), buckets));
        }
      }
    };
  }

  void clear() {
    forEach(block -> block.tablePosition(Block.NOT_IN_TABLE));
    slots = new Block[MINIMUM_BUCKETS * BUCKET];
    taken = new char[MINIMUM_BUCKETS];
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
