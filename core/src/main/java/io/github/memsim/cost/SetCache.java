package io.github.memsim.cost;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One set-associative cache: tags, valid and dirty bits, and the replacement state, in flat
 * arrays indexed by {@code set * ways + way}. It knows lines only (addresses shifted right by
 * the line size); what an access costs and how levels talk is {@link CacheSimulator}'s.
 *
 * <p>Not thread-safe: the simulator serialises all accesses.
 */
final class SetCache {
  /** The tag of an invalid way: no line address is negative. */
  private static final long INVALID = -1;

  final CacheLevel level;
  private final int ways;
  private final long setMask;
  /** Line address held by each way, or {@link #INVALID}. */
  private final long[] lines;
  private final boolean[] dirty;
  /** LRU: the clock of the last use; FIFO: the clock of the fill. */
  private final long[] stamps;
  /** Tree-PLRU: {@code ways - 1} bits per set, bit {@code i} of node {@code i}; 1 = go right. */
  private final long[] treeBits;
  private final SplittableRandom random;
  private final boolean lru;
  private long clock;

  /** The line the last {@link #fill} evicted, or {@link #INVALID}. */
  long evictedLine = INVALID;
  /** Whether the line the last {@link #fill} evicted was dirty. */
  boolean evictedDirty;

  SetCache(CacheLevel level) {
    this.level = level;
    this.ways = level.ways();
    this.setMask = level.sets() - 1L;
    int slots = level.sets() * ways;
    this.lines = new long[slots];
    Arrays.fill(lines, INVALID);
    this.dirty = new boolean[slots];
    this.stamps = new long[slots];
    this.treeBits = level.replacement() == Replacement.TREE_PLRU ? new long[level.sets()] : null;
    this.random = level.replacement() == Replacement.RANDOM
        ? new SplittableRandom(level.seed()) : null;
    this.lru = level.replacement() == Replacement.LRU;
  }

  /** {@return the slot holding {@code line}, or -1} */
  int find(long line) {
    int base = (int) (line & setMask) * ways;
    for (int slot = base, end = base + ways; slot < end; slot++) {
      if (lines[slot] == line) {
        return slot;
      }
    }
    return -1;
  }

  /** Records a use of the line in {@code slot} for the replacement policy. */
  void touch(int slot) {
    if (lru) {
      stamps[slot] = ++clock;
    } else if (treeBits != null) {
      pointAway(slot);
    }
  }

  boolean isDirty(int slot) {
    return dirty[slot];
  }

  void markDirty(int slot) {
    dirty[slot] = true;
  }

  void markClean(int slot) {
    dirty[slot] = false;
  }

  /**
   * Brings {@code line} (not present) in, evicting a victim if the set is full; the victim is
   * left in {@link #evictedLine} and {@link #evictedDirty}.
   *
   * @return the slot now holding the line
   */
  int fill(long line) {
    int base = (int) (line & setMask) * ways;
    int slot = victim(base);
    evictedLine = lines[slot];
    evictedDirty = evictedLine != INVALID && dirty[slot];
    lines[slot] = line;
    dirty[slot] = false;
    stamps[slot] = ++clock;
    if (treeBits != null) {
      pointAway(slot);
    }
    return slot;
  }

  /**
   * Drops {@code line} if present.
   *
   * @return 0 if absent, 1 if it was clean, 2 if it was dirty
   */
  int invalidate(long line) {
    int slot = find(line);
    if (slot < 0) {
      return 0;
    }
    lines[slot] = INVALID;
    boolean wasDirty = dirty[slot];
    dirty[slot] = false;
    return wasDirty ? 2 : 1;
  }

  private int victim(int base) {
    int end = base + ways;
    for (int slot = base; slot < end; slot++) {
      if (lines[slot] == INVALID) {
        return slot;
      }
    }
    switch (level.replacement()) {
      case RANDOM:
        return base + random.nextInt(ways);
      case TREE_PLRU:
        return followTree(base);
      default: {
        int oldest = base;
        for (int slot = base + 1; slot < end; slot++) {
          if (stamps[slot] < stamps[oldest]) {
            oldest = slot;
          }
        }
        return oldest;
      }
    }
  }

  /** Walks the set's tree from the root along its bits to a leaf. */
  private int followTree(int base) {
    int set = base / ways;
    long bits = treeBits[set];
    int node = 0;
    while (node < ways - 1) {
      node = 2 * node + 1 + (int) ((bits >>> node) & 1);
    }
    return base + node - (ways - 1);
  }

  /** Sets the bits on the path to {@code slot} to point away from it. */
  private void pointAway(int slot) {
    if (ways == 1) {
      return;
    }
    int set = slot / ways;
    int node = slot - set * ways + ways - 1;
    long bits = treeBits[set];
    while (node > 0) {
      int parent = (node - 1) / 2;
      boolean cameFromRight = node == 2 * parent + 2;
      bits = cameFromRight ? bits & ~(1L << parent) : bits | (1L << parent);
      node = parent;
    }
    treeBits[set] = bits;
  }

  /** {@return the lines held, in slot order, for tests and invariants} */
  long[] lines() {
    return lines.clone();
  }

  /** {@return whether {@code line} is held and dirty} */
  boolean holdsDirty(long line) {
    int slot = find(line);
    return slot >= 0 && dirty[slot];
  }
}
