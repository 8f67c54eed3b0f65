package io.github.memsim.alloc;

/**
 * A snapshot of an allocator's free space.
 *
 * @param freeBlocks the number of blocks that can be handed out again
 * @param freeBytes their total size, tags included
 * @param largestFreeBlock the size of the largest of them, tags included, or 0
 */
public record AllocatorStatistics(long freeBlocks, long freeBytes, long largestFreeBlock) {
  /**
   * Checks the figures.
   *
   * @param freeBlocks the number of blocks that can be handed out again
   * @param freeBytes their total size, tags included
   * @param largestFreeBlock the size of the largest of them, tags included, or 0
   * @throws IllegalArgumentException if a figure is negative or the largest block exceeds the total
   */
  public AllocatorStatistics {
    if (freeBlocks < 0 || freeBytes < 0 || largestFreeBlock < 0 || largestFreeBlock > freeBytes) {
      throw new IllegalArgumentException("inconsistent free-space figures: blocks=" + freeBlocks
          + " bytes=" + freeBytes + " largest=" + largestFreeBlock);
    }
  }
}
