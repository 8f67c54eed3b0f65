package io.github.memsim.alloc;

import static io.github.memsim.internal.Text.hex;


/**
 * The boundary-tag allocator behind first-fit, next-fit, best-fit and worst-fit: one engine with
 * immediate coalescing whose strategies differ only in which free block they choose.
 *
 * <h2>Heap picture</h2>
 * See {@link BlockLayout} and {@link AbstractTaggedAllocator}: padding, an allocated prologue, blocks with a
 * header and a footer each, and an epilogue header at the break. Every tag is a word of
 * simulated memory.
 *
 * <h2>Free index</h2>
 * The free blocks are also kept in one {@link FreeIndex} outside the simulated heap, so a fit is
 * found in O(log n) instead of by walking the heap; the index holds the policy too, and picks
 * exactly the block the textbook linear scan picks:
 * <ol>
 *   <li>first-fit: the lowest-address free block that fits;</li>
 *   <li>next-fit: the lowest-address fit at or after the rover (the block last chosen), else the
 *       lowest-address fit before it;</li>
 *   <li>best-fit: the smallest free block that fits, the lowest address among equals;</li>
 *   <li>worst-fit: the largest free block, the lowest address among equals, if it fits.</li>
 * </ol>
 * The first two keep an {@link AddressOrderedFreeIndex}, the last two a
 * {@link SizeOrderedFreeIndex}; the engine never asks which it holds.
 *
 * <h2>Allocation</h2>
 * A request of n bytes needs a block of {@link BlockLayout#blockSize(long)} bytes. If a free block
 * fits, it is split when the remainder is at least the minimum block (the allocated part first),
 * and otherwise handed out whole. If none fits, the heap grows by max(block size, growth chunk)
 * and the new space is coalesced with a free block at the end, as the CS:APP textbook allocator
 * does; only when that growth would pass the limit does the heap grow by just what the request
 * still needs.
 *
 * <h2>Free</h2>
 * A freed block is coalesced at once with a free neighbour on either side, found through the
 * footer of the block before and the header of the block after.
 */
final class BoundaryTagAllocator extends AbstractTaggedAllocator {
  /** The choice among free blocks that fit, and the index that makes it. */
  enum Placement {
    FIRST_FIT, NEXT_FIT, BEST_FIT, WORST_FIT;

    /** {@return an empty index that chooses as this placement does} */
    FreeIndex newIndex(BlockLayout layout, long firstBlock) {
      return switch (this) {
        case FIRST_FIT, NEXT_FIT -> new AddressOrderedFreeIndex(this == NEXT_FIT, firstBlock);
        case BEST_FIT, WORST_FIT -> new SizeOrderedFreeIndex(this == WORST_FIT,
            layout.alignment());
      };
    }
  }

  private final FreeIndex freeIndex;
  private long freeBytes;
  private long reportedVisits;

  BoundaryTagAllocator(String name, Placement placement, HeapRegion region, BlockLayout layout) {
    super(name, region, layout);
    this.freeIndex = placement.newIndex(layout, firstBlock);
    long chunk = growBy(layout.growthChunk());
    if (chunk >= 0) {
      addFree(chunk, layout.growthChunk());
    }
  }


  @Override
  public long allocate(long payloadBytes) {
    if (payloadBytes > layout.maximumRequest() || payloadBytes > region.limit()) {
      return NO_MEMORY;
    }
    long needed = layout.blockSize(payloadBytes);
    long block = freeIndex.choose(needed);
    reportProbes();
    if (block != FreeIndex.NONE) {
      region.countScanProbes(freeIndex.scanProbes(block));
      place(block, needed, freeIndex.chosenSize());
      freeIndex.placed(block);
      return block + headerBytes;
    }
    // Nothing fits: a linear scan would have looked at every free block.
    region.countScanProbes(freeIndex.count());
    block = extend(needed);
    if (block < 0) {
      return NO_MEMORY;
    }
    place(block, needed, -1);
    return block + headerBytes;
  }

  private void reportProbes() {
    long visits = freeIndex.visits();
    region.countProbes(visits - reportedVisits);
    reportedVisits = visits;
  }

