package io.github.memsim.alloc;

import static io.github.memsim.alloc.FreeIndex.notIndexed;
import static io.github.memsim.internal.Text.hex;

import io.github.memsim.internal.FreeBlockTree;
import java.util.function.LongPredicate;

/**
 * First-fit's and next-fit's free blocks: one {@link FreeBlockTree} by address, with the largest
 * size of each subtree, and next-fit's rover.
 *
 * <ul>
 *   <li>first-fit chooses the lowest-address free block that fits;</li>
 *   <li>next-fit the lowest-address fit at or after the rover, else the lowest-address fit
 *       before it. The rover is the block last chosen from the free blocks; it does not move
 *       when the heap grows, and it moves to the start of a merged block that swallows it.</li>
 * </ul>
 *
 * <p>Splits and merges never reorder the blocks (no other free block lies between the pieces),
 * so they change entries in place; a split right after a search changes the entry the search
 * found without a walk down. The number of free blocks below the rover is kept as blocks come
 * and go below it and as it moves, so that the textbook scan count costs no search.
 */
final class AddressOrderedFreeIndex implements FreeIndex {
  private final FreeBlockTree tree = new FreeBlockTree(FreeBlockTree.Order.BY_ADDRESS);
  private final boolean nextFit;
  /** Where the rover starts: the first block. */
  private final long firstBlock;
  /** Next-fit's rover: the address of the block last chosen from the free blocks. */
  private long rover;
  /** How many free blocks lie below the rover. */
  private int roverRank;
  /** The position {@link #choose} last found, or NIL; valid until the tree next changes. */
  private int fit = FreeBlockTree.NIL;
  /** The rank of the block {@link #choose} last found. */
  private int fitRank;

  /**
   * Creates an empty index.
   *
   * @param nextFit whether to choose as next-fit does (else first-fit)
   * @param firstBlock the address of the heap's first block, where the rover starts
   */
  AddressOrderedFreeIndex(boolean nextFit, long firstBlock) {
    this.nextFit = nextFit;
    this.firstBlock = firstBlock;
    this.rover = firstBlock;
  }

  @Override
  public long choose(long needed) {
    int found;
    if (nextFit) {
      found = tree.firstFit(rover, needed);
      if (found == FreeBlockTree.NIL) {
        found = tree.firstFit(Long.MIN_VALUE, needed);
      }
    } else {
      found = tree.firstFit(Long.MIN_VALUE, needed);
    }
    fit = found;
    if (found == FreeBlockTree.NIL) {
      return NONE;
    }
    fitRank = tree.rankOfLastFit();
    return tree.key(found);
  }

  @Override
  public long chosenSize() {
    return tree.value(fit);
  }

  /**
   * First-fit walks the list in address order from the start, next-fit from the rover (wrapping
   * around); both stop at the block they choose.
   */
  @Override
  public long scanProbes(long block) {
    if (!nextFit) {
      return fitRank + 1L;
    }
    return block >= rover ? fitRank - roverRank + 1L : tree.count() - roverRank + fitRank + 1L;
  }

  @Override
  public void placed(long block) {
    if (nextFit) {
      // The blocks below the chosen one are below the new rover; its remainder is above.
      rover = block;
      roverRank = fitRank;
    }
  }

  @Override
  public void insert(long block, long size) {
    tree.insert(block, size);
    countedBelowRover(block, 1);
  }

  @Override
  public boolean remove(long block, long size) {
    if (!tree.remove(block, size)) {
      return false;
    }
    countedBelowRover(block, -1);
    return true;
  }

  @Override
  public boolean split(long block, long size, long rest, long restSize) {
    // The entry at fit is the block's by construction, and must agree with its tags on the size.
    int found = fit;
    fit = FreeBlockTree.NIL;
    if (found != FreeBlockTree.NIL && tree.value(found) == size) {
      tree.rekeyFound(found, rest, restSize);
      return true;
    }
    return tree.rekey(block, size, rest, restSize);
  }

  @Override
  public void merge(long start, long previousSize, long block, long size, long nextSize) {
    fit = FreeBlockTree.NIL;
    long next = block + size;
    long total = previousSize + size + nextSize;
    if (previousSize > 0 && nextSize > 0) {
      if (!tree.remove(next, nextSize)) {
        throw notIndexed(next, nextSize);
      }
      if (!tree.rekey(start, previousSize, start, total)) {
        tree.insert(next, nextSize);
        throw notIndexed(start, previousSize);
      }
      countedBelowRover(next, -1);
    } else if (previousSize > 0) {
      if (!tree.rekey(start, previousSize, start, total)) {
        throw notIndexed(start, previousSize);
      }
    } else if (nextSize > 0) {
      if (!tree.rekey(next, nextSize, block, total)) {
        throw notIndexed(next, nextSize);
      }
    } else {
      insert(block, size);
    }
    if (rover > start && rover < start + total) {
      // The rover was this block or the free one after it: of the free blocks below it, only
      // the one before it (now merged at start, the new rover) is no longer below.
      rover = start;
      if (previousSize > 0) {
        roverRank--;
      }
    }
  }

  /** Keeps the count of free blocks below the rover as one comes or goes at {@code block}. */
  private void countedBelowRover(long block, int change) {
    if (block < rover) {
      roverRank += change;
    }
  }

  @Override
  public boolean contains(long block, long size) {
    return tree.contains(block, size);
  }

  @Override
  public int count() {
    return tree.count();
  }

  @Override
  public long maxSize() {
    return tree.maxSize();
  }

  @Override
  public long visits() {
    return tree.visits();
  }

  @Override
  public void clear() {
    tree.clear();
    fit = FreeBlockTree.NIL;
    rover = firstBlock;
    roverRank = 0;
  }

  @Override
  public void checkState(LongPredicate isBlockStart) {
    if (nextFit && !isBlockStart.test(rover)) {
      throw new HeapCorruptionException(rover, "next-fit rover " + hex(rover)
          + " is not the start of a block");
    }
  }

  @Override
  public Runnable save() {
    FreeBlockTree.Saved saved = tree.save();
    long savedRover = rover;
    int savedRoverRank = roverRank;
    return () -> {
      tree.restore(saved);
      fit = FreeBlockTree.NIL;
      rover = savedRover;
      roverRank = savedRoverRank;
    };
  }
}
