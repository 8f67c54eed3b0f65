package io.github.memsim.trace;

import io.github.memsim.internal.Text;

/**
 * The figures of one replay. All but {@link #nsPerOp()} are the same on every run of the same
 * trace, allocator and layout.
 *
 * @param trace the trace's name
 * @param allocator the strategy's name
 * @param layout the block layout's name
 * @param ops the number of operations
 * @param peakLiveBytes the largest total of live payload bytes after any operation, counting a
 *     realloc as new minus old, as the CS:APP driver does
 * @param heapBytes the heap's size at the end: every byte it ever grew by
 * @param utilization {@code peakLiveBytes / heapBytes}
 * @param externalFragmentation 1 - largest free block / free bytes, when live bytes peaked
 * @param largestFreeBlock the largest free block when live bytes peaked, in bytes
 * @param indexProbesPerOp nodes of the allocator's free-block index visited per operation
 * @param scanProbesPerOp free blocks that a textbook linear scan of the free list would have
 *     examined per operation, for the same choices
 * @param nsPerOp wall-clock nanoseconds per operation, the best of the repeats
 * @param patterns whether every block was filled with a pattern and checked on realloc and free
 */
public record ReplayResult(String trace, String allocator, String layout, long ops,
    long peakLiveBytes, long heapBytes, double utilization, double externalFragmentation,
    long largestFreeBlock, double indexProbesPerOp, double scanProbesPerOp, double nsPerOp, boolean patterns) {

  /** {@return the result as one JSON object} */
  public String toJson() {
    return new Text.Json().beginObject().name("trace").value(trace)
        .name("allocator").value(allocator).name("layout").value(layout).name("ops").value(ops)
        .name("peakLiveBytes").value(peakLiveBytes).name("heapBytes").value(heapBytes)
        .name("utilization").value(utilization, 6)
        .name("externalFragmentation").value(externalFragmentation, 6)
        .name("largestFreeBlock").value(largestFreeBlock)
        .name("indexProbesPerOp").value(indexProbesPerOp, 3)
        .name("scanProbesPerOp").value(scanProbesPerOp, 3).name("nsPerOp").value(nsPerOp, 1)
        .name("patterns").value(patterns).endObject().toString();
  }
}
