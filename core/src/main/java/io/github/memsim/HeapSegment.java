package io.github.memsim;

import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.internal.PagedMemory;
import io.github.memsim.internal.Text;

/**
 * The heap's mapped bytes as the allocator sees them: an sbrk-style region over paged memory.
 * The probes the allocator counts are kept for the heap call under way until the heap takes
 * them. In a model with listeners the allocator works through an {@link ObservedRegion} around
 * this one, so that a model without them has no event code on this path at all.
 */
final class HeapSegment implements HeapRegion {
  private final PagedMemory memory;
  private final long limit;
  private long size;
  private long indexProbes;
  private long scanProbes;

  HeapSegment(long limit) {
    this.limit = limit;
    this.memory = new PagedMemory(AddressSpace.HEAP_BASE, limit);
  }

  PagedMemory memory() {
    return memory;
  }

  @Override
  public long base() {
    return AddressSpace.HEAP_BASE;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long limit() {
    return limit;
  }

  @Override
  public long grow(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("growth must be positive but was " + bytes);
    }
    if (bytes > limit - size) {
      return GROWTH_FAILED;
    }
    long oldBreak = AddressSpace.HEAP_BASE + size;
    size += bytes;
    return oldBreak;
  }

  private void checkRange(long address, int width) {
    long offset = address - AddressSpace.HEAP_BASE;
    if (offset < 0 || offset > size - width) {
      throw new HeapCorruptionException(address, "the allocator followed a tag to "
          + Text.hex(address) + ", outside the heap [" + Text.hex(base()) + ", "
          + Text.hex(end()) + ")");
    }
  }

  @Override
  public int readInt(long address) {
    checkRange(address, 4);
    return memory.readInt(address);
  }

  @Override
  public void writeInt(long address, int value) {
    checkRange(address, 4);
    memory.writeInt(address, value);
  }

  @Override
  public long readLong(long address) {
    checkRange(address, 8);
    return memory.readLong(address);
  }

  @Override
  public void writeLong(long address, long value) {
    checkRange(address, 8);
    memory.writeLong(address, value);
  }

  @Override
  public void countProbes(long count) {
    indexProbes += count;
  }

  @Override
  public void countScanProbes(long count) {
    scanProbes += count;
  }

  /** {@return what puts the segment's bytes and size back as they are now} */
  Runnable save() {
    PagedMemory.Snapshot bytes = memory.snapshot();
    long savedSize = size;
    return () -> {
      memory.restore(bytes);
      size = savedSize;
      indexProbes = 0;
      scanProbes = 0;
    };
  }

  /** Forgets probes counted so far: called before each heap call. */
  void clearProbes() {
    indexProbes = 0;
    scanProbes = 0;
  }

  long indexProbes() {
    return indexProbes;
  }

  long scanProbes() {
    return scanProbes;
  }
}
