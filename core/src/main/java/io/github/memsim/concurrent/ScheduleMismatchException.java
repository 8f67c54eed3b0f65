package io.github.memsim.concurrent;

/** A replayed schedule that does not fit the program: a choice of a thread that cannot run, or a length that differs. */
public final class ScheduleMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  ScheduleMismatchException(String message) {
    super(message);
  }
}