  /**
   * Grows the heap for a block of {@code needed} bytes and coalesces the new space with a free
   * block at the end.
   *
   * @return the free block to place into, or -1 at the limit (nothing changed)
   */
  private long extend(long needed) {
    // Growth cannot be undone, so the block it will merge with is checked fully first.
    checkNeighbourBefore(epilogue(), true);
    long growth = Math.max(needed, layout.growthChunk());
    long block = growBy(growth);
    if (block < 0) {
      long lastTag = readTag(epilogue() - footerBytes);
      long trailingFree = isAllocated(lastTag) ? 0 : sizeOf(lastTag);
      long shortfall = needed - trailingFree;
      if (shortfall <= 0 || shortfall >= growth) {
        return -1;
      }
      growth = shortfall;
      block = growBy(growth);
      if (block < 0) {
        return -1;
      }
    }
    return coalesce(block, growth, false);
  }

  /**
   * Allocates {@code needed} bytes at the front of free block {@code block}, splitting it.
   *
   * @param indexedSize the block's size as the free index has it, or -1 if it has none
   */
  private void place(long block, long needed, long indexedSize) {
    long tag = readTag(block);
    long size = sizeOf(tag);
    // As in allocatedBlockSize: where the header agrees with the index, the footer is read at
    // the index's size, so its load does not wait for the header's bytes; two branches, so that
    // the processor predicts one rather than wait to choose an address.
    long footer;
    if (size == indexedSize) {
      footer = readTag(block + indexedSize - footerBytes);
    } else {
      footer = readTag(block + size - footerBytes);
    }
    if (isAllocated(tag) || indexedSize >= 0 && size != indexedSize || footer != tag) {
      throw new HeapCorruptionException(block, "free block at " + hex(block)
          + " chosen from the free index has header " + describeTag(tag) + " and footer "
          + describeTag(footer));
    }
    if (size - needed >= minimumBlock) {
      if (!freeIndex.split(block, size, block + needed, size - needed)) {
        throw FreeIndex.notIndexed(block, size);
      }
      freeBytes -= needed;
      writeBlock(block, needed, true);
      writeBlock(block + needed, size - needed, false);
    } else {
      removeFree(block, size);
      writeBlock(block, size, true);
    }
  }

  @Override
  public void checkFree(long payloadAddress) {
    checkedForFree(payloadAddress - headerBytes, true, -1);
  }

  @Override
  public void free(long payloadAddress) {
    free(payloadAddress, -1);
  }

  @Override
  public void free(long payloadAddress, long payloadBytes) {
    long block = payloadAddress - headerBytes;
    coalesce(block, checkedForFree(block, false, expectedBlockSize(payloadBytes)), true);
  }

  /**
   * Checks the allocated block at {@code block} and the free neighbours that freeing it would
   * coalesce with (also against the free index if {@code inIndex}), and returns its size.
   *
   * @param expected a guess of its size, or -1 (see {@link #allocatedBlockSize(long, long)})
   */
  private long checkedForFree(long block, boolean inIndex, long expected) {
    long size = allocatedBlockSize(block, expected);
    checkNeighbourBefore(block, inIndex);
    // As for the footer: at the guess, the next header's load need not wait for the header's.
    long nextTag;
    if (size == expected) {
      nextTag = readTag(block + expected);
    } else {
      nextTag = readTag(block + size);
    }
    if (!isAllocated(nextTag)) {
      checkFreeBlock(block + size, nextTag, inIndex);
    }
    return size;
  }

  /**
   * Merges the block at {@code block} (not in the index) with free neighbours, writes the
   * merged block's tags and adds it to the index. The neighbours are taken out of the index
   * first: if one is missing, the other is put back and nothing has been written.
   *
   * @param block the block's address
   * @param size its size
   * @param writeOwnTags whether the block's own tags still say allocated
   *
   * @return the address of the merged block
   */
  private long coalesce(long block, long size, boolean writeOwnTags) {
    long previousTag = readTag(block - footerBytes);
    long nextTag = readTag(block + size);
    boolean mergePrevious = !isAllocated(previousTag);
    boolean mergeNext = !isAllocated(nextTag);
    long previousSize = mergePrevious ? sizeOf(previousTag) : 0;
    long nextSize = mergeNext ? sizeOf(nextTag) : 0;
    long start = block - previousSize;
    long total = previousSize + size + nextSize;
    freeIndex.merge(start, previousSize, block, size, nextSize);
    freeBytes += size;
    if (writeOwnTags || mergePrevious || mergeNext) {
      writeBlock(start, total, false);
    }
    return start;
  }


