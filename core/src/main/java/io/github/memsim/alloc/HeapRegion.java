package io.github.memsim.alloc;

/**
 * The part of simulated memory an allocator manages: a contiguous range that starts at
 * {@link #base()}, ends at the current break and can grow, like {@code sbrk}, up to a limit.
 *
 * <p>An allocator keeps all its in-heap bookkeeping (tags, and links if it has any) in this
 * region through the word accessors, so that what it writes is real simulated bytes. Accesses
 * outside {@code [base, break)} throw {@link HeapCorruptionException}: an allocator that reads
 * there is following a damaged tag.
 *
 * <p>Implementations are supplied by the memory model; allocators do not implement it.
 */
public interface HeapRegion {
  /** The value {@link #grow(long)} returns when the limit would be passed. */
  long GROWTH_FAILED = -1L;

  /** {@return the first address of the region} */
  long base();

  /** {@return the current size in bytes: the break minus the base} */
  long size();

  /** {@return the size the region may grow to, in bytes} */
  long limit();

  /** {@return the address one past the last byte of the region} */
  default long end() {
    return base() + size();
  }

  /**
   * Moves the break up by {@code bytes}.
   *
   * @param bytes how much to grow; positive
   * @return the previous break, or {@link #GROWTH_FAILED} (and nothing changes) if the region
   * would pass its limit
   */
  long grow(long bytes);

  /**
   * Reads a little-endian 4-byte word.
   *
   * @param address an address inside the region
   * @return the word
   */
  int readInt(long address);

  /**
   * Writes a little-endian 4-byte word.
   *
   * @param address an address inside the region
   * @param value the word
   */
  void writeInt(long address, int value);

  /**
   * Reads a little-endian 8-byte word.
   *
   * @param address an address inside the region
   * @return the word
   */
  long readLong(long address);

  /**
   * Writes a little-endian 8-byte word.
   *
   * @param address an address inside the region
   * @param value the word
   */
  void writeLong(long address, long value);

  /**
   * Adds to the index-probe counter: the nodes of the allocator's own search structure (or the
   * free blocks, for an allocator that walks a list) that it examined for the call under way.
   *
   * @param count how many were examined
   */
  void countProbes(long count);

  /**
   * Adds to the scan-probe counter: the free blocks that a textbook linear scan of the free
   * list, in the policy's order, would have examined to make the same choice (OSTEP's "searched
   * N elements"). An allocator that does walk such a list counts the same number both ways.
   *
   * @param count how many a linear scan would examine
   */
  void countScanProbes(long count);
}
