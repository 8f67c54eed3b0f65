package io.github.memsim;

/**
 * Thrown to the caller of an operation during which a {@link MemoryListener} threw. The
 * operation itself completed as if the listener had not been there, and the listener has been
 * detached from the model; the listener's exception is the cause.
 */
public final class ListenerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The listener that threw; not serialized. */
  private final transient MemoryListener listener;
  /** The op during which it threw. */
  private final long op;

  ListenerException(MemoryListener listener, long op, Throwable cause) {
    super("listener " + listener + " threw " + cause + " during op " + op
        + "; it has been detached, and the operation completed without it", cause);
    this.listener = listener;
    this.op = op;
  }

  /** {@return the listener that threw, now detached} */
  public MemoryListener listener() {
    return listener;
  }

  /** {@return the op number of the operation during which it threw} */
  public long op() {
    return op;
  }
}
