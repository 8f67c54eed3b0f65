package io.github.memsim.concurrent;

import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.Objects;

/**
 * A barrier for a fixed number of threads in simulated memory: 16 bytes, the count of threads
 * arrived and the generation. Every thread's work before {@link #await} happens-before every
 * thread's work after it: arrivals are atomic adds to the count, the last arrival advances the
 * generation, and the waiters load it.
 *
 * <p>Under a {@link Run}, a waiting thread is not runnable until the last one arrives. Driven by
 * plain Java threads, a waiter spins (yielding) on the generation.
 */
public final class Barrier {
  /** The bytes a barrier occupies. */
  public static final int BYTES = 16;

  private final Pointer count;
  private final Pointer generation;
  private final int parties;

  private Barrier(Pointer address, int parties) {
    this.count = address;
    this.generation = address.plus(8);
    this.parties = parties;
  }

  /**
   * {@return the barrier at {@code address} for {@code parties} threads (no memory is touched)}
   *
   * @param address 16 bytes of simulated memory, zeroed before first use
   * @param parties the threads that must arrive, at least 1
   */
  public static Barrier at(Pointer address, int parties) {
    Objects.requireNonNull(address, "address");
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs at least 1 party, not " + parties);
    }
    return new Barrier(address, parties);
  }

  /**
   * Waits until {@code parties} threads have arrived, then lets them all go on. The barrier can
   * be used again at once.
   *
   * @param thread the arriving thread
   */
  public void await(ThreadContext thread) {
    long seen = thread.atomicLoadLong(generation);
    long arrived = thread.fetchAndAddLong(count, 1) + 1;
    Scheduler runner = Scheduler.current();
    if (arrived == parties) {
      thread.atomicStoreLong(count, 0);
      thread.fetchAndAddLong(generation, 1);
      if (runner != null) {
        runner.wake(generation.address(), true);
      }
      return;
    }
    if (runner != null) {
      runner.waitFor(thread, generation.address(), Wait.BARRIER);
      thread.atomicLoadLong(generation);
    } else {
      while (thread.atomicLoadLong(generation) == seen) {
        Thread.yield();
      }
    }
  }

  @Override
  public String toString() {
    return "barrier for " + parties + " at " + Text.hex(count.address());
  }
}
