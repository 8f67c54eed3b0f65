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
    this(trace.name(), operation, trace.line(operation), trace.op(operation).toString(), problem,
        cause);
  }

  ReplayViolationException(String trace, int operation, int line, String op, String problem,
      Throwable cause) {
    super(trace + ", operation " + operation + (line > 0 ? " (line " + line + ": " : " (") + op
        + "): " + problem, cause);
    this.operation = operation;
    this.line = line;
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
