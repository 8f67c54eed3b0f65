package io.github.memsim.concurrent;

/**
 * A run that went past its program's step limit ({@link Program.Builder#stepLimit}): some
 * thread kept running without the run ending, as a thread spinning on a flag that no one will
 * set does. The run fails with it, naming the threads still alive, instead of hanging.
 */
public final class LivelockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LivelockException(String message) {
    super(message);
  }
}
