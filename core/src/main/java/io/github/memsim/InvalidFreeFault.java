package io.github.memsim;

/** A free (or realloc) of a pointer that malloc did not return. */
public final class InvalidFreeFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /** Why the pointer cannot be freed. */
  public enum Reason {
    /** It points inside a live block, not at its start. */
    INTERIOR,
    /** It points into a stack frame. */
    STACK,
    /** No live block starts there and it never came from malloc. */
    NOT_ALLOCATED
  }

  /** Why the pointer cannot be freed. */
  private final Reason reason;

  InvalidFreeFault(long address, String thread, Reason reason, String facts) {
    super(Kind.INVALID_FREE, address, thread, facts);
    this.reason = reason;
  }

  /** {@return why the pointer cannot be freed} */
  public Reason reason() {
    return reason;
  }
}
