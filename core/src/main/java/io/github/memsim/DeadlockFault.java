package io.github.memsim;

/**
 * No simulated thread can run and some are waiting: the message names each waiting thread, the
 * mutex it waits for and the thread that holds it. Raised by a scheduler of {@code
 * io.github.memsim.concurrent} in the thread whose wait left nothing runnable.
 */
public final class DeadlockFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /**
   * Makes the fault; a scheduler built on memsim throws it.
   *
   * @param address the address of the mutex the faulting thread waits for
   * @param thread the thread whose wait left nothing runnable
   * @param facts who waits for what, e.g. "a waits for the mutex at 0x10020 held by b; b waits
   *     for the mutex at 0x10030 held by a"
   */
  public DeadlockFault(long address, String thread, String facts) {
    super(Kind.DEADLOCK, address, thread, facts);
  }
}
