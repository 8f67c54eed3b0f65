package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.AllocatorStatistics;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.internal.PagedMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The heap: an allocator over a {@link HeapSegment}, the live-block table, and the rules of
 * malloc, calloc, realloc and free on top of them. Callers hold the model's lock.
 */
final class SharedHeap implements Heap {
  private final Model model;
  final HeapSegment segment;
  final Allocator allocator;
  private final LiveBlockTable live = new LiveBlockTable();

  long nextBlockId = 1;
  private long liveBytes;
  private long peakLiveBytes;
  private long mallocs;
  private long callocs;
  private long reallocs;
  private long frees;

  SharedHeap(Model model, AllocatorProvider provider, BlockLayout layout, long limit) {
    this.model = model;
    this.segment = new HeapSegment(limit);
    this.allocator = provider.create(segment, layout);
    if (segment.size() == 0) {
      throw new IllegalStateException("allocator " + provider.name()
          + " did not lay down its initial heap structure");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations, called by ModelThread under the model's lock

  Pointer malloc(ModelThread thread, long size) {
    requireSize(size, "malloc");
    Block block = allocate(thread, size, "malloc", 1);
    mallocs++;
    endOfOperation();
    return new Pointer(block.address(), block);
  }

  Pointer calloc(ModelThread thread, long count, long size) {
    requireSize(count, "calloc count");
    requireSize(size, "calloc size");
    long bytes;
    try {
      bytes = Math.multiplyExact(count, size);
    } catch (ArithmeticException overflow) {
      throw new OutOfMemoryFault(-1, thread.name(), "calloc of " + count + " × " + size
          + " bytes overflows 64 bits");
    }
    Block block = allocate(thread, bytes, "calloc", count);
    segment.memory.fill(block.address(), bytes, (byte) 0);
    callocs++;
    endOfOperation();
    return new Pointer(block.address(), block);
  }

  Pointer realloc(ModelThread thread, Pointer old, long size) {
    requireSize(size, "realloc");
    Block oldBlock = liveBlockToFree(thread, old, "realloc");
    Pointer result;
    if (oldBlock == null) {
      Block block = allocate(thread, size, "realloc", 1);
      result = new Pointer(block.address(), block);
    } else if (size == 0) {
      release(oldBlock, thread.index, model.nextOp(), thread);
      result = Pointer.NULL;
    } else {
      checkedUsableSize(oldBlock, thread);
      Block block = allocate(thread, size, "realloc", 1);
      long kept = Math.min(oldBlock.size(), size);
      PagedMemory.copy(segment.memory, oldBlock.address(), segment.memory, block.address(), kept);
      model.copyTags(oldBlock.address(), block.address(), kept);
      release(oldBlock, thread.index, model.nextOp(), thread);
      result = new Pointer(block.address(), block);
    }
    reallocs++;
    endOfOperation();
    return result;
  }

  void free(ModelThread thread, Pointer pointer) {
    Block block = liveBlockToFree(thread, pointer, "free");
    if (block != null) {
      release(block, thread.index, model.nextOp(), thread);
    }
    frees++;
    model.completeOp();
  }

  /**
   * Completes a heap operation. Peaks are taken here, between operations, as the CS:APP driver
   * takes them: a realloc changes live bytes by new minus old, and the moment when both blocks
   * exist does not count.
   */
  private void endOfOperation() {
    peakLiveBytes = Math.max(peakLiveBytes, liveBytes);
    model.completeOp();
  }

  private static void requireSize(long size, String what) {
    checkArgument(size >= 0, "%s must not be negative but was %s", what, size);
  }

  /**
   * Asks the allocator for a block and records it; throws and changes nothing on failure.
   *
   * @param call malloc, calloc or realloc, for the message
   * @param count calloc's element count (1 otherwise), for the message
   */
  private Block allocate(ModelThread thread, long size, String call, long count) {
    BlockLayout layout = allocator.layout();
    if (size > segment.limit() || size > layout.maximumRequest()) {
      throw new OutOfMemoryFault(size, thread.name(), request(call, count, size)
          + " is more than the heap could ever hold (limit " + segment.limit()
          + " bytes)");
    }
    long probes = segment.probes();
    long payload;
    try {
      payload = allocator.allocate(size);
    } catch (HeapCorruptionException e) {
      segment.restoreProbes(probes);
      throw new HeapCorruptionFault(e, thread.name());
    }
    if (payload == Allocator.NO_MEMORY) {
      segment.restoreProbes(probes);
      throw new OutOfMemoryFault(size, thread.name(), request(call, count, size) + " needs a "
          + layout.blockSize(size) + "-byte block, but no free block fits and the heap ("
          + segment.size() + " bytes) cannot grow enough within its limit of "
          + segment.limit() + " bytes");
    }
    Block block = new Block(nextBlockId++, payload, size, thread.index, model.nextOp());
    live.add(block);
    liveBytes += size;
    return block;
  }

  /**
   * Checks that {@code pointer} may be freed and returns its live block, or null for
   * {@link Pointer#NULL}.
   */
  private Block liveBlockToFree(ModelThread thread, Pointer pointer, String call) {
    return liveBlockToFree(thread.name(), pointer, call);
  }

  private Block liveBlockToFree(String threadName, Pointer pointer, String call) {
    Target target = pointer.target();
    long address = pointer.address();
    if (target == null) {
      if (address == 0) {
        return null;
      }
      Block block = live.get(address);
      if (block != null) {
        return block;
      }
      ModelThread owner = model.stackOwner(address);
      if (owner != null) {
        throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.STACK,
            subject(call, address) + " points into the stack of " + owner.name()
                + ", not into the heap");
      }
      throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.NOT_ALLOCATED,
          subject(call, address)
              + " is not the start of a live block: malloc did not return it");
    }
    if (target instanceof SlotTarget) {
      throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.STACK,
          subject(call, address) + " points into " + target.describe() + ", not into the heap");
    }
    Block block = (Block) target;
    if (block.isFreed()) {
      String history = model.freedBy(block) + "; " + model.allocatedBy(block);
      if (call.equals("free")) {
        throw new DoubleFreeFault(address, threadName, block.describe() + " was "
            + history);
      }
      throw new UseAfterFreeFault(address, threadName, call + " of " + block.describe()
          + ", which was " + history);
    }
    if (address != block.address()) {
      long offset = address - block.address();
      boolean inside = offset > 0 && offset < block.size();
      throw new InvalidFreeFault(address, threadName,
          inside ? InvalidFreeFault.Reason.INTERIOR : InvalidFreeFault.Reason.NOT_ALLOCATED,
          subject(call, address) + " is "
              + (offset < 0 ? -offset + " bytes before " : offset + " bytes into ")
              + block.describe() + ", not its start; " + model.allocatedBy(block));
    }
    return block;
  }

  /** Describes a request for a message: "malloc of 24 bytes", "calloc of 3 × 8 bytes". */
  private static String request(String call, long count, long bytes) {
    switch (call) {
      case "calloc":
        return "calloc of " + count + " × " + (count == 0 ? 0 : bytes / count) + " bytes";
      case "realloc":
        return "realloc to " + bytes + " bytes";
      default:
        return call + " of " + bytes + " bytes";
    }
  }

  private static String subject(String call, long address) {
    return (call.equals("free") ? "" : call + " of ") + AddressSpace.hex(address);
  }

  private long checkedUsableSize(Block block, ModelThread thread) {
    try {
      return allocator.usableSize(block.address());
    } catch (HeapCorruptionException e) {
      throw new HeapCorruptionFault(e, thread == null ? null : thread.name());
    }
  }

  private void release(Block block, int threadIndex, long op, ModelThread thread) {
    try {
      allocator.free(block.address());
    } catch (HeapCorruptionException e) {
      throw new HeapCorruptionFault(e, thread.name());
    }
    live.remove(block);
    block.markFreed(threadIndex, op);
    liveBytes -= block.size();
    model.clearTags(block.address(), block.size());
  }

  // ---------------------------------------------------------------------------------------------
  // Heap

  @Override
  public String allocatorName() {
    return allocator.name();
  }

  @Override
  public BlockLayout layout() {
    return allocator.layout();
  }

  @Override
  public long base() {
    return segment.base();
  }

  @Override
  public long size() {
    synchronized (model.lock) {
      return segment.size();
    }
  }

  @Override
  public long limit() {
    return segment.limit();
  }

  @Override
  public List<HeapBlock> liveBlocks() {
    synchronized (model.lock) {
      List<HeapBlock> blocks = new ArrayList<>(live.size());
      for (Block block : live.sortedByAddress()) {
        blocks.add(snapshot(block));
      }
      return Collections.unmodifiableList(blocks);
    }
  }

  private HeapBlock snapshot(Block block) {
    return new HeapBlock(block.id(), block.address(), block.size(),
        model.threadName(Block.threadOf(block.origin())), Block.opOf(block.origin()));
  }

  @Override
  public long usableSize(Pointer pointer) {
    synchronized (model.lock) {
      Block block = liveBlockToFree((String) null, pointer, "usableSize");
      if (block == null) {
        throw new IllegalArgumentException("usableSize of NULL");
      }
      return checkedUsableSize(block, null);
    }
  }

  @Override
  public void check() {
    synchronized (model.lock) {
      try {
        allocator.check();
      } catch (HeapCorruptionException e) {
        throw new HeapCorruptionFault(e, null);
      }
      long[] allocated = new long[1];
      try {
        allocator.walk((blockAddress, blockSize, payload, isAllocated) -> {
          if (!isAllocated) {
            return;
          }
          allocated[0]++;
          Block block = live.get(payload);
          if (block == null) {
            throw new HeapCorruptionException(blockAddress, "allocated block at "
                + AddressSpace.hex(blockAddress) + " (" + blockSize
                + " bytes) is not a live block of the model");
          }
          long usable = blockSize - allocator.layout().headerBytes()
              - allocator.layout().footerBytes();
          if (usable < block.size()) {
            throw new HeapCorruptionException(blockAddress, block.describe() + " sits in a "
                + blockSize + "-byte block that holds only " + usable + " payload bytes");
          }
        });
      } catch (HeapCorruptionException e) {
        throw new HeapCorruptionFault(e, null);
      }
      if (allocated[0] != live.size()) {
        throw new HeapCorruptionFault(segment.base(), "the model has " + live.size()
            + " live blocks but the heap's tags show " + allocated[0] + " allocated blocks");
      }
    }
  }

  @Override
  public void reset() {
    synchronized (model.lock) {
      long op = model.nextOp();
      live.forEach(block -> block.markFreed(Block.RESET, op));
      live.clear();
      liveBytes = 0;
      allocator.reset();
      model.clearTags(segment.base(), segment.size());
      model.completeOp();
    }
  }

  @Override
  public Statistics statistics() {
    synchronized (model.lock) {
      AllocatorStatistics free = allocator.statistics();
      long[] values = new long[Statistics.FIGURES];
      int i = 0;
      values[i++] = liveBytes;
      values[i++] = live.size();
      values[i++] = segment.size();
      values[i++] = segment.limit();
      values[i++] = peakLiveBytes;
      values[i++] = segment.size();
      values[i++] = free.freeBlocks();
      values[i++] = free.freeBytes();
      values[i++] = free.largestFreeBlock();
      values[i++] = segment.probes();
      values[i++] = mallocs;
      values[i++] = callocs;
      values[i++] = reallocs;
      values[i++] = frees;
      values[i++] = model.loads;
      values[i++] = model.stores;
      values[i++] = model.pushes;
      values[i++] = model.pops;
      values[i] = model.operations;
      return new Statistics(values);
    }
  }

  @Override
  public String describe() {
    synchronized (model.lock) {
      StringBuilder out = new StringBuilder();
      BlockLayout layout = allocator.layout();
      out.append(String.format(java.util.Locale.ROOT,
          "heap %s..%s (%d bytes of %d), allocator %s, layout %s%n",
          AddressSpace.hex(segment.base()), AddressSpace.hex(segment.end()), segment.size(),
          segment.limit(), allocator.name(), layout.name()));
      try {
        describeBlocks(out);
      } catch (HeapCorruptionException e) {
        out.append("  (the walk stops here: ").append(e.getMessage()).append(')')
            .append(System.lineSeparator());
      }
      return out.toString();
    }
  }

  private void describeBlocks(StringBuilder out) {
    allocator.walk((blockAddress, blockSize, payload, allocated) -> {
      out.append(String.format(java.util.Locale.ROOT, "  %-12s %8d bytes  ",
          AddressSpace.hex(blockAddress), blockSize));
      Block block = allocated ? live.get(payload) : null;
      if (block != null) {
        out.append("block #").append(block.id()).append(", ").append(block.size())
            .append(" bytes at ").append(AddressSpace.hex(payload)).append(", ")
            .append(model.allocatedBy(block));
      } else {
        out.append(allocated ? "allocated" : "free");
      }
      out.append(System.lineSeparator());
    });
  }
}
