package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.util.List;

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
 * @param alignedRequests allocations that asked for an alignment above the layout's, replayed
 *     as {@code malloc(size + alignment - layout alignment)}: the room an aligned allocation
 *     built on malloc needs at worst, since memsim's allocators have no aligned entry point
 * @param stillLive the blocks still live when the trace ends, by allocation site, largest first,
 *     as in {@code 77 bytes in 1 block allocated in make_leak <- main}; empty when every block
 *     was freed
 */
public record ReplayResult(String trace, String allocator, String layout, long ops,
    long peakLiveBytes, long heapBytes, double utilization, double externalFragmentation,
    long largestFreeBlock, double indexProbesPerOp, double scanProbesPerOp, double nsPerOp,
    boolean patterns, long alignedRequests, List<String> stillLive) {

  /**
   * Creates a result of a trace without alignment requests whose blocks were all freed.
   *
   * @param trace the trace's name
   * @param allocator the strategy's name
   * @param layout the block layout's name
   * @param ops the number of operations
   * @param peakLiveBytes the peak of live payload bytes
   * @param heapBytes the heap's size at the end
   * @param utilization {@code peakLiveBytes / heapBytes}
   * @param externalFragmentation 1 - largest free block / free bytes, at the peak
   * @param largestFreeBlock the largest free block at the peak
   * @param indexProbesPerOp index nodes visited per operation
   * @param scanProbesPerOp free blocks a linear scan would have examined per operation
   * @param nsPerOp nanoseconds per operation
   * @param patterns whether patterns were written and checked
   */
  public ReplayResult(String trace, String allocator, String layout, long ops,
      long peakLiveBytes, long heapBytes, double utilization, double externalFragmentation,
      long largestFreeBlock, double indexProbesPerOp, double scanProbesPerOp, double nsPerOp,
      boolean patterns) {
    this(trace, allocator, layout, ops, peakLiveBytes, heapBytes, utilization,
        externalFragmentation, largestFreeBlock, indexProbesPerOp, scanProbesPerOp, nsPerOp,
        patterns, 0, List.of());
  }

  /** {@return the result as one JSON object} */
  public String toJson() {
    Text.Json json = new Text.Json().beginObject().name("trace").value(trace)
        .name("allocator").value(allocator).name("layout").value(layout).name("ops").value(ops)
        .name("peakLiveBytes").value(peakLiveBytes).name("heapBytes").value(heapBytes)
        .name("utilization").value(utilization, 6)
        .name("externalFragmentation").value(externalFragmentation, 6)
        .name("largestFreeBlock").value(largestFreeBlock)
        .name("indexProbesPerOp").value(indexProbesPerOp, 3)
        .name("scanProbesPerOp").value(scanProbesPerOp, 3).name("nsPerOp").value(nsPerOp, 1)
        .name("patterns").value(patterns);
    // Only a recorded program's trace has these: a CS:APP trace's object stays as it was.
    if (alignedRequests > 0) {
      json.name("alignedRequests").value(alignedRequests);
    }
    if (!stillLive.isEmpty()) {
      json.name("stillLive").beginArray();
      stillLive.forEach(json::value);
      json.endArray();
    }
    return json.endObject().toString();
  }
}
