package io.github.memsim;

/**
 * An unlock of a mutex that the thread does not hold: it is unlocked, or another thread holds
 * it. Made by {@code io.github.memsim.concurrent}'s mutex; the mutex is left as it was.
 */
public final class UnlockFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /**
   * Makes the fault; synchronization built on memsim (such as {@code
   * io.github.memsim.concurrent.Mutex}) throws it.
   *
   * @param address the mutex's address
   * @param thread the thread that tried to unlock it
   * @param facts what was wrong, e.g. "mutex at 0x10020 is held by b"
   */
  public UnlockFault(long address, String thread, String facts) {
    super(Kind.BAD_UNLOCK, address, thread, facts);
  }
}
