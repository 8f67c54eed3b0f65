package io.github.memsim;

/** A push that would take a thread's stack past its size. The stack is left as it was. */
public final class StackOverflowFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /** The depth the rejected frame would have had. */
  private final int depth;
  /** The stack bytes the push would have used. */
  private final long bytesInUse;
  /** The stack size. */
  private final long limit;

  StackOverflowFault(long address, String thread, int depth, long bytesInUse, long limit,
      String facts) {
    super(Kind.STACK_OVERFLOW, address, thread, facts);
    this.depth = depth;
    this.bytesInUse = bytesInUse;
    this.limit = limit;
  }

  /** {@return the depth the rejected frame would have had (the bottom frame has depth 1)} */
  public int depth() {
    return depth;
  }

  /** {@return the stack bytes the push would have used} */
  public long bytesInUse() {
    return bytesInUse;
  }

  /** {@return the thread's stack size} */
  public long limit() {
    return limit;
  }
}
