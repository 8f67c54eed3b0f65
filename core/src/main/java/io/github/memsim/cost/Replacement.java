package io.github.memsim.cost;

/**
 * Which line of a full set a cache evicts to make room. An invalid line is always taken first,
 * the lowest-numbered way first, whatever the policy.
 */
public enum Replacement {
  /** Least recently used: the line whose last access is oldest. */
  LRU,
  /** First in, first out: the line that was filled longest ago, however often it was used. */
  FIFO,
  /**
   * A way chosen by a pseudo-random generator seeded by the level's seed: the same seed and the
   * same accesses evict the same lines.
   */
  RANDOM,
  /**
   * Tree pseudo-LRU, as many hardware caches do it: a binary tree of {@code ways - 1} bits per
   * set, each pointing away from the half used last; the victim is found by following the bits.
   * Needs a power-of-two number of ways.
   */
  TREE_PLRU
}
