package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.util.Locale;

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
    return String.format(Locale.ROOT, "{\"trace\":%s,\"allocator\":%s,\"layout\":%s,\"ops\":%d,"
        + "\"peakLiveBytes\":%d,\"heapBytes\":%d,\"utilization\":%.6f,"
        + "\"externalFragmentation\":%.6f,\"largestFreeBlock\":%d,\"indexProbesPerOp\":%.3f,\"scanProbesPerOp\":%.3f,"
        + "\"nsPerOp\":%.1f,\"patterns\":%s}", Text.json(trace), Text.json(allocator), Text.json(layout),
        ops, peakLiveBytes, heapBytes, utilization, externalFragmentation, largestFreeBlock,
        indexProbesPerOp, scanProbesPerOp, nsPerOp, patterns);
  }
}
