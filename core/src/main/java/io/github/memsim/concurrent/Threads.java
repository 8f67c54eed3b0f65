package io.github.memsim.concurrent;

import io.github.memsim.ThreadContext;
import java.util.Objects;

/**
 * Threads that bodies make themselves, inside a {@link Run}: {@link #spawn} starts one, which
 * may run from the next switch point on, and {@link #join} waits for one to end. Spawning orders
 * the parent's past before the child; joining orders the child's whole life before the parent's
 * next step. Programs driven by plain Java threads use Java's threads instead.
 */
public final class Threads {
  private Threads() {}

  /**
   * Starts a simulated thread.
   *
   * @param parent the spawning thread, running in a {@link Run}
   * @param name the new thread's name, unused in the run
   * @param body what it does; it receives the setup's shared value, as program bodies do
   * @return the new thread's context, to {@link #join}
   * @throws IllegalStateException outside a run, or past 64 threads alive at once (a thread
   *     that has ended gives its place back)
   */
  public static ThreadContext spawn(ThreadContext parent, String name, Program.Body body) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    return runner().spawn(parent, name, body);
  }

  /**
   * Waits until a spawned thread has ended.
   *
   * @param parent the waiting thread, running in a {@link Run}
   * @param child a thread {@link #spawn} made in this run
   * @throws IllegalStateException outside a run
   */
  public static void join(ThreadContext parent, ThreadContext child) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(child, "child");
    runner().join(parent, child);
  }

  /**
   * A spin hint: the calling thread is waiting for another to change something. Inside a
   * {@link Run}, when another thread can run, this one lets it: it is not chosen again until
   * another thread has made a step, so a spin loop that calls this has as many turns as the
   * others make steps, and exploring it ends. With plain Java threads, {@link Thread#yield()}.
   *
   * @param thread the spinning thread
   */
  public static void yield(ThreadContext thread) {
    Objects.requireNonNull(thread, "thread");
    Scheduler runner = Scheduler.current();
    if (runner == null) {
      Thread.yield();
    } else {
      runner.yieldTurn(thread);
    }
  }

  private static Scheduler runner() {
    Scheduler runner = Scheduler.current();
    if (runner == null) {
      throw new IllegalStateException("spawn and join work inside a Run; with plain Java"
          + " threads, use java.lang.Thread");
    }
    return runner;
  }
}
