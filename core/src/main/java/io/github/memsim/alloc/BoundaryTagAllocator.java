package io.github.memsim.alloc;

import static io.github.memsim.internal.Text.hex;

import io.github.memsim.internal.FreeBlockTree;
import io.github.memsim.internal.SizeBinnedIndex;

/**
 * The boundary-tag allocator behind first-fit, next-fit, best-fit and worst-fit: one engine with
 * immediate coalescing whose strategies differ only in which free block they choose.
 *
 * <h2>Heap picture</h2>
 * See {@link BlockLayout} and {@link TaggedHeap}: padding, an allocated prologue, blocks with a
 * header and a footer each, and an epilogue header at the break. Every tag is a word of
 * simulated memory.
 *
 * <h2>Free index</h2>
 * The free blocks are also kept in an index outside the simulated heap, so a fit is found in
 * O(log n) instead of by walking the heap; it picks exactly the block the textbook linear scan
 * picks:
 * <ol>
 *   <li>first-fit: the lowest-address free block that fits (tree by address, with the largest
 *       size of each subtree);</li>
 *   <li>next-fit: the lowest-address fit at or after the rover, else the lowest-address fit
 *       before it. The rover is the block last chosen from the free blocks; it does not move
 *       when the heap grows, and it moves to the start of a coalesced block that swallows
 *       it;</li>
 *   <li>best-fit: the smallest free block that fits, the lowest address among equals (a
 *       {@link SizeBinnedIndex}: a bin of each small size, in address order, with a bitmap of
 *       the bins that hold blocks, and a tree by size and address of the larger blocks);</li>
 *   <li>worst-fit: the largest free block, the lowest address among equals, if it fits (the
 *       same size bins).</li>
 * </ol>
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
final class BoundaryTagAllocator extends TaggedHeap {
  /** The choice among free blocks that fit. */
  enum Placement {
    FIRST_FIT, NEXT_FIT, BEST_FIT, WORST_FIT;

    boolean indexedByAddress() {
      return this == FIRST_FIT || this == NEXT_FIT;
    }
  }

  /** The address that stands for "no free block fits", as both indexes say it. */
  private static final long NO_FIT = SizeBinnedIndex.NONE;

  private final Placement placement;
  private final boolean byAddress;
  /** First-fit's and next-fit's free blocks; null for best-fit and worst-fit. */
  private final FreeBlockTree freeIndex;
  /** Best-fit's and worst-fit's free blocks; null for first-fit and next-fit. */
  private final SizeBinnedIndex sizeIndex;
  private long freeBytes;
  /** Next-fit's rover: the address of the block last chosen from the free blocks. */
  private long rover;
  /**
   * Next-fit: how many free blocks lie below the rover, kept as blocks come and go below it and
   * as the rover moves, so that the textbook scan count costs no search.
   */
  private int roverRank;
  private long reportedVisits;

  BoundaryTagAllocator(String name, Placement placement, HeapRegion region, BlockLayout layout) {
    super(name, region, layout);
    this.placement = placement;
    this.byAddress = placement.indexedByAddress();
    this.freeIndex = byAddress ? new FreeBlockTree(FreeBlockTree.Order.BY_ADDRESS) : null;
    this.sizeIndex = byAddress ? null : new SizeBinnedIndex(layout.alignment());
    this.rover = firstBlock;
    this.roverRank = 0;
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
    long block;
    int fit = FreeBlockTree.NIL;
    if (byAddress) {
      fit = findFitByAddress(needed);
      block = fit == FreeBlockTree.NIL ? NO_FIT : freeIndex.key(fit);
    } else {
      block = placement == Placement.BEST_FIT ? sizeIndex.bestFit(needed)
          : sizeIndex.worstFit(needed);
    }
    reportProbes();
    if (block != NO_FIT) {
      int rank = byAddress ? freeIndex.rankOfLastFit() : 0;
      region.countScanProbes(scanProbes(rank, block));
      place(block, needed, fit, byAddress ? freeIndex.value(fit) : sizeIndex.sizeOfLastFit());
      if (placement == Placement.NEXT_FIT) {
        // The blocks below the chosen one are below the new rover; its remainder is above.
        rover = block;
        roverRank = rank;
      }
      return block + headerBytes;
    }
    // Nothing fits: a linear scan would have looked at every free block.
    region.countScanProbes(freeCount());
    block = extend(needed);
    if (block < 0) {
      return NO_MEMORY;
    }
    place(block, needed, FreeBlockTree.NIL, -1);
    return block + headerBytes;
  }

  private void reportProbes() {
    long visits = byAddress ? freeIndex.visits() : sizeIndex.visits();
    region.countProbes(visits - reportedVisits);
    reportedVisits = visits;
  }

  /**
   * {@return how many free blocks the textbook linear scan examines to choose {@code block}}
   * First-fit walks the list in address order from the start, next-fit from the rover
   * (wrapping around), and stop at the block they choose; best-fit and worst-fit must see every
   * free block to know which is smallest or largest.
   */
  private long scanProbes(int chosen, long block) {
    return switch (placement) {
      case FIRST_FIT -> chosen + 1L;
      case NEXT_FIT -> {
        int start = roverRank;
        yield block >= rover ? chosen - start + 1L
            : freeIndex.count() - start + chosen + 1L;
      }
      case BEST_FIT, WORST_FIT -> sizeIndex.count();
    };
  }

  /**
   * {@return first-fit's or next-fit's choice: the index position of the chosen free block, or
   * {@link FreeBlockTree#NIL}}
   */
  private int findFitByAddress(long needed) {
    if (placement == Placement.FIRST_FIT) {
      return freeIndex.firstFit(Long.MIN_VALUE, needed);
    }
    int node = freeIndex.firstFit(rover, needed);
    return node != FreeBlockTree.NIL ? node : freeIndex.firstFit(Long.MIN_VALUE, needed);
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
   * @param fit the block's index position if findFit has just returned it, else NIL
   * @param indexedSize the block's size as the free index has it, or -1 if it has none
   */
  private void place(long block, long needed, int fit, long indexedSize) {
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
      // The remainder sorts where the block did, so an address-ordered index updates in place.
      if (byAddress) {
        rekeyFree(block, size, block + needed, size - needed, fit);
      } else {
        removeFree(block, size);
        addFree(block + needed, size - needed);
      }
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
    if (byAddress) {
      // No other free block lies between the merged pieces, so the index updates in place.
      if (mergePrevious && mergeNext) {
        if (!freeIndex.remove(block + size, nextSize)) {
          throw notIndexed(block + size, nextSize);
        }
        if (!freeIndex.rekey(start, previousSize, start, total)) {
          freeIndex.insert(block + size, nextSize);
          throw notIndexed(start, previousSize);
        }
        countedBelowRover(block + size, -1);
        freeBytes += size;
      } else if (mergePrevious) {
        if (!freeIndex.rekey(start, previousSize, start, total)) {
          throw notIndexed(start, previousSize);
        }
        freeBytes += size;
      } else if (mergeNext) {
        if (!freeIndex.rekey(block + size, nextSize, block, total)) {
          throw notIndexed(block + size, nextSize);
        }
        freeBytes += size;
      } else {
        addFree(block, size);
      }
    } else {
      if (mergePrevious) {
        removeFree(start, previousSize);
      }
      if (mergeNext) {
        try {
          removeFree(block + size, nextSize);
        } catch (HeapCorruptionException e) {
          if (mergePrevious) {
            addFree(start, previousSize);
          }
          throw e;
        }
      }
      addFree(start, total);
    }
    if (writeOwnTags || mergePrevious || mergeNext) {
      writeBlock(start, total, false);
    }
    if (rover > start && rover < start + total) {
      // The rover was this block or the free one after it: of the free blocks below it, only
      // the one before it (now merged at start, the new rover) is no longer below.
      rover = start;
      if (mergePrevious) {
        roverRank--;
      }
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

  /** Keeps next-fit's count of free blocks below the rover as one comes or goes at {@code block}. */
  private void countedBelowRover(long block, int change) {
    if (block < rover) {
      roverRank += change;
    }
  }

  private void addFree(long block, long size) {
    if (byAddress) {
      freeIndex.insert(block, size);
      countedBelowRover(block, 1);
    } else {
      sizeIndex.insert(size, block);
    }
    freeBytes += size;
  }

  private void removeFree(long block, long size) {
    boolean found = byAddress ? freeIndex.remove(block, size) : sizeIndex.remove(size, block);
    if (!found) {
      throw notIndexed(block, size);
    }
    if (byAddress) {
      countedBelowRover(block, -1);
    }
    freeBytes -= size;
  }

  /**
   * Replaces an address-ordered free block by one that sorts in the same place; at {@code fit}
   * without a search, if firstFit has just returned that position.
   */
  private void rekeyFree(long block, long size, long newBlock, long newSize, int fit) {
    // The entry at fit is the block's by construction, and must agree with its tags on the size.
    if (fit != FreeBlockTree.NIL && freeIndex.value(fit) == size) {
      freeIndex.rekeyFound(fit, newBlock, newSize);
    } else if (!freeIndex.rekey(block, size, newBlock, newSize)) {
      throw notIndexed(block, size);
    }
    freeBytes += newSize - size;
  }

  private static HeapCorruptionException notIndexed(long block, long size) {
    return new HeapCorruptionException(block, "free block at " + hex(block) + " (size " + size
        + ") is not in the free index");
  }

  private boolean indexed(long block, long size) {
    return byAddress ? freeIndex.contains(block, size) : sizeIndex.contains(size, block);
  }

  private int freeCount() {
    return byAddress ? freeIndex.count() : sizeIndex.count();
  }

  @Override
  public void reset() {
    if (byAddress) {
      freeIndex.clear();
    } else {
      sizeIndex.clear();
    }
    freeBytes = 0;
    long size = epilogue() - firstBlock;
    writeBlock(firstBlock, size, false);
    rover = firstBlock;
    roverRank = 0;
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
    if (seen[0] != freeCount() || seen[1] != freeBytes) {
      throw new HeapCorruptionException(firstBlock, "the free index holds " + freeCount()
          + " blocks (" + freeBytes + " bytes) but the heap has " + seen[0] + " free blocks ("
          + seen[1] + " bytes)");
    }
    if (placement == Placement.NEXT_FIT && !isBlockStart(rover)) {
      throw new HeapCorruptionException(rover, "next-fit rover " + hex(rover)
          + " is not the start of a block");
    }
  }

  private boolean isBlockStart(long address) {
    boolean[] found = {address == firstBlock || address == epilogue()};
    walk((block, size, payload, allocated) -> found[0] |= block == address);
    return found[0];
  }

  @Override
  public Saved save() {
    FreeBlockTree.Saved index = byAddress ? freeIndex.save() : null;
    SizeBinnedIndex.Saved sizes = byAddress ? null : sizeIndex.save();
    long savedFreeBytes = freeBytes;
    long savedRover = rover;
    int savedRoverRank = roverRank;
    long savedVisits = reportedVisits;
    return () -> {
      if (byAddress) {
        freeIndex.restore(index);
      } else {
        sizeIndex.restore(sizes);
      }
      freeBytes = savedFreeBytes;
      rover = savedRover;
      roverRank = savedRoverRank;
      reportedVisits = savedVisits;
    };
  }

  @Override
  public AllocatorStatistics statistics() {
    return new AllocatorStatistics(freeCount(), freeBytes,
        byAddress ? freeIndex.maxSize() : sizeIndex.maxSize());
  }
}
