package io.github.memsim.alloc;

import static io.github.memsim.internal.Text.hex;

/**
 * An arena: allocation moves a cursor up through the heap and never looks back; {@code free}
 * releases nothing until {@link #reset()} makes the whole arena available again.
 *
 * <h2>Heap picture</h2>
 * The same tagged blocks as the other strategies (see {@link BlockLayout}), so that the heap can
 * be walked and checked the same way:
 * <pre>
 *  | prologue | block | block (released) | block | tail (free, one block) | epilogue |
 *                                                 ^ cursor
 * </pre>
 * Everything below the cursor has been handed out; a freed block has its tags flipped to free
 * but stays where it is ("released"), and is never reused before a reset. Everything from the
 * cursor to the epilogue is the tail, written as one free block.
 *
 * <h2>Allocation</h2>
 * The block is cut from the front of the tail; a remainder smaller than the minimum block goes
 * with it. When the tail is too short the heap grows by max(shortfall, growth chunk), or by just
 * the shortfall near the limit.
 */
final class BumpAllocator extends AbstractTaggedAllocator {
  private long cursor;

  BumpAllocator(String name, HeapRegion region, BlockLayout layout) {
    super(name, region, layout);
    cursor = firstBlock;
    growBy(layout.growthChunk());
  }


  @Override
  public long allocate(long payloadBytes) {
    if (payloadBytes > layout.maximumRequest() || payloadBytes > region.limit()) {
      return NO_MEMORY;
    }
    long needed = layout.blockSize(payloadBytes);
    long tail = epilogue() - cursor;
    if (tail < needed) {
      long shortfall = needed - tail;
      long grown = growBy(Math.max(shortfall, layout.growthChunk()));
      if (grown < 0 && shortfall < layout.growthChunk()) {
        grown = growBy(shortfall);
      }
      if (grown < 0) {
        return NO_MEMORY;
      }
      tail = epilogue() - cursor;
      writeBlock(cursor, tail, false);
    }
    // The tail is the only free block: one look, whichever way it is counted.
    region.countProbes(1);
    region.countScanProbes(1);
    long block = cursor;
    if (tail - needed >= minimumBlock) {
      writeBlock(block, needed, true);
      cursor += needed;
      writeBlock(cursor, tail - needed, false);
    } else {
      writeBlock(block, tail, true);
      cursor += tail;
    }
    return block + headerBytes;
  }

  @Override
  public void checkFree(long payloadAddress) {
    allocatedBlockSize(payloadAddress - headerBytes);
  }

  @Override
  public void free(long payloadAddress) {
    free(payloadAddress, -1);
  }

  @Override
  public void free(long payloadAddress, long payloadBytes) {
    long block = payloadAddress - headerBytes;
    long size = allocatedBlockSize(block, expectedBlockSize(payloadBytes));
    writeBlock(block, size, false);
  }

  @Override
  public void reset() {
    cursor = firstBlock;
    long size = epilogue() - firstBlock;
    if (size > 0) {
      writeBlock(firstBlock, size, false);
    }
  }

  @Override
  public void check() {
    checkTiling((block, size, payload, allocated) -> {
      if (block > cursor) {
        throw new HeapCorruptionException(block, "free block at " + hex(block)
            + " lies beyond the tail at " + hex(cursor));
      }
    });
    long end = epilogue();
    if (cursor < end) {
      long tag = readTag(cursor);
      if (isAllocated(tag) || sizeOf(tag) != end - cursor) {
        throw new HeapCorruptionException(cursor, "tail at " + hex(cursor) + " has header "
            + describeTag(tag) + " but should be one free block of " + (end - cursor)
            + " bytes");
      }
    }
  }

  @Override
  public Saved save() {
    long savedCursor = cursor;
    return () -> cursor = savedCursor;
  }

  @Override
  public AllocatorStatistics statistics() {
    long tail = epilogue() - cursor;
    return new AllocatorStatistics(tail > 0 ? 1 : 0, tail, tail);
  }
}
