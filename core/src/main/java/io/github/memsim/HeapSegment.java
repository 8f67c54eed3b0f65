package io.github.memsim;

import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.internal.PagedMemory;

/** The heap's mapped bytes as the allocator sees them: an sbrk-style region over paged memory. */
final class HeapSegment implements HeapRegion {
  final PagedMemory memory;
  private final long limit;
  private long size;
  private long probes;

  HeapSegment(long limit) {
    this.limit = limit;
    this.memory = new PagedMemory(AddressSpace.HEAP_BASE, limit);
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
          + AddressSpace.hex(address) + ", outside the heap [" + AddressSpace.hex(base())
          + ", " + AddressSpace.hex(end()) + ")");
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
    probes += count;
  }

  long probes() {
    return probes;
  }

  /** Puts the probe counter back, after an operation that was rejected. */
  void restoreProbes(long value) {
    probes = value;
  }
}
