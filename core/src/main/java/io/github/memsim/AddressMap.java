package io.github.memsim;

import io.github.memsim.internal.PagedMemory;

/**
 * The address map of a model and its provenance checks: which memory holds an address (the
 * heap below its break, a thread's stack, or nothing), and whether an access through a pointer
 * stays inside the live block or slot it came from. A failed check is a {@link MemoryFault}
 * that says where the address lies; callers hold the model's lock.
 */
final class AddressMap {
  private final HeapSegment heap;
  private final ThreadTable threads;
  private final long heapLimit;

  AddressMap(HeapSegment heap, ThreadTable threads, long heapLimit) {
    this.heap = heap;
    this.threads = threads;
    this.heapLimit = heapLimit;
  }

  /**
   * Checks an access of {@code length} bytes through {@code at} and returns the memory that
   * holds them.
   */
  PagedMemory resolve(Pointer at, long length, boolean write, ThreadContext thread) {
    Provenance provenance = at.provenance();
    long address = at.address();
    if (provenance == null) {
      return resolveRaw(address, length, write, thread);
    }
    long offset = address - provenance.start();
    if (provenance instanceof Block block) {
      if (block.isFreed()) {
        throw new UseAfterFreeFault(address, thread.name(), Phrases.useAfterFree(
            Phrases.access(length, write, address), Phrases.where(offset, length, block.size(),
                Phrases.blockOfSize(block.id(), block.size())), threads.freedBy(block),
            threads.allocatedBy(block)));
      }
      if (offset < 0 || offset > block.size() - length) {
        throw new OutOfBoundsFault(address, thread.name(), Phrases.outOfBlock(
            Phrases.access(length, write, address),
            Phrases.where(offset, length, block.size(), block.describe()),
            threads.allocatedBy(block)));
      }
      return heap.memory();
    }
    StackSlot slot = (StackSlot) provenance;
    Frame frame = slot.frame();
    if (!frame.isLiveLocked()) {
      throw new DanglingStackPointerFault(address, thread.name(), Phrases.dangling(
          Phrases.access(length, write, address),
          Phrases.where(offset, length, slot.length(), slot.describe()),
          frame.isUndone() ? Phrases.undone(frame.poppedAt())
              : Phrases.poppedAt(frame.poppedAt())));
    }
    if (offset < 0 || offset > slot.length() - length) {
      throw new OutOfBoundsFault(address, thread.name(), Phrases.access(length, write, address)
          + ", " + Phrases.where(offset, length, slot.length(), slot.describe()));
    }
    return frame.thread().memory();
  }

  private PagedMemory resolveRaw(long address, long length, boolean write, ThreadContext thread) {
    if (address >= 0 && address < AddressSpace.PAGE_SIZE) {
      throw new NullDereferenceFault(address, thread.name(),
          Phrases.nullAccess(Phrases.access(length, write, address), address));
    }
    PagedMemory memory = mapped(address, length);
    if (memory == null) {
      throw new SegmentationFault(address, thread.name(),
          Phrases.unmapped(Phrases.access(length, write, address), whereIs(address)));
    }
    return memory;
  }

  /** {@return the memory that maps all of {@code [address, address + length)}, or null} */
  private PagedMemory mapped(long address, long length) {
    long heapEnd = heap.end();
    if (address >= AddressSpace.HEAP_BASE && address < heapEnd) {
      return length <= heapEnd - address ? heap.memory() : null;
    }
    ThreadContext owner = threads.stackOwner(address);
    if (owner != null && length <= owner.top() - address) {
      return owner.memory();
    }
    return null;
  }

  /** {@return the thread whose stack region holds {@code address}, or null} */
  ThreadContext stackOwner(long address) {
    return threads.stackOwner(address);
  }

  private String whereIs(long address) {
    long heapEnd = heap.end();
    if (address < 0 || address >= AddressSpace.STACK_TOP) {
      return Phrases.aboveStacks();
    }
    if (address < AddressSpace.HEAP_BASE) {
      return Phrases.belowHeap(AddressSpace.HEAP_BASE);
    }
    if (address < heapEnd) {
      return Phrases.pastBreak(true, heapEnd);
    }
    if (address < AddressSpace.HEAP_BASE + heapLimit) {
      return Phrases.pastBreak(false, heapEnd);
    }
    ThreadContext above = threads.lowestStackAbove(address);
    if (above != null && address >= above.bottom()) {
      return Phrases.pastStackTop(above.name());
    }
    if (above != null && address >= ThreadTable.guardBottom(above)) {
      return Phrases.guardGap(above.name());
    }
    return Phrases.betweenHeapAndStacks();
  }
}
