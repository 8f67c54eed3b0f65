package io.github.memsim;

/**
 * A snapshot of one live heap block.
 *
 * @param id the block's number; blocks are numbered from 1 in allocation order
 * @param address its payload address
 * @param size the bytes requested
 * @param thread the thread that allocated it
 * @param op the op at which it was allocated
 */
public record HeapBlock(long id, long address, long size, String thread, long op) {
  @Override
  public String toString() {
    return "block #" + id + " (" + size + " bytes at " + AddressSpace.hex(address)
        + "), allocated by " + thread + " at op " + op;
  }
}
