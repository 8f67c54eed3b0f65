package io.github.memsim;

/**
 * A pop or close of a frame that is not on top of its stack: frames return in the reverse order of
 * their calls.
 */
public final class LifoViolationFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  LifoViolationFault(long address, String thread, String facts) {
    super(Kind.LIFO_VIOLATION, address, thread, facts);
  }
}
