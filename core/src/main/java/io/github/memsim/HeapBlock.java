package io.github.memsim;

import java.util.List;

/**
 * A snapshot of one live heap block and its provenance.
 *
 * @param id the block's number; blocks are numbered from 1 in allocation order
 * @param address its payload address
 * @param size the bytes requested
 * @param thread the thread that allocated it
 * @param op the op at which it was allocated
 * @param allocationSite the functions on the allocating thread's stack then, innermost first
 *     (at most 8; empty if the stack was empty)
 */
public record HeapBlock(long id, long address, long size, String thread, long op,
    List<String> allocationSite) {
  /**
   * Copies the site.
   *
   * @param id the block's number
   * @param address its payload address
   * @param size the bytes requested
   * @param thread the allocating thread
   * @param op the op of the allocation
   * @param allocationSite the functions on the stack, innermost first
   */
  public HeapBlock {
    allocationSite = List.copyOf(allocationSite);
  }

  /**
   * {@return e.g. {@code block #1 (24 bytes at 0x10020), allocated by main in build <- main at op
   * 1}}
   */
  @Override
  public String toString() {
    return Phrases.heapBlock(this);
  }
}
