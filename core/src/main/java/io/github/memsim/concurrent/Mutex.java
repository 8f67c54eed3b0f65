package io.github.memsim.concurrent;

import io.github.memsim.DeadlockFault;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.UnlockFault;
import io.github.memsim.internal.Text;
import java.util.Objects;

/**
 * A mutex whose state lives in simulated memory: the 8 bytes at its address hold 0 when it is
 * unlocked and its holder's thread number plus one when it is locked, so it can sit inside a
 * heap struct or a frame. Every step is a memsim atomic operation, so a {@link Run} may switch
 * threads around each one, and a mutex in a freed block faults as any access there does.
 *
 * <p>Under a {@link Run}, a thread that finds the mutex held stops being runnable until the
 * holder unlocks it; when no thread can run and some wait, the waiting thread gets a
 * {@link DeadlockFault} naming who waits for what. Driven by plain Java threads instead, a
 * waiting thread spins (yielding) on the word, and a thread that locks a mutex it holds already
 * gets a {@link DeadlockFault} at once (no one else would unlock it).
 */
public final class Mutex {
  /** The bytes a mutex occupies. */
  public static final int BYTES = 8;
  /** How deadlock reports name what a thread waits for. */

  private final Pointer word;

  private Mutex(Pointer word) {
    this.word = word;
  }

  /**
   * {@return the mutex at {@code address} (no memory is touched)}
   *
   * @param address 8 bytes of simulated memory, zeroed (or {@link #init}) before first use
   */
  public static Mutex at(Pointer address) {
    return new Mutex(Objects.requireNonNull(address, "address"));
  }

  /** {@return where the mutex lives} */
  public Pointer address() {
    return word;
  }

  /**
   * Makes the mutex unlocked (one atomic store).
   *
   * @param thread the thread doing it
   */
  public void init(ThreadContext thread) {
    thread.atomicStoreLong(word, 0);
  }

  /**
   * Takes the mutex, waiting while another thread holds it.
   *
   * @param thread the thread taking it
   * @throws DeadlockFault under a run, if waiting leaves no thread runnable; with plain Java
   *     threads, if {@code thread} holds the mutex already
   * @throws io.github.memsim.MemoryFault if the mutex's memory cannot be accessed
   */
  public void lock(ThreadContext thread) {
    long me = id(thread);
    while (!thread.compareAndSetLong(word, 0, me)) {
      Scheduler runner = Scheduler.current();
      if (runner != null) {
        runner.waitFor(thread, word.address(), Wait.MUTEX);
      } else if (thread.atomicLoadLong(word) == me) {
        // No other thread will unlock it: waiting would spin forever.
        throw new DeadlockFault(word.address(), thread.name(), Text.name(thread.name())
            + " waits for the mutex at " + Text.hex(word.address()) + ", which it holds itself");
      } else {
        Thread.yield();
      }
    }
    Scheduler runner = Scheduler.current();
    if (runner != null) {
      runner.acquired(word.address(), thread.name());
    }
  }

  /**
   * Takes the mutex if it is free.
   *
   * @param thread the thread taking it
   * @return whether it took it
   */
  public boolean tryLock(ThreadContext thread) {
    boolean taken = thread.compareAndSetLong(word, 0, id(thread));
    Scheduler runner = Scheduler.current();
    if (taken && runner != null) {
      runner.acquired(word.address(), thread.name());
    }
    return taken;
  }

  /**
   * Releases the mutex, waking the threads that wait for it.
   *
   * @param thread its holder
   * @throws UnlockFault if {@code thread} does not hold it (the mutex is left as it was)
   */
  public void unlock(ThreadContext thread) {
    long me = id(thread);
    if (!thread.compareAndSetLong(word, me, 0)) {
      long holder = thread.atomicLoadLong(word);
      throw new UnlockFault(word.address(), thread.name(), "mutex at "
          + Text.hex(word.address()) + (holder == 0 ? " is not locked"
          : " is held by " + holderName(thread, holder)));
    }
    Scheduler runner = Scheduler.current();
    if (runner != null) {
      runner.released(word.address());
    }
  }

  private static long id(ThreadContext thread) {
    return thread.model().threads().indexOf(thread) + 1L;
  }

  static String holderName(ThreadContext anyThread, long holder) {
    var threads = anyThread.model().threads();
    return holder >= 1 && holder <= threads.size() ? Text.name(threads.get((int) holder - 1).name())
        : "thread number " + (holder - 1);
  }

  @Override
  public String toString() {
    return "mutex at " + Text.hex(word.address());
  }
}
