package io.github.memsim.cost;

/**
 * A translation lookaside buffer: each thread's cache of page translations, consulted once per
 * page an access touches, before the caches. A miss adds its penalty (the page walk) to the
 * access's cycles. LRU within each set. Immutable.
 *
 * @param entries translations held, a multiple of {@code ways}, with a power-of-two number of
 *     sets ({@code entries / ways})
 * @param ways entries per set, 1 to {@link CacheLevel#MAX_WAYS}
 * @param pageSize bytes per page, a power of two of at least 64
 * @param missPenalty cycles a miss adds, at least 0
 */
public record Tlb(int entries, int ways, int pageSize, int missPenalty) {
  /**
   * Checks the geometry.
   *
   * @param entries translations held
   * @param ways entries per set
   * @param pageSize bytes per page
   * @param missPenalty cycles a miss adds
   */
  public Tlb {
    if (ways < 1 || ways > CacheLevel.MAX_WAYS) {
      throw new IllegalArgumentException("TLB ways must be 1 to " + CacheLevel.MAX_WAYS + ", not "
          + ways);
    }
    if (entries < ways || entries % ways != 0 || Integer.bitCount(entries / ways) != 1) {
      throw new IllegalArgumentException("TLB entries must be a power-of-two number of sets of "
          + ways + " ways, not " + entries);
    }
    if (pageSize < 64 || Integer.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException("TLB page size must be a power of two of at least 64,"
          + " not " + pageSize);
    }
    if (missPenalty < 0) {
      throw new IllegalArgumentException("TLB miss penalty must not be negative, not "
          + missPenalty);
    }
  }

  /** {@return the TLB as a cache level of page numbers, for the simulator} */
  CacheLevel asLevel() {
    return CacheLevel.builder("TLB").sets(entries / ways).ways(ways).latency(0).build();
  }
}
