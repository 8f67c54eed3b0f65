package io.github.memsim;

/** A free of a block that was already freed, even if a new block now lives at that address. */
public final class DoubleFreeFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  DoubleFreeFault(long address, String thread, String facts) {
    super(Kind.DOUBLE_FREE, address, thread, facts);
  }
}
