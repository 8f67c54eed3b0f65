package io.github.memsim;

/**
 * A simulated thread: it owns a {@link Stack}, shares the model's {@link Heap}, and is where
 * loads, stores and heap calls happen, so that each is attributed to a thread.
 *
 * <p>Every access through a {@link Pointer} is checked against the pointer's provenance and the
 * mapping; a failed check throws a {@link MemoryFault} and changes nothing. Values are stored
 * little-endian. A context is meant to be driven by one Java thread at a time.
 */
public interface ThreadContext {
  /** {@return the thread's name} */
  String name();

  /** {@return the thread's stack} */
  Stack stack();

  /** {@return the shared heap} */
  Heap heap();

  /**
   * Allocates {@code size} bytes; their contents are whatever the memory held.
   *
   * @param size the bytes wanted; 0 gives a unique pointer that may be freed but not dereferenced
   * @return a pointer to the new block, with the block as its provenance
   * @throws IllegalArgumentException if the size is negative
   * @throws OutOfMemoryFault if the heap cannot serve it within its limit
   */
  Pointer malloc(long size);

  /**
   * Allocates {@code count × size} bytes, all zero.
   *
   * @param count the number of elements
   * @param size the size of one element in bytes
   * @return a pointer to the new, zeroed block
   * @throws IllegalArgumentException if a factor is negative
   * @throws OutOfMemoryFault if the product overflows or the heap cannot serve it
   */
  Pointer calloc(long count, long size);

  /**
   * Resizes a block the textbook way: allocates a new block, copies the bytes both blocks hold,
   * frees the old one. {@code realloc(NULL, n)} is {@code malloc(n)}; {@code realloc(p, 0)} frees
   * {@code p} and returns {@link Pointer#NULL}. If the new block cannot be had, nothing changes.
   *
   * @param block the block to resize, or {@link Pointer#NULL}
   * @param size the new size in bytes
   * @return a pointer to the new block, or {@link Pointer#NULL} after {@code realloc(p, 0)}
   * @throws IllegalArgumentException if the size is negative
   * @throws MemoryFault if {@code block} is not a live block (as for {@link #free(Pointer)}, with a
   * use after free for a freed block), or {@link OutOfMemoryFault}
   */
  Pointer realloc(Pointer block, long size);

  /**
   * Frees a block; freeing {@link Pointer#NULL} does nothing.
   *
   * @param block a pointer returned by malloc, calloc or realloc
   * @throws DoubleFreeFault if the block was already freed
   * @throws InvalidFreeFault if the pointer is not the start of a live heap block
   */
  void free(Pointer block);

  /**
   * Loads one byte.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  byte readByte(Pointer at);

  /**
   * Stores one byte.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  void writeByte(Pointer at, byte value);

  /**
   * Loads a 4-byte int.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  int readInt(Pointer at);

  /**
   * Stores a 4-byte int.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  void writeInt(Pointer at, int value);

  /**
   * Loads an 8-byte long.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  long readLong(Pointer at);

  /**
   * Stores an 8-byte long.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  void writeLong(Pointer at, long value);

  /**
   * Loads an 8-byte pointer. If the same pointer was stored there with
   * {@link #writePointer(Pointer, Pointer)} and the bytes have not changed since, it comes back
   * with its provenance; otherwise the bytes come back as a {@linkplain Pointer#raw(long) raw}
   * pointer.
   *
   * @param at where to load from
   * @return the pointer
   * @throws MemoryFault if the access is not allowed
   */
  Pointer readPointer(Pointer at);

  /**
   * Stores an 8-byte pointer (its address) and remembers its provenance.
   *
   * @param at where to store
   * @param value the pointer to store
   * @throws MemoryFault if the access is not allowed
   */
  void writePointer(Pointer at, Pointer value);

  /**
   * Loads {@code length} bytes.
   *
   * @param at where to load from
   * @param length how many bytes
   * @return the bytes
   * @throws IllegalArgumentException if the length is negative
   * @throws MemoryFault if the access is not allowed
   */
  byte[] readBytes(Pointer at, int length);

  /**
   * Stores the bytes.
   *
   * @param at where to store
   * @param bytes the bytes
   * @throws MemoryFault if the access is not allowed
   */
  void writeBytes(Pointer at, byte[] bytes);

  /**
   * Stores {@code length} copies of {@code value}, like {@code memset}.
   *
   * @param at where to start
   * @param length how many bytes
   * @param value the byte to store
   * @throws IllegalArgumentException if the length is negative
   * @throws MemoryFault if the access is not allowed
   */
  void fill(Pointer at, long length, byte value);
}
