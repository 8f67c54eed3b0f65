package io.github.memsim.cost;

import io.github.memsim.MemoryListener.Origin;

/**
 * What a simulated core spends besides memory: the instruction cost, in cycles, of each
 * operation the memory model performs, charged to the row {@code instructions} of a report
 * (the allocator's free-index probes keep their own row, at {@link
 * CacheHierarchy#probeCycles()}). With {@link Overlap} these costs are what moves a thread's
 * clock; in the serial model they add to the latencies. All zero ({@link #NONE}) by default, so
 * that a hierarchy charges its memory accesses only.
 *
 * <p>The allocator's steps are recognised from the accesses the memory model sends: a tag read
 * or write is an allocator access ({@code Origin.ALLOCATOR}); a heap call split a free block
 * when it wrote a tag more than 15 bytes past the end of the block it returned (the rest's
 * tags; growing the heap counts as one); a free merged with the block before when it wrote a
 * tag more than 16 bytes before the freed payload (the merged block's header), and with the
 * block after when it wrote one more than 15 bytes past the payload's end (the merged block's
 * footer). These rules hold for the boundary-tag layouts of {@code io.github.memsim.alloc},
 * whose smallest block is 16 bytes or more.
 *
 * @param access each load or store of the program's own ({@code Origin.USER}), and each
 *     access of calloc's zeroing and realloc's copy: the instruction and its share of the
 *     surrounding work
 * @param atomic each access of an atomic operation ({@code Origin.ATOMIC})
 * @param push a frame push (the call), besides the linkage it stores
 * @param pop a frame pop (the return), besides the linkage it loads
 * @param heapCall each malloc, calloc, realloc and free: entry, checks, size rounding, return
 * @param tagRead each tag the allocator reads: the load's decoding (mask, test, compare)
 * @param tagWrite each tag the allocator writes
 * @param split each split of a free block: the rest's size and its place in the free index
 * @param merge each merge with a free neighbour: the neighbour out of the free index, the
 *     merged block in
 */
public record Work(int access, int atomic, int push, int pop, int heapCall, int tagRead,
    int tagWrite, int split, int merge) {
  /** No instruction costs: memory only. */
  public static final Work NONE = new Work(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Checks that no cost is negative.
   *
   * @param access a program's access
   * @param atomic an atomic access
   * @param push a push
   * @param pop a pop
   * @param heapCall a heap call
   * @param tagRead a tag read
   * @param tagWrite a tag write
   * @param split a split
   * @param merge a merge
   */
  public Work {
    for (int cost : new int[] {access, atomic, push, pop, heapCall, tagRead, tagWrite, split,
        merge}) {
      if (cost < 0) {
        throw new IllegalArgumentException("instruction costs must not be negative, not "
            + cost);
      }
    }
  }

  /** {@return the instruction cost of one access of this origin} */
  int issueCost(Origin origin, boolean store) {
    return switch (origin) {
      case USER, ZEROING, COPY -> access;
      case ATOMIC -> atomic;
      case ALLOCATOR -> store ? tagWrite : tagRead;
      case FRAME_LINKAGE, INSPECTION -> 0;
    };
  }
}
