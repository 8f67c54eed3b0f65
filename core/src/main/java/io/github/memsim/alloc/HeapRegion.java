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
   * Adds to the probe counter: free blocks or index nodes examined.
   *
   * @param count how many were examined
   */
  void countProbes(long count);
}
