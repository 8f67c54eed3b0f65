package io.github.memsim.cost;

/** What a cache level does with a store. */
public enum WritePolicy {
  /**
   * Write-back with write-allocate: a store that misses brings the line in (like a load), a
   * store marks its line dirty, and a dirty line is written to the next level when it is
   * evicted (a write-back, charged to the access whose fill evicted it).
   */
  WRITE_BACK,
  /**
   * Write-through without write-allocate: a store that hits updates the line and is passed on
   * to the next level as well; a store that misses is passed on without bringing the line in.
   * Lines are never dirty.
   */
  WRITE_THROUGH
}
