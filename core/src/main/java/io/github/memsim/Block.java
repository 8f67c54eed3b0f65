package io.github.memsim;

/**
 * The provenance record of one heap allocation. A live block is in the heap's live table;
 * a freed block is kept only as long as some {@link Pointer} still refers to it, which is what
 * lets a later use be reported as a use after free with the full story.
 *
 * <p>Kept small (48 bytes) because there is one per live block: the allocating thread and op
 * number share one word, and what is known about the free lives in a separate record that only
 * freed blocks have.
 */
final class Block extends Target {
  static final int THREAD_BITS = 16;
  static final long OP_MASK = (1L << (64 - THREAD_BITS)) - 1;
  /** The thread index that stands for "the heap reset". */
  static final int RESET = (1 << THREAD_BITS) - 1;

  final long id;
  final long address;
  final long size;
  /** The allocating thread's index in the top 16 bits, the op number below. */
  private final long origin;
  /** Set when the block is freed: the freeing thread and op, packed like {@link #origin}. */
  private Freed freed;

  private static final class Freed {
    final long origin;

    Freed(long origin) {
      this.origin = origin;
    }
  }

  Block(long id, long address, long size, int threadIndex, long op) {
    this.id = id;
    this.address = address;
    this.size = size;
    this.origin = pack(threadIndex, op);
  }

  static long pack(int threadIndex, long op) {
    return ((long) threadIndex << (64 - THREAD_BITS)) | (op & OP_MASK);
  }

  static int threadOf(long packed) {
    return (int) (packed >>> (64 - THREAD_BITS));
  }

  static long opOf(long packed) {
    return packed & OP_MASK;
  }

  boolean isFreed() {
    return freed != null;
  }

  void markFreed(int threadIndex, long op) {
    freed = new Freed(pack(threadIndex, op));
  }

  long origin() {
    return origin;
  }

  long freedOrigin() {
    return freed.origin;
  }

  @Override
  long start() {
    return address;
  }

  @Override
  long length() {
    return size;
  }

  @Override
  String describe() {
    return "block #" + id + " (" + size + " bytes at " + AddressSpace.hex(address) + ")";
  }
}
