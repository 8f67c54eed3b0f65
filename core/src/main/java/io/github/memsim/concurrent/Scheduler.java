package io.github.memsim.concurrent;

import io.github.memsim.DeadlockFault;
import io.github.memsim.Frame;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.SwitchPoint;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler of one run: a Java thread per simulated thread, each waiting on its own
 * semaphore until the strategy hands it the turn at a switch point, so that exactly one runs at
 * a time.
 *
 * <p>Threads live in 64 slots, numbered as schedules number them: the program's threads first,
 * then each spawned thread in the next slot never used, and once all 64 have been used, in the
 * lowest slot free (a thread that ended gives its slot back, so a run may start any number of
 * threads over its life, 64 at a time). A step
 * is what the chosen thread does from one switch point to the next; when the chooser asks for
 * it, the scheduler records each step's {@link Footprint} in a {@link Trace} (as a listener of
 * the model and from its own waits, wakes, spawns and ends).
 *
 * <p>Synchronization objects and {@link Threads} find the scheduler of the calling body through
 * {@link #current()}: a body runs on a Java thread the scheduler started, and only there.
 */
final class Scheduler implements SwitchPoint, MemoryListener {
  private static final long STALL_SECONDS = 60;
  private static final int SLOTS = 64;
  /** The scheduler of the run a body thread belongs to. */
  private static final ThreadLocal<Scheduler> CURRENT = new ThreadLocal<>();
  /** Scheduler places (keys of a footprint): what a thread waits at, and a thread's end. */
  private static final long WAIT_KEY = 1L << 62;
  private static final long END_KEY = 1L << 61;
  private static final long SLOT_KEY = 1L << 60;

  private final Program program;
  private final Strategy.Chooser chooser;
  private final Trace trace;
  private final boolean continueAfterFailure;
  private final int stepLimit;
  private RaceDetector detector;
  private Object shared;
  private MemoryModel model;
  private final Semaphore done = new Semaphore(0);
  private final ThreadLocal<Integer> self = new ThreadLocal<>();
  /** Released once by every body's Java thread as it leaves. */
  private final Semaphore exited = new Semaphore(0);
  /** Every thread the run started, in order, and its number in that order. */
  private final List<ThreadContext> started = new ArrayList<>();
  private final Map<ThreadContext, Integer> numbers = new IdentityHashMap<>();
  private final List<String> names = new ArrayList<>();
  private boolean[] endedByNumber = new boolean[0];

  // Per slot: who is in it and what it is doing.
  private final ThreadContext[] contexts = new ThreadContext[SLOTS];
  private final Program.Body[] bodies = new Program.Body[SLOTS];
  private final Semaphore[] turns = new Semaphore[SLOTS];
  /** Just handed its first turn (or woken), so its next operation is not a new choice. */
  private final boolean[] fresh = new boolean[SLOTS];
  /** The address of what it waits for, or -1. */
  private final long[] waiting = new long[SLOTS];
  private final String[] waitingFor = new String[SLOTS];
  private final Wait[] waitKinds = new Wait[SLOTS];
  /** When it began to wait, for waking the earliest first. */
  private final long[] waitingSince = new long[SLOTS];
  /** Gave way in {@link #yieldTurn}: runnable again once another thread has made a step. */
  private final boolean[] yielded = new boolean[SLOTS];
  /** A step after a wait begins by touching what it waited at; a step after a yield is global. */
  private final long[] resumeKey = new long[SLOTS];
  private final boolean[] resumeGlobal = new boolean[SLOTS];
  private long occupied;
  /** The slots that have had a thread in this run. */
  private long used;
  private long runnable;
  private long waits;
  /** The slot whose step is under way, or -1. */
  private int running = -1;
  private int[] choices = new int[64];
  private int choiceCount;
  /** Mutex address to the name of the thread holding it (under this run's mutexes). */
  private final Map<Long, String> holders = new HashMap<>();
  private volatile boolean abandoned;
  private boolean redundant;
  private Throwable failure;
  private String failedThread;
  /** The choices and races there were when the run failed: what the run reports. */
  private int choicesAtFailure;
  private int racesAtFailure;

  Scheduler(Program program, Strategy.Chooser chooser) {
    this.program = program;
    this.chooser = chooser;
    this.trace = chooser.trace();
    this.continueAfterFailure = chooser.continuesAfterFailure();
    this.stepLimit = program.stepLimit();
    Arrays.fill(waiting, -1);
    for (int i = 0; i < SLOTS; i++) {
      turns[i] = new Semaphore(0);
    }
  }

  /** {@return the scheduler of the calling body thread, or null outside a run} */
  static Scheduler current() {
    return CURRENT.get();
  }

  Run run(String strategy) {
    detector = new RaceDetector(program.raceFaults() ? RaceDetector.Mode.FAULT
        : RaceDetector.Mode.RECORD);
    MemoryModel.Builder builder = program.modelBuilder().switchPointFirst(this)
        .listener(detector);
    if (trace != null) {
      builder.listener(this);
    }
    if (program.raceFaults()) {
      builder.accessCheck(detector);
    }
    model = builder.build();
    ThreadContext main = model.mainThread();
    shared = program.setUp(main);
    List<String> threadNames = program.threads();
    for (int i = 0; i < threadNames.size(); i++) {
      occupy(i, model.newThread(threadNames.get(i)), program.body(i));
    }
    for (int i = 0; i < threadNames.size(); i++) {
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
    int bodies;
    synchronized (this) {
      bodies = started.size();
    }
    try {
      if (!exited.tryAcquire(bodies, STALL_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a run of " + program.name() + " left threads running"
            + " for " + STALL_SECONDS + " seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (failure instanceof ScheduleMismatchException e) {
        throw e;
      }
      if (mismatch != null) {
        throw mismatch;
      }
      return finish(strategy, main);
    }
  }

  /** Reads the outcome and checks the expectations of a run whose threads all ended. */
  private Run finish(String strategy, ThreadContext main) {
    String outcome = null;
    if (failure == null && !redundant) {
      chooser.finished(choiceCount);
      for (ThreadContext thread : started) {
        model.joined(main, thread);
      }
      choicesAtFailure = choiceCount;
      racesAtFailure = detector.races().size();
      // The outcome and the expectations are the program's code: what they throw fails the run.
      try {
        Object value = program.outcome(main, shared);
        outcome = String.valueOf(value);
        program.check(main, shared, value);
      } catch (RuntimeException | AssertionError e) {
        failure = e;
        failedThread = "main";
      }
    }
    int length = failure == null && !redundant ? choiceCount : choicesAtFailure;
    List<RaceDetector.Race> races = detector.races();
    return new Run(program.name(), strategy, Schedule.format(choices, length), length, outcome,
        failure, failedThread, model, detector,
        List.copyOf(races.subList(0, Math.min(races.size(), racesAtFailure))), redundant);
  }

  private void occupy(int slot, ThreadContext context, Program.Body body) {
    contexts[slot] = context;
    bodies[slot] = body;
    fresh[slot] = true;
    occupied |= 1L << slot;
    used |= 1L << slot;
    runnable |= 1L << slot;
    numbers.put(context, started.size());
    started.add(context);
    names.add(context.name());
    endedByNumber = Arrays.copyOf(endedByNumber, started.size());
  }

  private void startJavaThread(int slot) {
    String name;
    synchronized (this) {
      name = "memsim " + program.name() + " " + contexts[slot].name();
    }
    BodyThreads.start(() -> {
      try {
        body(slot);
      } finally {
        self.remove();
        CURRENT.remove();
        exited.release();
      }
    }, name, model.stackSize());
  }

  /** Adds a thread that {@code parent} spawns; it may run from the next switch point on. */
  ThreadContext spawn(ThreadContext parent, String name, Program.Body body) {
    int slot;
    synchronized (this) {
      if (occupied == -1L) {
        throw new IllegalStateException("a run holds at most " + SLOTS + " threads at a time");
      }
      if (names.contains(name) || name.equals("main")) {
        throw new IllegalArgumentException("thread name '" + Text.name(name) + "' is taken");
      }
      // A slot never used first: then which slot a thread gets does not depend on which
      // threads have ended, and an exploration needs no order between spawns and ends.
      boolean reused = used == -1L;
      slot = Long.numberOfTrailingZeros(reused ? ~occupied : ~used);
      occupy(slot, model.spawn(parent, name), body);
      if (trace != null) {
        trace.current().flag(Footprint.SPAWN);
        if (reused) {
          // It looked at the slots below (taken) and took this one.
          for (int below = 0; below <= slot; below++) {
            trace.current().key(SLOT_KEY | below, below == slot);
          }
        }
        trace.spawned(slot);
      }
    }
    startJavaThread(slot);
    return contexts[slot];
  }

  /** Waits until the spawned thread {@code child} has ended. */
  void join(ThreadContext parent, ThreadContext child) {
    int number;
    boolean hasEnded;
    synchronized (this) {
      Integer found = numbers.get(child);
      if (found == null) {
        throw new IllegalArgumentException("thread " + Text.name(child.name())
            + " is not one of this run's");
      }
      number = found;
      hasEnded = endedByNumber[number];
      touch(END_KEY | number, false);
    }
    if (!hasEnded) {
      waitFor(parent, joinAddress(number), Wait.THREAD_END, "thread " + names.get(number)
          + " to end");
      synchronized (this) {
        touch(END_KEY | number, false);
      }
    }
    model.joined(parent, child);
  }

  private static long joinAddress(int number) {
    return Long.MIN_VALUE + number;
  }

  private void touch(long key, boolean write) {
    if (trace != null && trace.current() != null) {
      trace.current().key(key, write);
    }
  }

  private void flag(int flag) {
    if (trace != null && trace.current() != null) {
      trace.current().flag(flag);
    }
  }

  private void body(int slot) {
    self.set(slot);
    CURRENT.set(this);
    try {
      turns[slot].acquire();
      if (abandoned) {
        return;
      }
      bodies[slot].run(contexts[slot], shared);
      synchronized (this) {
        end(slot);
        if (runnable != 0) {
          handOver(-1);
        } else if (firstWaiting() >= 0) {
          int first = firstWaiting();
          fail(new DeadlockFault(waiting[first], contexts[first].name(), deadlock()),
              contexts[first].name());
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
        fail(t, contexts[slot].name());
        if (!continueAfterFailure || t instanceof ScheduleMismatchException) {
          abandon();
          return;
        }
        // An exploration watches the others go on: their later steps may have to come first.
        try {
          end(slot);
          if (runnable != 0) {
            handOver(-1);
          } else {
            abandon();
          }
        } catch (Abandoned e) {
          // The run ended.
        }
      }
    }
  }

  /** The thread in {@code slot} has ended: it wakes its joiners and gives its slot back. */
  private void end(int slot) {
    wakeYielded();
    int number = numbers.get(contexts[slot]);
    endedByNumber[number] = true;
    runnable &= ~(1L << slot);
    occupied &= ~(1L << slot);
    flag(Footprint.END);
    touch(END_KEY | number, true);
    touch(SLOT_KEY | slot, true);
    wake(joinAddress(number), true);
  }

  /** Records the first failure, where the run stood then, and makes the step global. */
  private void fail(Throwable t, String thread) {
    flag(Footprint.GLOBAL);
    if (failure == null) {
      failure = t;
      failedThread = thread;
      choicesAtFailure = choiceCount;
      racesAtFailure = detector.races().size();
    }
  }

  /**
   * Picks the next thread at a switch point and wakes it. Holds the monitor.
   *
   * @throws Abandoned if the run ends here: the step limit, or a chooser that finds the rest
   *     of the run redundant
   */
  private int handOver(int from) {
    wakeYielded();
    if (choiceCount >= stepLimit) {
      String thread = from >= 0 ? contexts[from].name() : contexts[running].name();
      fail(new LivelockException("livelock: the run went past its limit of " + stepLimit
          + " steps; still running: " + runningNames()), thread);
      abandon();
      throw new Abandoned();
    }
    int next = chooser.choose(choiceCount, from, runnable);
    if (next < 0) {
      redundant = true;
      abandon();
      throw new Abandoned();
    }
    if (choiceCount == choices.length) {
      choices = Arrays.copyOf(choices, choiceCount * 2);
    }
    choices[choiceCount++] = next;
    running = next;
    if (trace != null) {
      trace.begin(next, runnable);
      if (resumeGlobal[next]) {
        resumeGlobal[next] = false;
        trace.current().flag(Footprint.GLOBAL);
      }
      if (resumeKey[next] != 0) {
        trace.current().key(resumeKey[next], false);
        resumeKey[next] = 0;
      }
    }
    if (next != from) {
      turns[next].release();
    }
    return next;
  }

  /** The step of {@link #running} has ended: the threads that gave way to it may run again. */
  private void wakeYielded() {
    if (running >= 0) {
      for (int slot = 0; slot < SLOTS; slot++) {
        if (yielded[slot] && slot != running) {
          yielded[slot] = false;
          runnable |= 1L << slot;
        }
      }
    }
  }

  private String runningNames() {
    List<String> alive = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      if ((occupied & (1L << slot)) != 0) {
        alive.add(contexts[slot].name());
      }
    }
    return String.join(", ", alive);
  }

  @Override
  public void beforeOperation(ThreadContext thread) {
    Integer slot = self.get();
    if (slot == null) {
      return; // the main thread's setup and outcome run unscheduled
    }
    int next;
    synchronized (this) {
      if (abandoned) {
        throw new Abandoned();
      }
      if (fresh[slot]) {
        // The choice that gave this thread its turn already chose this operation.
        fresh[slot] = false;
        return;
      }
      try {
        next = handOver(slot);
      } catch (ScheduleMismatchException e) {
        fail(e, contexts[slot].name());
        abandon();
        throw new Abandoned();
      }
    }
    if (next != slot) {
      turns[slot].acquireUninterruptibly();
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
    int slot = self.get();
    synchronized (this) {
      runnable &= ~(1L << slot);
      waiting[slot] = address;
      waitingFor[slot] = what;
      waitKinds[slot] = kind;
      waitingSince[slot] = ++waits;
      wakeYielded();
      flag(Footprint.BLOCK);
      // Only a condition variable wakes its earliest waiter: there the order of waits matters.
      touch(WAIT_KEY ^ address, kind == Wait.CONDITION_VARIABLE);
      if (runnable == 0) {
        // Named after the lowest-numbered waiter, not the last to wait: one deadlock, one
        // report, whichever order the waits came in.
        int first = firstWaiting();
        fail(new DeadlockFault(waiting[first], contexts[first].name(), deadlock()),
            contexts[first].name());
        abandon();
        throw new Abandoned();
      }
      resumeKey[slot] = WAIT_KEY ^ address;
      handOver(slot);
    }
    turns[slot].acquireUninterruptibly();
    synchronized (this) {
      if (abandoned) {
        throw new Abandoned();
      }
      // The choice that woke this thread chose its next operation.
      fresh[slot] = true;
    }
  }

  /**
   * A spin hint from {@code thread}: when another thread can run, this one stops being
   * runnable until another thread has made a step, so a spinning thread lets the others run
   * and the loop it spins in has as many turns as the others make steps.
   */
  void yieldTurn(ThreadContext thread) {
    int slot = self.get();
    synchronized (this) {
      if (abandoned) {
        throw new Abandoned();
      }
      if ((runnable & ~(1L << slot)) == 0) {
        return; // no one else can run: spinning on is all there is
      }
      runnable &= ~(1L << slot);
      yielded[slot] = true;
      flag(Footprint.GLOBAL);
      resumeGlobal[slot] = true;
      handOver(slot);
    }
    turns[slot].acquireUninterruptibly();
    synchronized (this) {
      if (abandoned) {
        throw new Abandoned();
      }
      fresh[slot] = true;
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
    touch(WAIT_KEY ^ address, true);
    int earliest = -1;
    for (int slot = 0; slot < SLOTS; slot++) {
      if (waiting[slot] == address) {
        if (all) {
          waiting[slot] = -1;
          runnable |= 1L << slot;
        } else if (earliest < 0 || waitingSince[slot] < waitingSince[earliest]) {
          earliest = slot;
        }
      }
    }
    if (earliest >= 0) {
      waiting[earliest] = -1;
      runnable |= 1L << earliest;
    }
  }

  private int firstWaiting() {
    for (int slot = 0; slot < SLOTS; slot++) {
      if (waiting[slot] != -1) {
        return slot;
      }
    }
    return -1;
  }

  /** Who waits for what: "a waits for the mutex at 0x10020 held by b; ...". */
  private String deadlock() {
    StringBuilder out = new StringBuilder();
    for (int slot = 0; slot < SLOTS; slot++) {
      if (waiting[slot] == -1) {
        continue;
      }
      out.append(out.length() == 0 ? "" : "; ").append(contexts[slot].name())
          .append(" waits for ").append(waitingFor[slot]);
      if (waiting[slot] >= 0) {
        out.append(" at ").append(Text.hex(waiting[slot]));
      }
      if (waitKinds[slot] == Wait.MUTEX) {
        String holder = holders.get(waiting[slot]);
        out.append(" held by ").append(holder == null ? "no one it knows"
            : holder + (hasEnded(holder) ? ", which has ended" : ""));
      }
    }
    return out.toString();
  }

  private boolean hasEnded(String name) {
    int number = names.indexOf(name);
    return number >= 0 && endedByNumber[number];
  }

  private void abandon() {
    abandoned = true;
    for (Semaphore turn : turns) {
      turn.release();
    }
    done.release();
  }

  // The footprint of the step under way, from the model's events (called under its lock, on
  // the running body's Java thread; the main thread's setup and outcome are no step).

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
    if (origin != Origin.INSPECTION && self.get() != null) {
      trace.current().access(address, length, false);
    }
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
    if (self.get() != null) {
      trace.current().access(address, length, true);
    }
  }

  @Override
  public void onHeapCall(HeapCall call) {
    if (self.get() != null) {
      Footprint footprint = trace.current();
      footprint.flag(Footprint.HEAP);
      // The blocks it hands out or takes back: an access there faults or not by the order.
      for (HeapBlock block : new HeapBlock[] {call.block().orElse(null),
          call.oldBlock().orElse(null)}) {
        if (block != null) {
          footprint.access(block.address(), Math.max(1, block.size()), true);
        }
      }
    }
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    frame(frame);
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    frame(frame);
  }

  private void frame(Frame frame) {
    // Another thread may hold a pointer into the frame: pushing and popping make it live and dead.
    if (self.get() != null) {
      trace.current().access(frame.address(), Math.max(1, frame.size()), true);
    }
  }

  /** Thrown into a thread's body to end it when the run is abandoned. */
  static final class Abandoned extends Error {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("run abandoned", null, false, false);
    }
  }
}
