package io.github.memsim.concurrent;

import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.Objects;

/**
 * A condition variable in simulated memory: 8 bytes that count the signals sent. {@link #await}
 * releases a mutex and waits for a {@link #signal} or {@link #broadcast}, then takes the mutex
 * again; as with POSIX condition variables, a signal that finds no waiter is lost, and a waiter
 * must check its condition in a loop. A signal happens-before the wake-up it causes (the signal
 * is an atomic add to the word, the wake-up an atomic load of it).
 *
 * <p>Under a {@link Run}, a waiting thread is not runnable until it is signalled (the earliest
 * waiter first); if no thread can run, the run ends in a deadlock fault naming the condition.
 * Driven by plain Java threads, a waiter spins (yielding) until the count changes.
 */
public final class Condition {
  /** The bytes a condition variable occupies. */
  public static final int BYTES = 8;

  private final Pointer word;

  private Condition(Pointer word) {
    this.word = word;
  }

  /**
   * {@return the condition variable at {@code address} (no memory is touched)}
   *
   * @param address 8 bytes of simulated memory, zeroed before first use
   */
  public static Condition at(Pointer address) {
    return new Condition(Objects.requireNonNull(address, "address"));
  }

  /**
   * Releases {@code mutex}, waits to be signalled, and takes {@code mutex} again.
   *
   * @param thread the waiting thread, which holds {@code mutex}
   * @param mutex the mutex that guards the condition
   * @throws io.github.memsim.UnlockFault if {@code thread} does not hold {@code mutex}
   */
  public void await(ThreadContext thread, Mutex mutex) {
    long seen = thread.atomicLoadLong(word);
    mutex.unlock(thread);
    Scheduler runner = Scheduler.current();
    if (runner != null) {
      runner.waitFor(thread, word.address(), Wait.CONDITION_VARIABLE);
      thread.atomicLoadLong(word);
    } else {
      while (thread.atomicLoadLong(word) == seen) {
        Thread.yield();
      }
    }
    mutex.lock(thread);
  }

  /**
   * Wakes the thread that has waited longest, if any.
   *
   * @param thread the signalling thread
   */
  public void signal(ThreadContext thread) {
    thread.fetchAndAddLong(word, 1);
    Scheduler runner = Scheduler.current();
    if (runner != null) {
      runner.wake(word.address(), false);
    }
  }

  /**
   * Wakes every waiting thread.
   *
   * @param thread the signalling thread
   */
  public void broadcast(ThreadContext thread) {
    thread.fetchAndAddLong(word, 1);
    Scheduler runner = Scheduler.current();
    if (runner != null) {
      runner.wake(word.address(), true);
    }
  }

  @Override
  public String toString() {
    return "condition variable at " + Text.hex(word.address());
  }
}
