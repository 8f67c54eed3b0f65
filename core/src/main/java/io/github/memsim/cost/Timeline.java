package io.github.memsim.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The clocks of an {@link Overlap} hierarchy: per simulated thread, the cycle at which its next
 * access issues, the miss slots it holds, the pointers it loaded and when they were ready, its
 * last store, and the lines on their way to it. A {@link CacheSimulator} asks it when each
 * access may issue and charges the waits it reports; see {@link Overlap} for the rules.
 *
 * <p>Rows travel with times packed as {@code time * ROWS + row}, so that a wait is charged to
 * the row that answered the access waited for.
 */
final class Timeline {
  /** More rows than any hierarchy has (levels are few); the packing's radix. */
  private static final long ROWS = 64;
  /** Pointers remembered per thread: a walk needs the last one or two. */
  private static final int POINTERS = 8;
  /** Lines on their way kept per thread before the arrived ones are dropped. */
  private static final int IN_FLIGHT = 4096;

  private final int slots;
  private long[] clock = new long[0];
  /** Per thread, each miss slot's completion, packed with its row. */
  private long[][] slotDone = new long[0][];
  /** Per thread, the latest completion of any access, packed, and the counts cell to charge. */
  private long[] latest = new long[0];
  private int[] latestBase = new int[0];
  /** Per thread, the last load's completion, packed: when a store's value is ready. */
  private long[] lastLoad = new long[0];
  /** Per thread, the pointers loaded: [start, end) and when ready, packed. */
  private long[][] pointerStart = new long[0][];
  private long[][] pointerEnd = new long[0][];
  private long[][] pointerReady = new long[0][];
  private int[] pointerNext = new int[0];
  /** Per thread, the last store's bytes and when its value was ready, packed. */
  private long[] storeStart = new long[0];
  private long[] storeEnd = new long[0];
  private long[] storeReady = new long[0];
  /** Per thread, lines on their way: line to arrival, packed. */
  private final List<Map<Long, Long>> inFlight = new ArrayList<>();

  Timeline(Overlap overlap) {
    this.slots = overlap.outstandingMisses();
  }

  void addThread() {
    int n = clock.length + 1;
    clock = Arrays.copyOf(clock, n);
    slotDone = Arrays.copyOf(slotDone, n);
    slotDone[n - 1] = new long[slots];
    latest = Arrays.copyOf(latest, n);
    latestBase = Arrays.copyOf(latestBase, n);
    lastLoad = Arrays.copyOf(lastLoad, n);
    pointerStart = Arrays.copyOf(pointerStart, n);
    pointerEnd = Arrays.copyOf(pointerEnd, n);
    pointerReady = Arrays.copyOf(pointerReady, n);
    pointerStart[n - 1] = new long[POINTERS];
    pointerEnd[n - 1] = new long[POINTERS];
    pointerReady[n - 1] = new long[POINTERS];
    pointerNext = Arrays.copyOf(pointerNext, n);
    storeStart = Arrays.copyOf(storeStart, n);
    storeEnd = Arrays.copyOf(storeEnd, n);
    storeReady = Arrays.copyOf(storeReady, n);
    inFlight.add(new HashMap<>());
  }

  /** {@return the cycle at which the thread's next access issues} */
  long clock(int thread) {
    return clock[thread];
  }

  /** Moves the thread's clock on by instruction costs. */
  void advance(int thread, long cycles) {
    clock[thread] += cycles;
  }

  /**
   * {@return when, packed with its row, the access at [address, end) may issue at the earliest
   * because of what it depends on: a pointer it was reached through, or the last store's value
   * for a load of its bytes; 0 if nothing}
   */
  long dependency(int thread, long address, long end, boolean store) {
    long ready = 0;
    long[] starts = pointerStart[thread];
    long[] ends = pointerEnd[thread];
    long[] readies = pointerReady[thread];
    for (int i = 0; i < POINTERS; i++) {
      if (address >= starts[i] && address < ends[i] && readies[i] > ready) {
        ready = readies[i];
      }
    }
    if (!store && address < storeEnd[thread] && end > storeStart[thread]
        && storeReady[thread] > ready) {
      ready = storeReady[thread];
    }
    return ready;
  }

  /** {@return a time packed with a row} */
  static long pack(long time, int row) {
    return time * ROWS + row;
  }

  /** {@return the time of a packed value} */
  static long time(long packed) {
    return packed / ROWS;
  }

  /** {@return the row of a packed value} */
  static int row(long packed) {
    return (int) (packed % ROWS);
  }

  /** Lets the thread's clock wait until {@code time}. */
  void waitUntil(int thread, long time) {
    if (time > clock[thread]) {
      clock[thread] = time;
    }
  }

  /**
   * {@return the packed completion of the slot that frees first, if every slot is held past
   * the clock; 0 if one is free}
   */
  long slotWait(int thread) {
    long[] done = slotDone[thread];
    long first = Long.MAX_VALUE;
    for (long packed : done) {
      if (time(packed) <= clock[thread]) {
        return 0;
      }
      first = Math.min(first, packed);
    }
    return first;
  }

