package io.github.memsim.cost;

/**
 * The counts a {@link CostReport} keeps, each with one meaning. Every count is kept per level
 * (and for memory, the TLB and the allocator's search as rows of their own), per thread and
 * per {@link io.github.memsim.MemoryListener.Origin origin}.
 *
 * <p>An access is counted once at every level it reaches, by the kind it started as (a store
 * that misses a write-back level and fetches its line from the next is a store there too), so
 * that {@code loads + stores = load hits + store hits + misses} holds at every cache level. An
 * access of several bytes that spans lines is one access per line.
 */
public enum Counter {
  /** Loads that reached the level (at the TLB row: translations looked up by loads). */
  LOADS,
  /** Stores that reached the level (at the TLB row: translations looked up by stores). */
  STORES,
  /** Loads the level answered. */
  LOAD_HITS,
  /** Stores the level took without passing on a fetch (a write-through level passes the data on too). */
  STORE_HITS,
  /** Accesses the level could not answer (at the TLB row: translations not held). */
  MISSES,
  /** Misses of a line this cache never held (with miss classification on). */
  COMPULSORY_MISSES,
  /**
   * Misses a fully associative LRU cache of the same size would also have had (with miss
   * classification on).
   */
  CAPACITY_MISSES,
  /**
   * Misses a fully associative LRU cache of the same size would not have had: the set was full
   * while the cache was not (with miss classification on).
   */
  CONFLICT_MISSES,
  /** Misses of a line this thread lost to another thread's store (never classified otherwise). */
  COHERENCE_MISSES,
  /** Valid lines replaced to make room. */
  EVICTIONS,
  /** Dirty lines written to the next level or memory, on eviction or when another thread needed them. */
  WRITEBACKS,
  /** Copies in other threads' private caches that this thread's stores invalidated. */
  INVALIDATIONS,
  /** Lines this thread read that another thread held modified (a cache-to-cache transfer). */
  TRANSFERS,
  /** Free-index nodes the allocator visited (allocator search row only). */
  PROBES,
  /**
   * Cycles charged at this row: in the serial model latencies, write-backs landing here, TLB
   * penalties, probes and instruction costs; with {@link Overlap}, instruction costs, probes and
   * the waits for the accesses this row answered.
   */
  CYCLES,
  /** Lines a prefetcher brought into this level (see {@link Prefetcher}). */
  PREFETCHES,
  /**
   * Cycles a thread waited, with {@link Overlap}, for an access this row answered before it
   * could issue one whose address (or value) that access loaded: pointer chasing. Included in
   * {@link #CYCLES}.
   */
  DEPENDENT_WAIT,
  /**
   * Cycles a thread waited, with {@link Overlap}, for a miss slot held by an access this row
   * answered: independent misses beyond the slots. Included in {@link #CYCLES}.
   */
  QUEUE_WAIT
}
