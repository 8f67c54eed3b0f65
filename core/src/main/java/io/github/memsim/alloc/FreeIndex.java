package io.github.memsim.alloc;

import static io.github.memsim.internal.Text.hex;

import java.util.function.LongPredicate;

/**
 * The free blocks of a boundary-tag heap, kept outside the simulated heap, with the policy that
 * chooses among them: {@link BoundaryTagAllocator} holds one and never asks which.
 *
 * <p>A block is named by its address and size. The engine keeps the tags, the free-byte count
 * and the probe reports; the index keeps its entries and whatever its policy needs besides (such
 * as next-fit's rover), so that every search, split and merge is one call. A change that returns
 * {@code false} (or throws) leaves the index as it was.
 *
 * <p>Two implementations: {@link AddressOrderedFreeIndex} (first-fit, next-fit) and
 * {@link SizeOrderedFreeIndex} (best-fit, worst-fit). Each makes exactly the sequence of tree
 * operations that the engine made when it held both, so that probe counts are unchanged.
 */
interface FreeIndex {
  /** What {@link #choose} returns when no free block fits. */
  long NONE = -1L;

  /**
   * Chooses the free block for a block of {@code needed} bytes, as the textbook policy does.
   *
   * @return its address, or {@link #NONE}
   */
  long choose(long needed);

  /** {@return the size the index holds for the block that {@link #choose} last returned} */
  long chosenSize();

  /**
   * {@return how many free blocks the textbook linear scan examines to choose {@code block}, the
   * block {@link #choose} has just returned}
   */
  long scanProbes(long block);

  /** Notes that the block {@link #choose} returned has been placed into (next-fit's rover). */
  void placed(long block);

  /** Adds a free block. */
  void insert(long block, long size);

  /** {@return whether the block was there}; removes it if so. */
  boolean remove(long block, long size);

  /**
   * Replaces a free block that an allocation cuts at its front by its remainder.
   *
   * @return whether the block was there; if not, nothing changed
   */
  boolean split(long block, long size, long rest, long restSize);

  /**
   * Replaces the free neighbours of a freed (or new) block by the one free block they make
   * together.
   *
   * @param start the merged block's address: the previous neighbour's, if it merges
   * @param previousSize the previous neighbour's size, or 0 when it does not merge
   * @param block the block freed
   * @param size its size
   * @param nextSize the next neighbour's size (it starts at {@code block + size}), or 0
   * @throws HeapCorruptionException if a neighbour is missing; nothing changed then
   */
  void merge(long start, long previousSize, long block, long size, long nextSize);

  /** {@return whether the index holds the block} */
  boolean contains(long block, long size);

  /** {@return the number of free blocks} */
  int count();

  /** {@return the largest free block's size, or 0} */
  long maxSize();

  /** {@return the entries and bins that searches have looked at since creation} */
  long visits();

  /** Removes every block and puts the policy's state back where it starts. */
  void clear();

  /**
   * Checks the policy's own state against the heap.
   *
   * @param isBlockStart whether an address starts a block (or is the epilogue)
   * @throws HeapCorruptionException at a fault
   */
  void checkState(LongPredicate isBlockStart);

  /** {@return an action that makes the index what it is now} */
  Runnable save();

  /** The error of a block that should be in the index and is not. */
  static HeapCorruptionException notIndexed(long block, long size) {
    return new HeapCorruptionException(block, "free block at " + hex(block) + " (size " + size
        + ") is not in the free index");
  }
}
