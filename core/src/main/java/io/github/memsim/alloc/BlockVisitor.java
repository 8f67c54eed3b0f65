package io.github.memsim.alloc;

/** A callback for {@link Allocator#walk(BlockVisitor)}: receives every block in address order. */
@FunctionalInterface
public interface BlockVisitor {
  /**
   * Receives one block.
   *
   * @param blockAddress the address of the block's header
   * @param blockSize the block's size in bytes, tags included
   * @param payloadAddress the address the block's owner uses
   * @param allocated whether the block is in use (bump arenas report released blocks as not in use)
   */
  void visit(long blockAddress, long blockSize, long payloadAddress, boolean allocated);
}