  /** Checks, before anything is written, the free block (if any) that ends at {@code block}. */
  private void checkNeighbourBefore(long block, boolean inIndex) {
    long previousTag = readTag(block - footerBytes);
    if (!isAllocated(previousTag)) {
      long previous = block - sizeOf(previousTag);
      if (previous < firstBlock) {
        throw new HeapCorruptionException(block - footerBytes, "footer at "
            + hex(block - footerBytes) + " says " + describeTag(previousTag)
            + ", which starts before the first block");
      }
      checkFreeBlock(previous, previousTag, inIndex);
    }
  }

  /** Checks that a block whose tag says free has a matching partner tag (and is indexed). */
  private void checkFreeBlock(long block, long tag, boolean inIndex) {
    long size = sizeOf(tag);
    if (size < minimumBlock || block + size > epilogue()
        || readTag(block) != tag || readTag(block + size - footerBytes) != tag
        || inIndex && !indexed(block, size)) {
      throw new HeapCorruptionException(block, "free block at " + hex(block) + " "
          + describeTag(tag) + " has mismatched tags or is missing from the free index");
    }
  }

  private void addFree(long block, long size) {
    freeIndex.insert(block, size);
    freeBytes += size;
  }

  private void removeFree(long block, long size) {
    if (!freeIndex.remove(block, size)) {
      throw FreeIndex.notIndexed(block, size);
    }
    freeBytes -= size;
  }

  private boolean indexed(long block, long size) {
    return freeIndex.contains(block, size);
  }

  @Override
  public void reset() {
    freeIndex.clear();
    freeBytes = 0;
    long size = epilogue() - firstBlock;
    writeBlock(firstBlock, size, false);
    addFree(firstBlock, size);
  }

  @Override
  public void check() {
    long[] seen = new long[2];
    boolean[] previousFree = new boolean[1];
    long[] previousBlock = new long[1];
    checkTiling((block, size, payload, allocated) -> {
      if (!indexed(block, size)) {
        throw new HeapCorruptionException(block, "free block at " + hex(block) + " (size "
            + size + ") is missing from the free index");
      }
      seen[0]++;
      seen[1] += size;
    });
    walk((block, size, payload, allocated) -> {
      if (!allocated && previousFree[0]) {
        throw new HeapCorruptionException(block, "free blocks at " + hex(previousBlock[0])
            + " and " + hex(block) + " are adjacent but were not coalesced");
      }
      previousFree[0] = !allocated;
      previousBlock[0] = block;
    });
    if (seen[0] != freeIndex.count() || seen[1] != freeBytes) {
      throw new HeapCorruptionException(firstBlock, "the free index holds " + freeIndex.count()
          + " blocks (" + freeBytes + " bytes) but the heap has " + seen[0] + " free blocks ("
          + seen[1] + " bytes)");
    }
    freeIndex.checkState(this::isBlockStart);
  }

  private boolean isBlockStart(long address) {
    boolean[] found = {address == firstBlock || address == epilogue()};
    walk((block, size, payload, allocated) -> found[0] |= block == address);
    return found[0];
  }

  @Override
  public Saved save() {
    Runnable index = freeIndex.save();
    long savedFreeBytes = freeBytes;
    long savedVisits = reportedVisits;
    return () -> {
      index.run();
      freeBytes = savedFreeBytes;
      reportedVisits = savedVisits;
    };
  }

  @Override
  public AllocatorStatistics statistics() {
    return new AllocatorStatistics(freeIndex.count(), freeBytes, freeIndex.maxSize());
  }
}
