package io.github.memsim;

/**
 * A load or store through a pointer into a frame that has been popped, even if a new frame now
 * lives there.
 */
public final class DanglingStackPointerFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  DanglingStackPointerFault(long address, String thread, String facts) {
    super(Kind.DANGLING_STACK_POINTER, address, thread, facts);
  }
}
