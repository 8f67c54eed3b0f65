package io.github.memsim;

/**
 * A load, store or realloc through a pointer to a block that has been freed, even if a new block
 * now lives at that address.
 */
public final class UseAfterFreeFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  UseAfterFreeFault(long address, String thread, String facts) {
    super(Kind.USE_AFTER_FREE, address, thread, facts);
  }
}