  /**
   * Issues an access at the clock and {@return its completion, packed with the row that
   * answered}.
   *
   * @param line the line accessed
   * @param latency the cycles from issue to data
   * @param row the row that answered
   * @param miss whether it takes a miss slot (it missed the first level)
   * @param base the counts offset of its thread and origin, for a drain's charge
   */
  long issue(int thread, long line, long latency, int row, boolean miss, int base) {
    long now = clock[thread];
    long done = (now + latency) * ROWS + row;
    Map<Long, Long> coming = inFlight.get(thread);
    Long arriving = coming.get(line);
    if (arriving != null) {
      if (time(arriving) > time(done)) {
        done = arriving;
      } else if (time(arriving) <= now) {
        coming.remove(line);
      }
    }
    if (miss) {
      long[] held = slotDone[thread];
      int free = 0;
      for (int i = 1; i < held.length; i++) {
        if (held[i] < held[free]) {
          free = i;
        }
      }
      held[free] = done;
      arrives(thread, line, done);
    }
    if (time(done) > time(latest[thread])) {
      latest[thread] = done;
      latestBase[thread] = base;
    }
    return done;
  }

  /** Notes that {@code line} reaches the thread at the packed time {@code done}. */
  void arrives(int thread, long line, long done) {
    Map<Long, Long> coming = inFlight.get(thread);
    if (coming.size() >= IN_FLIGHT) {
      long now = clock[thread];
      for (Iterator<Long> it = coming.values().iterator(); it.hasNext(); ) {
        if (time(it.next()) <= now) {
          it.remove();
        }
      }
    }
    Long before = coming.get(line);
    if (before == null || time(before) < time(done)) {
      coming.put(line, done);
    }
  }

  /** Remembers the completion of the thread's last load, the ready time of what it stores next. */
  void loaded(int thread, long done) {
    lastLoad[thread] = done;
  }

  /** Remembers the thread's last store: a later load of its bytes waits for its value. */
  void stored(int thread, long address, long end) {
    storeStart[thread] = address;
    storeEnd[thread] = end;
    storeReady[thread] = lastLoad[thread];
  }

  /** Remembers a pointer the thread's last load returned: accesses through it wait for it. */
  void pointer(int thread, long start, long end) {
    int at = pointerNext[thread];
    pointerStart[thread][at] = start;
    pointerEnd[thread][at] = end;
    pointerReady[thread][at] = lastLoad[thread];
    pointerNext[thread] = (at + 1) % POINTERS;
  }

  /** {@return the cycles from the thread's clock until its last access completes} */
  long drain(int thread) {
    return Math.max(0, time(latest[thread]) - clock[thread]);
  }

  /** {@return the row of the thread's latest completing access} */
  int drainRow(int thread) {
    return row(latest[thread]);
  }

  /** {@return the counts offset (thread and origin) of the thread's latest completing access} */
  int drainBase(int thread) {
    return latestBase[thread];
  }

  // ---------------------------------------------------------------------------------------------
  // Charging a simulator's counts (per thread, origin, row and counter, as CacheSimulator keeps
  // them; base is the offset of a thread and origin)

  private static final int COUNTERS = Counter.values().length;
  private static final int CYCLES = Counter.CYCLES.ordinal();

  private static void charge(long[] counts, int base, long packed, Counter counter, long wait) {
    int cell = base + row(packed) * COUNTERS;
    counts[cell + counter.ordinal()] += wait;
    counts[cell + CYCLES] += wait;
  }

  /**
   * Makes the thread wait for what an access of {@code [address, end)} depends on, charging
   * the wait; {@return the thread's clock before}
   */
  long waitForDependency(long[] counts, int thread, int base, long address, long end,
      boolean store) {
    long before = clock[thread];
    long ready = dependency(thread, address, end, store);
    long wait = time(ready) - before;
    if (wait > 0) {
      charge(counts, base, ready, Counter.DEPENDENT_WAIT, wait);
      waitUntil(thread, time(ready));
    }
    return before;
  }

  /**
   * Issues one line's access, first waiting for a miss slot if it needs one (it missed the
   * first level: {@code row > 0}); {@return its completion, packed}
   */
  long issueLine(long[] counts, int thread, int base, long line, long latency, int row) {
    boolean miss = row > 0;
    if (miss) {
      long slot = slotWait(thread);
      long wait = time(slot) - clock[thread];
      if (slot != 0 && wait > 0) {
        charge(counts, base, slot, Counter.QUEUE_WAIT, wait);
        waitUntil(thread, time(slot));
      }
    }
    return issue(thread, line, latency, row, miss, base);
  }

  /** Adds to a snapshot of counts the time until each thread's last access completes. */
  void addDrains(long[] counts) {
    for (int thread = 0; thread < clock.length; thread++) {
      counts[latestBase[thread] + row(latest[thread]) * COUNTERS + CYCLES] += drain(thread);
    }
  }
}
