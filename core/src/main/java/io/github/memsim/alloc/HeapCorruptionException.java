package io.github.memsim.alloc;

/**
 * An allocator's report that its in-heap structures are inconsistent: a tag that disagrees with
 * its partner, a block that runs past the heap, a free block missing from the free index.
 *
 * <p>Allocators throw it from {@link Allocator#check()} and from any operation that finds damage
 * before changing anything; the memory model reports it to users as a heap-corruption fault.
 */
public final class HeapCorruptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The address where the damage was found. */
  private final long address;

  /**
   * Creates an exception.
   *
   * @param address the address where the damage was found
   * @param message what is wrong, without the "heap corruption" prefix
   */
  public HeapCorruptionException(long address, String message) {
    super(message);
    this.address = address;
  }

  /** {@return the address where the damage was found} */
  public long address() {
    return address;
  }
}
