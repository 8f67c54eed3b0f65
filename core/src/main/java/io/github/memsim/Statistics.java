package io.github.memsim;

/**
 * A read-only snapshot of a model's figures. Byte counts are in bytes; "live" counts payload
 * bytes as requested, "free" counts whole free blocks.
 *
 * <p>{@link #utilization()} is peak live payload over the heap's size (the heap never shrinks,
 * so its size is its high-water mark); {@link #externalFragmentation()} is 1 - largest free
 * block / total free bytes.
 *
 * @param liveBytes the payload bytes requested by live blocks
 * @param liveBlocks the number of live blocks
 * @param heapBytes the heap's current size: every byte it has grown by
 * @param heapLimit how far the heap may grow
 * @param peakLiveBytes the largest {@code liveBytes} at the end of any operation so far (a
 *     realloc counts new minus old, not both blocks at once)
 * @param freeBlocks the number of free blocks the allocator can hand out
 * @param freeBytes their total size, tags included
 * @param largestFreeBlock the size of the largest of them, tags included
 * @param indexProbes the nodes of the allocator's free-block index that its searches visited,
 *     in total
 * @param scanProbes the free blocks that a textbook linear scan of the free list, in the
 *     policy's order, would have examined to make the same choices, in total
 * @param mallocs the number of successful malloc calls
 * @param callocs the number of successful calloc calls
 * @param reallocs the number of successful realloc calls
 * @param frees the number of successful free calls, {@code free(NULL)} included
 * @param loads the number of successful loads by the program (through pointers and slots)
 * @param stores the number of successful stores by the program
 * @param pushes the number of frames pushed
 * @param pops the number of frames popped
 * @param operations the number of successful operations of every kind: the last op number
 */
public record Statistics(long liveBytes, long liveBlocks, long heapBytes, long heapLimit,
    long peakLiveBytes, long freeBlocks, long freeBytes, long largestFreeBlock,
    long indexProbes, long scanProbes, long mallocs, long callocs, long reallocs, long frees,
    long loads, long stores, long pushes, long pops, long operations) {

  /** {@return peak live payload bytes over the heap's size, or 0 for an empty heap} */
  public double utilization() {
    return heapBytes == 0 ? 0 : (double) peakLiveBytes / heapBytes;
  }

  /** {@return 1 - largest free block / total free bytes, or 0 when nothing is free} */
  public double externalFragmentation() {
    return freeBytes == 0 ? 0 : 1.0 - (double) largestFreeBlock / freeBytes;
  }
}
