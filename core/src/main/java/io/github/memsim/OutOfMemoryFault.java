package io.github.memsim;

/**
 * A request the heap cannot serve: no free block fits and the heap cannot grow enough within
 * its limit, or the request itself is larger than any heap could hold (including a calloc whose
 * count times size overflows).
 */
public final class OutOfMemoryFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /** The bytes requested, or -1. */
  private final long requestedBytes;

  OutOfMemoryFault(long requestedBytes, String thread, String facts) {
    super(Kind.OUT_OF_MEMORY, 0, thread, facts);
    this.requestedBytes = requestedBytes;
  }

  /** {@return the bytes requested, or -1 when the request overflowed} */
  public long requestedBytes() {
    return requestedBytes;
  }
}
