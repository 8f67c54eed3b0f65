package io.github.memsim.trace;

/**
 * A replay stopped at its first violation: a fault, a misaligned or overlapping block, a block
 * outside the heap, or bytes that did not survive. The message names the trace, the operation
 * index and the trace line.
 */
public final class ReplayViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The index of the operation, from 0. */
  private final int operation;
  /** The trace line, from 1, or 0 for a generated trace. */
  private final int line;

  ReplayViolationException(Trace trace, int operation, String problem, Throwable cause) {
    super(trace.name() + ", operation " + operation
        + (trace.line(operation) > 0 ? " (line " + trace.line(operation) + ": " : " (")
        + trace.op(operation) + "): " + problem, cause);
    this.operation = operation;
    this.line = trace.line(operation);
  }

  /** {@return the index of the operation that failed, from 0} */
  public int operation() {
    return operation;
  }

  /** {@return the trace line of the operation, from 1, or 0 for a generated trace} */
  public int line() {
    return line;
  }
}
