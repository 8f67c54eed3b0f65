package io.github.memsim;

/**
 * A load or store that starts or ends outside the heap block or stack slot its pointer came from.
 */
public final class OutOfBoundsFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  OutOfBoundsFault(long address, String thread, String facts) {
    super(Kind.OUT_OF_BOUNDS, address, thread, facts);
  }
}
