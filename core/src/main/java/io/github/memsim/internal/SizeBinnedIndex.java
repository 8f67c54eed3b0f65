package io.github.memsim.internal;

import java.util.Arrays;

/**
 * The free blocks of best-fit and worst-fit, ordered by size and then by address: a bin for each
 * block size below {@value #BINS} granules, each a {@link FreeBlockTree} of the blocks of that one
 * size in address order, and one tree of every larger block by size and address.
 *
 * <p>A bitmap with a bit per bin (256 bits, four words) says which bins hold blocks, so the
 * smallest size that fits a request is found by a look at the bitmap instead of a walk down a
 * tree of every free block; the lowest address of that size is the first entry of its bin. The
 * answers are exactly those of one tree ordered by (size, address), and of the textbook's linear
 * scan: best-fit takes the smallest block that fits, the lowest address among equals; worst-fit
 * the largest, the lowest address among equals. Only the bins hold fewer blocks, so their trees
 * are shallower, and a block moves between bins without touching the others.
 *
 * <p>Every size must be a positive multiple of the granule (the layout's alignment, which every
 * block size is). Searches count {@link #visits()}: one for the bitmap, when it is read, and the
 * tree nodes they look at. Not thread-safe.
 */
public final class SizeBinnedIndex {
  /** What the searches return when no block qualifies. */
  public static final long NONE = -1L;

  /** The number of bins: block sizes of 0 to {@code BINS - 1} granules each have one. */
  static final int BINS = 256;

  private final int shift;
  private final long granuleMask;
  /** The bins, made when a block of their size is first added. */
  private FreeBlockTree[] bins = new FreeBlockTree[BINS];
  /** Bit {@code b} is set when bin {@code b} holds a block. */
  private final long[] occupied = new long[BINS / Long.SIZE];
  /** Blocks of {@code BINS} granules and more, by size and then address. */
  private final FreeBlockTree large = new FreeBlockTree(FreeBlockTree.Order.BY_SIZE);
  /** The bins' walks down, shared: a change touches one bin at a time. */
  private final FreeBlockTree.Path binPath = new FreeBlockTree.Path();
  private int count;
  private long visits;
  /** The size of the block that the last successful search found. */
  private long foundSize;

  /**
   * Creates an empty index.
   *
   * @param granule the unit of every block size; a power of two
   * @throws IllegalArgumentException if it is not a positive power of two
   */
  public SizeBinnedIndex(int granule) {
    if (granule <= 0 || Integer.bitCount(granule) != 1) {
      throw new IllegalArgumentException("granule must be a positive power of two but was "
          + granule);
    }
    this.shift = Integer.numberOfTrailingZeros(granule);
    this.granuleMask = granule - 1L;
  }

  /** {@return the number of blocks} */
  public int count() {
    return count;
  }

  /** {@return the bitmap reads and tree nodes that searches have looked at since creation} */
  public long visits() {
    return visits;
  }

  /** {@return the largest block size, or 0 when the index is empty} */
  public long maxSize() {
    if (large.count() > 0) {
      return large.maxSize();
    }
    int bin = highestBin();
    return bin < 0 ? 0 : (long) bin << shift;
  }

  /**
   * Finds best-fit's block: the smallest that holds {@code need} bytes, the lowest address among
   * blocks of that size.
   *
   * @return its address, or {@link #NONE} when no block is that large
   */
  public long bestFit(long need) {
    long granules = need <= 0 ? 0 : ((need - 1) >>> shift) + 1;
    if (granules < BINS) {
      visits++;
      int bin = occupiedFrom((int) granules);
      if (bin >= 0) {
        foundSize = (long) bin << shift;
        return firstIn(bins[bin]);
      }
    }
    long before = large.visits();
    int position = large.ceiling(need, Long.MIN_VALUE);
    visits += large.visits() - before;
    if (position == FreeBlockTree.NIL) {
      return NONE;
    }
    foundSize = large.key(position);
    return large.value(position);
  }

  /**
   * {@return the size of the block that the last successful {@link #bestFit} or
   * {@link #worstFit} found}
   */
  public long sizeOfLastFit() {
    return foundSize;
  }

  /**
   * Finds worst-fit's block: the largest, the lowest address among blocks of that size, if it
   * holds {@code need} bytes.
   *
   * @return its address, or {@link #NONE} when no block is that large
   */
  public long worstFit(long need) {
    if (large.count() > 0) {
      long largest = large.maxSize();
      if (largest < need) {
        return NONE;
      }
      long before = large.visits();
      int position = large.ceiling(largest, Long.MIN_VALUE);
      visits += large.visits() - before;
      foundSize = largest;
      return large.value(position);
    }
    visits++;
    int bin = highestBin();
    if (bin < 0 || (long) bin << shift < need) {
      return NONE;
    }
    foundSize = (long) bin << shift;
    return firstIn(bins[bin]);
  }

  private long firstIn(FreeBlockTree bin) {
    long before = bin.visits();
    int position = bin.first();
    visits += bin.visits() - before;
    return bin.value(position);
  }

  /** {@return the lowest occupied bin at or above {@code bin}, or -1} */
  private int occupiedFrom(int bin) {
    int word = bin >>> 6;
    long bits = occupied[word] & (-1L << bin);
    while (bits == 0) {
      if (++word == occupied.length) {
        return -1;
      }
      bits = occupied[word];
    }
    return (word << 6) + Long.numberOfTrailingZeros(bits);
  }

