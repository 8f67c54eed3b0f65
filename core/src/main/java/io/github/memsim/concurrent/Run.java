package io.github.memsim.concurrent;

import io.github.memsim.DeadlockFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.SwitchPoint;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One run of a {@link Program} under a {@link Strategy}: exactly one simulated thread runs at a
 * time, and the strategy picks which at every switch point. The run records the schedule it
 * followed; {@link Strategy#replay} of it gives the same run again: the same addresses, values,
 * faults and outcome.
 */
public final class Run {
  private final String program;
  private final String strategy;
  private final String schedule;
  private final int switchPoints;
  private final String outcome;
  private final Throwable failure;
  private final String failedThread;
  private final MemoryModel model;
  private final List<RaceDetector.Race> races;
  private final RaceDetector detector;

  private Run(String program, String strategy, String schedule, int switchPoints, String outcome,
      Throwable failure, String failedThread, MemoryModel model, RaceDetector detector) {
    this.program = program;
    this.strategy = strategy;
    this.schedule = schedule;
    this.switchPoints = switchPoints;
    this.outcome = outcome;
    this.failure = failure;
    this.failedThread = failedThread;
    this.model = model;
    this.races = detector.races();
    this.detector = detector;
  }

  RaceDetector detector() {
    return detector;
  }

  /**
   * Runs a program once.
   *
   * @param program the program
   * @param strategy how threads are picked
   * @return the run
   * @throws ScheduleMismatchException if a replayed schedule does not fit the program
   */
  public static Run of(Program program, Strategy strategy) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(strategy, "strategy");
    return new Runner(program, strategy.start()).run(strategy.toString());
  }

  /** {@return the program's name} */
  public String program() {
    return program;
  }

  /** {@return the strategy, in words} */
  public String strategy() {
    return strategy;
  }

  /** {@return the schedule followed, for {@link Strategy#replay}: e.g. {@code 0x3.1x2.0}} */
  public String schedule() {
    return schedule;
  }

  /** {@return the switch points the run went through} */
  public int switchPoints() {
    return switchPoints;
  }

  /** {@return the outcome the program reported, unless the run failed} */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** {@return what a thread threw (a fault, a failed assertion), if one did} */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@return the thread that threw, if one did} */
  public Optional<String> failedThread() {
    return Optional.ofNullable(failedThread);
  }

  /** {@return the data races this run showed, one per pair of places} */
  public List<RaceDetector.Race> races() {
    return races;
  }

  /** {@return the model the run used, as the run left it} */
  public MemoryModel model() {
    return model;
  }

  /** {@return e.g. "lost update: outcome 1 (schedule 1.0x3.1x4)"} */
  @Override
  public String toString() {
    return program + ": " + (failure == null ? "outcome " + outcome
        : failedThread + " failed: " + failure.getMessage()) + " (schedule " + schedule + ")";
  }

  /** Thrown into a thread's body to end it when the run is abandoned. */
  private static final class Abandoned extends Error {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("run abandoned", null, false, false);
    }
  }

  /**
   * Runs one program: a Java thread per body, each waiting on its own semaphore until the
   * strategy hands it the turn at a switch point.
   */
  static final class Runner implements SwitchPoint {
    private static final long STALL_SECONDS = 60;
    /** The runner of the run a body thread belongs to. */
    private static final ThreadLocal<Runner> CURRENT = new ThreadLocal<>();

    private final Program program;
    private final Strategy.Chooser chooser;
    private int count;
    /** The threads' names and bodies, by number: the program's, then the spawned ones. */
    private final List<String> names = new ArrayList<>();
    private final List<Program.Body> bodies = new ArrayList<>();
    private final List<Thread> javaThreads = new ArrayList<>();
    private long finished;
    private RaceDetector detector;
    private Object shared;
    private MemoryModel model;
    private final Semaphore[] turns;
    private final ThreadContext[] contexts;
    private final List<Integer> choices = new ArrayList<>();
    private final Semaphore done = new Semaphore(0);
    private final ThreadLocal<Integer> self = new ThreadLocal<>();
    private long runnable;
    /** Per thread: just handed its first turn, so its first operation is not a new choice. */
    private final boolean[] fresh;
    /** Per thread, the address of what it waits for, or -1. */
    private final long[] waiting;
    /** Per thread, what it waits for, in words: "the mutex", "the condition variable", ... */
    private final String[] waitingFor;
    /** Per thread, the kind of what it waits for. */
    private final Wait[] waitKinds;
    /** Per thread, when it began to wait, for waking the earliest first. */
    private final long[] waitingSince;
    private long waits;
    /** Mutex address to the name of the thread holding it (under this run's mutexes). */
    private final Map<Long, String> holders = new HashMap<>();
    private volatile boolean abandoned;
    private Throwable failure;
    private String failedThread;

    Runner(Program program, Strategy.Chooser chooser) {
      this.program = program;
      this.chooser = chooser;
      this.count = program.threads().size();
      this.turns = new Semaphore[64];
      this.contexts = new ThreadContext[64];
      for (int i = 0; i < 64; i++) {
        turns[i] = new Semaphore(0);
      }
      this.runnable = count == 64 ? -1L : (1L << count) - 1;
      this.fresh = new boolean[64];
      Arrays.fill(fresh, true);
      this.waiting = new long[64];
      Arrays.fill(waiting, -1);
      this.waitingFor = new String[64];
      this.waitKinds = new Wait[64];
      this.waitingSince = new long[64];
      for (int i = 0; i < count; i++) {
        names.add(program.threads().get(i));
        bodies.add(program.body(i));
      }
    }

    Run run(String strategy) {
      detector = new RaceDetector(program.raceFaults() ? RaceDetector.Mode.FAULT
          : RaceDetector.Mode.RECORD);
      MemoryModel.Builder builder = program.modelBuilder().switchPointFirst(this)
          .listener(detector);
      if (program.raceFaults()) {
        builder.accessCheck(detector);
      }
      model = builder.build();
      ThreadContext main = model.mainThread();
      shared = program.setUp(main);
      for (int i = 0; i < count; i++) {
        contexts[i] = model.newThread(names.get(i));
      }
      for (int i = 0; i < count; i++) {
        startJavaThread(i);
      }
      RuntimeException mismatch = null;
      try {
        synchronized (this) {
          handOver(-1);
        }
        if (!done.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
          abandon();
          throw new IllegalStateException("a run of " + program.name() + " made no progress"
              + " for " + STALL_SECONDS + " seconds");
        }
      } catch (ScheduleMismatchException e) {
        mismatch = e;
        abandon();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandon();
        throw new IllegalStateException("interrupted while running " + program.name(), e);
      }
      List<Thread> started;
      synchronized (this) {
        started = new ArrayList<>(javaThreads);
      }
      for (Thread thread : started) {
        try {
          thread.join(TimeUnit.SECONDS.toMillis(STALL_SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (this) {
        if (failure instanceof ScheduleMismatchException e) {
          throw e;
        }
        if (mismatch != null) {
          throw mismatch;
        }
        if (failure == null) {
          chooser.finished(choices.size());
        }
        for (int i = 0; i < count; i++) {
          model.joined(main, contexts[i]);
        }
        String outcome = failure == null ? String.valueOf(program.outcome(main, shared)) : null;
        return new Run(program.name(), strategy, Schedule.format(choices), choices.size(),
            outcome, failure, failedThread, model, detector);
      }
    }

    private synchronized void startJavaThread(int index) {
      Thread thread = new Thread(() -> body(index), "memsim " + program.name() + " "
          + names.get(index));
      thread.setDaemon(true);
      javaThreads.add(thread);
      thread.start();
    }

    /** Adds a thread that {@code parent} spawns; it may run from the next switch point on. */
    ThreadContext spawn(ThreadContext parent, String name,
        Program.Body body) {
      int index;
      synchronized (this) {
        if (count == 64) {
          throw new IllegalStateException("a run holds at most 64 threads");
        }
        if (names.contains(name) || name.equals("main")) {
          throw new IllegalArgumentException("thread name '" + name + "' is taken");
        }
        index = count;
        names.add(name);
        bodies.add(body);
        contexts[index] = model.spawn(parent, name);
        count++;
        runnable |= 1L << index;
      }
      startJavaThread(index);
      return contexts[index];
    }

    /** Waits until the spawned thread {@code child} has ended. */
    void join(ThreadContext parent, ThreadContext child) {
      int target = -1;
      synchronized (this) {
        for (int i = 0; i < count; i++) {
          if (contexts[i] == child) {
            target = i;
          }
        }
        if (target < 0) {
          throw new IllegalArgumentException("thread " + Text.name(child.name())
              + " is not one of this run's");
        }
      }
      boolean ended;
      synchronized (this) {
        ended = (finished & (1L << target)) != 0;
      }
      if (!ended) {
        waitFor(parent, joinAddress(target), Wait.THREAD_END,
            "thread " + names.get(target) + " to end");
      }
      model.joined(parent, child);
    }

    private static long joinAddress(int index) {
      return Long.MIN_VALUE + index;
    }

    /** {@return the runner of the calling body thread, or null outside a run} */
    static Runner current() {
      return CURRENT.get();
    }

    private void body(int index) {
      self.set(index);
      CURRENT.set(this);
      try {
        turns[index].acquire();
        if (abandoned) {
          return;
        }
        bodies.get(index).run(contexts[index], shared);
        synchronized (this) {
          runnable &= ~(1L << index);
          finished |= 1L << index;
          wake(joinAddress(index), true);
          if (runnable != 0) {
            handOver(-1);
          } else if (anyWaiting()) {
            int first = firstWaiting();
            failure = new DeadlockFault(waiting[first],
                names.get(first), deadlock());
            failedThread = names.get(first);
            abandon();
          } else {
            done.release();
          }
        }
      } catch (Abandoned e) {
        // The run ended elsewhere.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        synchronized (this) {
          if (failure == null) {
            failure = t;
            failedThread = names.get(index);
          }
        }
        abandon();
      }
    }

    /** Picks the next thread at a switch point and wakes it. Holds the monitor. */
    private int handOver(int from) {
      int point = choices.size();
      int next = chooser.choose(point, from, runnable);
      choices.add(next);
      if (next != from) {
        turns[next].release();
      }
      return next;
    }

    @Override
    public void beforeOperation(ThreadContext thread) {
      Integer index = self.get();
      if (index == null) {
        return; // the main thread's setup and outcome run unscheduled
      }
      int next;
      synchronized (this) {
        if (abandoned) {
          throw new Abandoned();
        }
        if (fresh[index]) {
          // The choice that gave this thread its first turn already chose this operation.
          fresh[index] = false;
          return;
        }
        try {
          next = handOver(index);
        } catch (ScheduleMismatchException e) {
          if (failure == null) {
            failure = e;
            failedThread = names.get(index);
          }
          abandon();
          throw new Abandoned();
        }
      }
      if (next != index) {
        turns[index].acquireUninterruptibly();
        if (abandoned) {
          throw new Abandoned();
        }
      }
    }

    /**
     * Called by a mutex that {@code thread} found held: the thread stops being runnable until
     * the mutex is released, and the turn passes on; if no thread can run, a deadlock.
     */
    void waitFor(ThreadContext thread, long address, Wait kind) {
      waitFor(thread, address, kind, kind.phrase());
    }

    /** The same, with the words a deadlock message gives what it waits for. */
    void waitFor(ThreadContext thread, long address, Wait kind, String what) {
      int index = self.get();
      synchronized (this) {
        runnable &= ~(1L << index);
        waiting[index] = address;
        waitingFor[index] = what;
        waitKinds[index] = kind;
        waitingSince[index] = ++waits;
        if (runnable == 0) {
          DeadlockFault fault = new DeadlockFault(address,
              thread.name(), deadlock());
          if (failure == null) {
            failure = fault;
            failedThread = thread.name();
          }
          abandon();
          throw new Abandoned();
        }
        handOver(index);
      }
      turns[index].acquireUninterruptibly();
      synchronized (this) {
        if (abandoned) {
          throw new Abandoned();
        }
        // The choice that woke this thread chose its next operation.
        fresh[index] = true;
      }
    }

    synchronized void acquired(long address, String thread) {
      holders.put(address, thread);
    }

    synchronized void released(long address) {
      holders.remove(address);
      wake(address, true);
    }

    /** Makes the threads waiting at {@code address} runnable: all, or the earliest. */
    synchronized void wake(long address, boolean all) {
      int earliest = -1;
      for (int i = 0; i < count; i++) {
        if (waiting[i] == address) {
          if (all) {
            waiting[i] = -1;
            runnable |= 1L << i;
          } else if (earliest < 0 || waitingSince[i] < waitingSince[earliest]) {
            earliest = i;
          }
        }
      }
      if (earliest >= 0) {
        waiting[earliest] = -1;
        runnable |= 1L << earliest;
      }
    }

    private boolean anyWaiting() {
      return firstWaiting() >= 0;
    }

    private int firstWaiting() {
      for (int i = 0; i < count; i++) {
        if (waiting[i] != -1) {
          return i;
        }
      }
      return -1;
    }

    /** Who waits for what: "a waits for the mutex at 0x10020 held by b; ...". */
    private String deadlock() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < count; i++) {
        if (waiting[i] == -1) {
          continue;
        }
        out.append(out.length() == 0 ? "" : "; ").append(names.get(i))
            .append(" waits for ").append(waitingFor[i]);
        if (waiting[i] >= 0) {
          out.append(" at ").append(Text.hex(waiting[i]));
        }
        if (waitKinds[i] == Wait.MUTEX) {
          String holder = holders.get(waiting[i]);
          out.append(" held by ").append(holder == null ? "no one it knows"
              : holder + (isFinished(holder) ? ", which has ended" : ""));
        }
      }
      return out.toString();
    }

    private boolean isFinished(String name) {
      int index = names.indexOf(name);
      return index >= 0 && (finished & (1L << index)) != 0;
    }

    private void abandon() {
      abandoned = true;
      for (Semaphore turn : turns) {
        turn.release();
      }
      done.release();
    }
  }
}
