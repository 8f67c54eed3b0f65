package io.github.memsim;

import io.github.memsim.alloc.HeapRegion;

/**
 * The heap region as an allocator sees it in a model with listeners: every word the allocator
 * reads or writes goes to the event stream as bookkeeping of the heap call under way (or as
 * inspection, during the checker's walk), then to the {@link HeapSegment} underneath. A model
 * without listeners hands the allocator the segment itself.
 */
final class ObservedRegion implements HeapRegion {
  private final HeapSegment segment;
  private final Events events;

  ObservedRegion(HeapSegment segment, Events events) {
    this.segment = segment;
    this.events = events;
  }

  @Override
  public long base() {
    return segment.base();
  }

  @Override
  public long size() {
    return segment.size();
  }

  @Override
  public long limit() {
    return segment.limit();
  }

  @Override
  public long grow(long bytes) {
    return segment.grow(bytes);
  }

  @Override
  public int readInt(long address) {
    int value = segment.readInt(address);
    events.regionLoad(address, 4);
    return value;
  }

  @Override
  public void writeInt(long address, int value) {
    segment.writeInt(address, value);
    events.regionStore(address, 4);
  }

  @Override
  public long readLong(long address) {
    long value = segment.readLong(address);
    events.regionLoad(address, 8);
    return value;
  }

  @Override
  public void writeLong(long address, long value) {
    segment.writeLong(address, value);
    events.regionStore(address, 8);
  }

  @Override
  public void countProbes(long count) {
    segment.countProbes(count);
  }

  @Override
  public void countScanProbes(long count) {
    segment.countScanProbes(count);
  }
}
