package io.github.memsim.alloc;

/**
 * A heap allocation strategy working on a {@link HeapRegion}: finds space for requests, takes
 * blocks back and keeps its books inside the region.
 *
 * <p>An allocator sees addresses and sizes only. Threads, provenance and the checks that a
 * payload address really is a live block belong to the memory model, which calls
 * {@link #free(long)} and {@link #usableSize(long)} only with payload addresses that this
 * allocator returned and that are still allocated.
 *
 * <p>Operations that cannot be carried out must leave the region exactly as it was: when
 * {@link #allocate(long)} cannot grow the region far enough it returns {@link #NO_MEMORY}
 * without writing anything, and when an operation finds damaged bookkeeping it throws
 * {@link HeapCorruptionException} before changing anything.
 *
 * <p>Instances are created by an {@link AllocatorProvider} and are not thread-safe; the model
 * serialises calls.
 */
public interface Allocator {
  /** The value {@link #allocate(long)} returns when the region cannot grow enough. */
  long NO_MEMORY = 0L;

  /** {@return the strategy's name, as registered with its provider} */
  String name();

  /** {@return the block format this allocator writes} */
  BlockLayout layout();

  /**
   * Finds or makes a block for {@code payloadBytes} bytes.
   *
   * @param payloadBytes the request; not negative
   * @return the payload address, aligned to the layout's alignment, or {@link #NO_MEMORY}
   */
  long allocate(long payloadBytes);

  /**
   * Takes back a block.
   *
   * @param payloadAddress a payload address returned by {@link #allocate(long)} and not yet freed
   */
  void free(long payloadAddress);

  /**
   * Takes back a block whose requested size the caller knows, as the memory model does: the
   * same as {@link #free(long)}, which the default calls. An allocator may use the size to
   * guess where the block's other bookkeeping lies and start reading it before its header has
   * arrived (the built-in strategies read the footer and the next block's header where a block
   * of exactly that request would end, when the header agrees); it must not trust it, and must
   * read and check, and report damage, exactly as {@link #free(long)} does.
   *
   * @param payloadAddress a payload address returned by {@link #allocate(long)} and not yet freed
   * @param payloadBytes the size that was requested for it, as a hint
   */
  default void free(long payloadAddress, long payloadBytes) {
    free(payloadAddress);
  }

  /**
   * Checks, without changing anything, that {@link #free(long)} of this block would succeed: the
   * model asks before a realloc allocates its new block, so that a realloc which could not free
   * the old one is refused before anything changes. The default checks nothing; the built-in
   * strategies check the block's tags and its free neighbours'.
   *
   * @param payloadAddress a payload address of a live block
   * @throws HeapCorruptionException if freeing it would meet damaged bookkeeping
   */
  default void checkFree(long payloadAddress) {}

  /**
   * Returns the payload bytes a live block can hold: at least what was requested.
   *
   * @param payloadAddress a payload address of a live block
   * @return the usable bytes
   */
  long usableSize(long payloadAddress);

  /**
   * Frees every block at once and makes the whole region available again; the region does not
   * shrink.
   */
  void reset();

  /**
   * Walks the region's blocks in address order, from the first block after the prologue to the
   * epilogue.
   *
   * @param visitor receives each block
   * @throws HeapCorruptionException if a tag leads outside the heap
   */
  void walk(BlockVisitor visitor);

  /**
   * Checks every invariant the allocator keeps: tags agree, blocks tile the region, free blocks
   * are in the free index and nowhere else, free space counters are right.
   *
   * @throws HeapCorruptionException describing the first disagreement
   */
  void check();

  /** {@return a snapshot of the free space} */
  AllocatorStatistics statistics();

  /**
   * Saves what this allocator keeps outside the region (its free index, a rover, counters), for
   * the model's snapshots ({@code MemoryModel.snapshot()}): the model saves the region's bytes
   * itself, and restores them before it calls {@link Saved#restore()}. After a restore, every
   * call must give what it gave the first time. The default refuses, and so the model cannot
   * take snapshots with this allocator; the built-in strategies save their state.
   *
   * @return what restores the state as it is now; usable any number of times
   * @throws UnsupportedOperationException if the allocator cannot save its state
   */
  default Saved save() {
    throw new UnsupportedOperationException("allocator '" + name() + "' cannot save its state"
        + " (Allocator.save), so the model cannot take snapshots");
  }

  /** An allocator's state as {@link #save()} found it. */
  @FunctionalInterface
  interface Saved {
    /** Puts the state back; the region's bytes have been restored already. */
    void restore();
  }
}
