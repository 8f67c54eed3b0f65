package io.github.memsim;

import io.github.memsim.alloc.BlockLayout;
import java.util.List;

/**
 * The heap shared by all threads of a model: an allocator working on simulated memory, and the
 * provenance of every live block. Allocation and free happen on a {@link ThreadContext}; the heap
 * answers questions about the whole.
 */
public interface Heap {
  /** {@return the allocation strategy's name} */
  String allocatorName();

  /** {@return the block format} */
  BlockLayout layout();

  /** {@return the heap's first address} */
  long base();

  /** {@return the heap's current size in bytes (its break minus its base)} */
  long size();

  /** {@return how far the heap may grow, in bytes} */
  long limit();

  /** {@return the live blocks in address order} */
  List<HeapBlock> liveBlocks();

  /**
   * Returns the payload bytes a live block can hold: what was requested plus any slack.
   *
   * @param block a pointer to the start of a live block
   * @return the usable bytes
   * @throws MemoryFault if the pointer is not the start of a live block
   */
  long usableSize(Pointer block);

  /**
   * Walks the simulated bytes and the allocator's structures and compares them with each other
   * and with the model's live blocks.
   *
   * @throws HeapCorruptionFault at the first disagreement
   */
  void check();

  /**
   * Frees every live block at once, as an arena reset does; pointers to them become dangling
   * ("freed by heap reset"). The heap keeps its size.
   */
  void reset();

  /** {@return a snapshot of the model's statistics} */
  Statistics statistics();

  /** {@return a picture of the heap, one line per block, for people} */
  String describe();
}
