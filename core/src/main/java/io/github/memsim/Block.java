package io.github.memsim;

/**
 * The provenance record of one heap allocation. A live block is in the heap's live table;
 * a freed block is kept only as long as some {@link Pointer} still refers to it, which is what
 * lets a later use be reported as a use after free with the full story.
 *
 * <p>There is one per live block, so it is packed into three words and a reference (40 bytes
 * with compressed references):
 *
 * <pre>
 *  word 0:  thread index (16) | table position (8) | payload offset from the heap base (40)
 *  word 1:  id, low 23 bits (23)                   | requested size (41)
 *  word 2:  id, high 16 bits (16)                  | op number of the allocation (48)
 * </pre>
 *
 * and one more reference, {@code history}: while the block is live, the {@link CallSite} of its
 * allocation (or null when the stack was empty); once it is freed, a {@link Freed} record that
 * keeps that site and adds who freed it, where and when. Only freed blocks that some pointer
 * still reaches pay for the record.
 */
final class Block extends Provenance {
  static final int THREAD_BITS = 16;
  static final long OP_MASK = (1L << 48) - 1;
  /** The thread index that stands for "the heap reset". */
  static final int RESET = (1 << THREAD_BITS) - 1;
  /** Ids and op numbers beyond these do not fit the packed words. */
  static final long MAX_ID = (1L << 39) - 1;
  static final long MAX_OP = OP_MASK;

  private static final long OFFSET_MASK = (1L << 40) - 1;
  private static final int TABLE_SHIFT = 40;
  private static final long TABLE_MASK = 0xFFL << TABLE_SHIFT;
  /** The table position of a block that is in no live-block table. */
  static final int NOT_IN_TABLE = 0xFF;
  private static final long SIZE_MASK = (1L << 41) - 1;
  private static final long ID_LOW_MASK = (1L << 23) - 1;

  /**
   * The only word that changes, and only its table position, which the live-block table sets
   * and reads under the model's lock; the address and thread bits never change.
   */
  private long word0;
  private final long word1;
  private final long word2;
  /** The allocation's {@link CallSite} (or null) while live; a {@link Freed} record once freed. */
  private Object history;

  /** What is known about a freed block beyond its allocation. */
  private record Freed(CallSite allocationSite, long origin, CallSite site, boolean undone) {}

  Block(long id, long address, long size, int threadIndex, long op, CallSite site) {
    long offset = address - AddressSpace.HEAP_BASE;
    if (id < 0 || id > MAX_ID || op < 0 || op > MAX_OP) {
      throw new IllegalStateException("the model has run out of block ids or op numbers");
    }
    assert offset >= 0 && offset <= OFFSET_MASK && size >= 0 && size <= SIZE_MASK;
    this.word0 = ((long) threadIndex << 48) | ((long) NOT_IN_TABLE << TABLE_SHIFT) | offset;
    this.word1 = ((id & ID_LOW_MASK) << 41) | size;
    this.word2 = ((id >>> 23) << 48) | op;
    this.history = site;
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

  /** {@return the block's number: blocks are numbered from 1 in allocation order} */
  long id() {
    return ((word2 >>> 48) << 23) | (word1 >>> 41);
  }

  /** {@return the payload address} */
  long address() {
    return AddressSpace.HEAP_BASE + (word0 & OFFSET_MASK);
  }

  /** {@return the requested size in bytes} */
  long size() {
    return word1 & SIZE_MASK;
  }

  boolean isFreed() {
    return history instanceof Freed;
  }

  void markFreed(int threadIndex, long op, CallSite site) {
    history = new Freed(allocationSite(), pack(threadIndex, op), site, false);
  }

  /** Marks a block that a restore to the state at {@code op} undid: it was made after that. */
  void markUndone(long op) {
    history = new Freed(allocationSite(), pack(RESET, op), null, true);
  }

  /** {@return whether a restore undid the block} */
  boolean isUndone() {
    return history instanceof Freed freed && freed.undone();
  }

  /** {@return what {@link #restoreHistory} puts back: the block's state as live or freed} */
  Object history() {
    return history;
  }

  void restoreHistory(Object saved) {
    history = saved;
  }

  /** {@return the call stack of the allocation, or null if the stack was empty} */
  CallSite allocationSite() {
    return history instanceof Freed freed ? freed.allocationSite() : (CallSite) history;
  }

  /** {@return the call stack of the free, or null; only for a freed block} */
  CallSite freeSite() {
    return ((Freed) history).site();
  }

  /**
   * {@return where the live-block table keeps the block} {@link #NOT_IN_TABLE}, or a position
   * that only the table interprets.
   */
  int tablePosition() {
    return (int) ((word0 & TABLE_MASK) >>> TABLE_SHIFT);
  }

  void tablePosition(int position) {
    assert position >= 0 && position <= NOT_IN_TABLE;
    word0 = (word0 & ~TABLE_MASK) | ((long) position << TABLE_SHIFT);
  }

  /** {@return the index of the allocating thread} */
  int threadIndex() {
    return (int) (word0 >>> 48);
  }

  /** {@return the op number of the allocation} */
  long op() {
    return word2 & OP_MASK;
  }


  long freedOrigin() {
    return ((Freed) history).origin();
  }

  @Override
  long start() {
    return address();
  }

  @Override
  long length() {
    return size();
  }

  @Override
  String describe() {
    return Phrases.block(id(), size(), address());
  }
}
