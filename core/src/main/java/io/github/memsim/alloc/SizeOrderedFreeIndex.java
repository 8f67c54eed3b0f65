package io.github.memsim.alloc;

import static io.github.memsim.alloc.FreeIndex.notIndexed;

import io.github.memsim.internal.SizeBinnedIndex;
import java.util.function.LongPredicate;

/**
 * Best-fit's and worst-fit's free blocks: a {@link SizeBinnedIndex} (a bin of each small size,
 * in address order, with a bitmap of the bins that hold blocks, and a tree by size and address
 * of the larger blocks).
 *
 * <ul>
 *   <li>best-fit chooses the smallest free block that fits, the lowest address among equals;</li>
 *   <li>worst-fit the largest free block, the lowest address among equals, if it fits.</li>
 * </ul>
 *
 * <p>A split or merge changes a block's size, and so its place: the old entries are removed and
 * the new one added. Both policies must see every free block to know which is smallest or
 * largest, so the textbook scan count is the number of free blocks.
 */
final class SizeOrderedFreeIndex implements FreeIndex {
  private final SizeBinnedIndex index;
  private final boolean worstFit;

  /**
   * Creates an empty index.
   *
   * @param worstFit whether to choose as worst-fit does (else best-fit)
   * @param granule the unit of every block size (the layout's alignment)
   */
  SizeOrderedFreeIndex(boolean worstFit, int granule) {
    this.index = new SizeBinnedIndex(granule);
    this.worstFit = worstFit;
  }

  @Override
  public long choose(long needed) {
    long block = worstFit ? index.worstFit(needed) : index.bestFit(needed);
    return block == SizeBinnedIndex.NONE ? NONE : block;
  }

  @Override
  public long chosenSize() {
    return index.sizeOfLastFit();
  }

  @Override
  public long scanProbes(long block) {
    return index.count();
  }

  @Override
  public void placed(long block) {}

  @Override
  public void insert(long block, long size) {
    index.insert(size, block);
  }

  @Override
  public boolean remove(long block, long size) {
    return index.remove(size, block);
  }

  @Override
  public boolean split(long block, long size, long rest, long restSize) {
    if (!index.remove(size, block)) {
      return false;
    }
    index.insert(restSize, rest);
    return true;
  }

  @Override
  public void merge(long start, long previousSize, long block, long size, long nextSize) {
    if (previousSize > 0 && !index.remove(previousSize, start)) {
      throw notIndexed(start, previousSize);
    }
    if (nextSize > 0 && !index.remove(nextSize, block + size)) {
      if (previousSize > 0) {
        index.insert(previousSize, start);
      }
      throw notIndexed(block + size, nextSize);
    }
    index.insert(previousSize + size + nextSize, start);
  }

  @Override
  public boolean contains(long block, long size) {
    return index.contains(size, block);
  }

  @Override
  public int count() {
    return index.count();
  }

  @Override
  public long maxSize() {
    return index.maxSize();
  }

  @Override
  public long visits() {
    return index.visits();
  }

  @Override
  public void clear() {
    index.clear();
  }

  @Override
  public void checkState(LongPredicate isBlockStart) {}

  @Override
  public Runnable save() {
    SizeBinnedIndex.Saved saved = index.save();
    return () -> index.restore(saved);
  }
}