  /** {@return the highest occupied bin, or -1} */
  private int highestBin() {
    for (int word = occupied.length - 1; word >= 0; word--) {
      if (occupied[word] != 0) {
        return (word << 6) + 63 - Long.numberOfLeadingZeros(occupied[word]);
      }
    }
    return -1;
  }

  /**
   * Adds a block.
   *
   * @throws IllegalArgumentException if the size is not a positive multiple of the granule, or
   *     the block is there already
   */
  public void insert(long size, long address) {
    if (size <= 0 || (size & granuleMask) != 0) {
      throw new IllegalArgumentException("size " + size + " is not a positive multiple of "
          + (granuleMask + 1));
    }
    long granules = size >>> shift;
    if (granules < BINS) {
      int bin = (int) granules;
      FreeBlockTree tree = bins[bin];
      if (tree == null) {
        tree = new FreeBlockTree(FreeBlockTree.Order.BY_SIZE, 1, 0, binPath);
        bins[bin] = tree;
      }
      tree.insert(size, address);
      occupied[bin >>> 6] |= 1L << bin;
    } else {
      large.insert(size, address);
    }
    count++;
  }

  /**
   * Removes a block.
   *
   * @return whether it was there
   */
  public boolean remove(long size, long address) {
    long granules = size >>> shift;
    boolean removed;
    if (size > 0 && granules < BINS) {
      int bin = (int) granules;
      FreeBlockTree tree = bins[bin];
      removed = tree != null && tree.remove(size, address);
      if (removed && tree.count() == 0) {
        occupied[bin >>> 6] &= ~(1L << bin);
      }
    } else {
      removed = large.remove(size, address);
    }
    if (removed) {
      count--;
    }
    return removed;
  }

  /** {@return whether the index holds this block} */
  public boolean contains(long size, long address) {
    long granules = size >>> shift;
    if (size > 0 && granules < BINS) {
      FreeBlockTree tree = bins[(int) granules];
      return tree != null && tree.contains(size, address);
    }
    return large.contains(size, address);
  }

  /** Removes every block; the bins made so far are kept, empty, for reuse. */
  public void clear() {
    for (FreeBlockTree bin : bins) {
      if (bin != null) {
        bin.clear();
      }
    }
    Arrays.fill(occupied, 0L);
    large.clear();
    count = 0;
  }

  /** The whole index at one moment, as {@link #save()} copied it. */
  public static final class Saved {
    private final SizeBinnedIndex index;
    private final FreeBlockTree[] bins;
    private final FreeBlockTree.Saved[] binCopies;
    private final long[] occupied;
    private final FreeBlockTree.Saved large;
    private final int count;
    private final long visits;

    private Saved(SizeBinnedIndex index) {
      this.index = index;
      this.bins = index.bins.clone();
      this.binCopies = new FreeBlockTree.Saved[BINS];
      for (int b = 0; b < BINS; b++) {
        if (bins[b] != null) {
          binCopies[b] = bins[b].save();
        }
      }
      this.occupied = index.occupied.clone();
      this.large = index.large.save();
      this.count = index.count;
      this.visits = index.visits;
    }
  }

  /** {@return a copy of the whole index, tree for tree, for {@link #restore}} */
  public Saved save() {
    return new Saved(this);
  }

  /**
   * Makes the index what it was when {@code saved} was taken, tree for tree (so searches visit
   * the same nodes); {@code saved} stays usable.
   *
   * @throws IllegalArgumentException if it is a copy of another index
   */
  public void restore(Saved saved) {
    if (saved.index != this) {
      throw new IllegalArgumentException("a copy of another index");
    }
    bins = saved.bins.clone();
    for (int b = 0; b < BINS; b++) {
      if (bins[b] != null) {
        bins[b].restore(saved.binCopies[b]);
      }
    }
    System.arraycopy(saved.occupied, 0, occupied, 0, occupied.length);
    large.restore(saved.large);
    count = saved.count;
    visits = saved.visits;
  }

  /**
   * Checks every tree's structure, that each bin holds blocks of its one size and its bit says
   * whether it holds any, that the large tree holds no block a bin should, and the count. For
   * tests.
   *
   * @throws IllegalStateException at the first fault
   */
  void checkStructure() {
    int total = large.count();
    large.checkStructure();
    if (large.count() > 0 && large.key(large.first()) >>> shift < BINS) {
      throw new IllegalStateException("the large tree holds a block of "
          + large.key(large.first()) + " bytes");
    }
    for (int b = 0; b < BINS; b++) {
      FreeBlockTree bin = bins[b];
      int held = bin == null ? 0 : bin.count();
      if (((occupied[b >>> 6] >>> b) & 1) != (held > 0 ? 1 : 0)) {
        throw new IllegalStateException("bin " + b + " holds " + held + " blocks but its bit is "
            + ((occupied[b >>> 6] >>> b) & 1));
      }
      if (held > 0) {
        bin.checkStructure();
        long size = (long) b << shift;
        if (bin.key(bin.first()) != size || bin.maxSize() != size) {
          throw new IllegalStateException("bin " + b + " holds a block that is not of "
              + size + " bytes");
        }
        total += held;
      }
    }
    if (total != count) {
      throw new IllegalStateException("count " + count + " but " + total + " blocks");
    }
  }
}
