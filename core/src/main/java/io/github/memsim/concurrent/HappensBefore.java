package io.github.memsim.concurrent;

import io.github.memsim.Frame;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The race detector's happens-before engine: a number per thread, a vector clock per live
 * thread, and the places of accesses (thread, kind, size and function) interned as numbers that
 * an epoch carries, after FastTrack.
 *
 * <p>An epoch is a place and the clock of its thread at the access, packed in a long (0 for
 * none): an access at epoch {@code c@t} is ordered before a thread whose clock holds at least
 * {@code c} for {@code t}.
 *
 * <p>Memory: a clock has an entry per thread seen so far, so it is the clocks of threads that
 * have ended that would make the engine grow with the square of the number of threads. A thread
 * that has been joined never accesses memory again, and whoever joined it has taken its clock
 * in: its own clock is dropped then ({@link #end}), and so is its context for frame lookups,
 * leaving a few bytes of name, number and places per thread that ever ran. {@link #retainedClockEntries()} counts what
 * is kept.
 */
final class HappensBefore {
  private static final Object NO_FUNCTION = new Object();

  /** Where an access was made, as reports name it and deduplicate them. */
  record Place(int thread, boolean write, boolean atomic, long length, String function) {}

  private final Map<ThreadContext, Integer> ids = new IdentityHashMap<>();
  private ThreadContext lastThread;
  /** The first threads seen, by number, found by a scan before the map is asked. */
  private ThreadContext[] firstThreads = new ThreadContext[0];
  private int lastId;
  private final List<String> names = new ArrayList<>();
  /** Per thread, its context while it may still run (for frames), null once it has ended. */
  private final List<ThreadContext> contexts = new ArrayList<>();
  /** Per thread, the name of the function on top of its stack, or NO_FUNCTION until looked up. */
  private Object[] functions = new Object[0];
  /** Per thread, its vector clock; null once the thread has ended and been joined. */
  private int[][] clocks = new int[0][];
  /** Per ended thread, its own entry when it ended. */
  private int[] endClocks = new int[0];
  /** The total length of the clocks kept. */
  private long clockEntries;

  private final Map<Place, Integer> placeIds = new HashMap<>();
  private Place[] places = new Place[16];
  private int[] placeThreads = new int[16];
  private boolean[] placeAtomic = new boolean[16];
  /** Per thread and kind of access (read or write, plain or atomic), the last place used. */
  private Place[] recentPlaces = new Place[0];
  private int[] recentPlaceIds = new int[0];

  /** {@return the number of a thread, given one at its first sight} */
  int id(ThreadContext thread) {
    if (thread == lastThread) {
      return lastId;
    }
    ThreadContext[] first = firstThreads;
    for (int i = 0; i < first.length; i++) {
      if (first[i] == thread) {
        lastThread = thread;
        lastId = i;
        return i;
      }
    }
    Integer known = ids.get(thread);
    if (known != null) {
      lastThread = thread;
      lastId = known;
      return known;
    }
    int index = names.size();
    ids.put(thread, index);
    names.add(Text.name(thread.name()));
    contexts.add(thread);
    functions = grow(functions, index + 1);
    functions[index] = NO_FUNCTION;
    if (index < 8) {
      firstThreads = Arrays.copyOf(firstThreads, index + 1);
      firstThreads[index] = thread;
    }
    if (4 * (index + 1) > recentPlaces.length) {
      recentPlaces = Arrays.copyOf(recentPlaces, Math.max(4 * (index + 1),
          2 * recentPlaces.length));
      recentPlaceIds = Arrays.copyOf(recentPlaceIds, recentPlaces.length);
    }
    clocks = grow(clocks, index + 1);
    clocks[index] = new int[index + 1];
    clockEntries += index + 1;
    clocks[index][index] = 1;
    return index;
  }

  private static int[] grow(int[] array, int size) {
    return size <= array.length ? array : Arrays.copyOf(array, Math.max(size,
        2 * array.length));
  }

  /** {@return a copy of an array at least {@code size} long, doubled so that growth is cheap} */
  private static <T> T[] grow(T[] array, int size) {
    return size <= array.length ? array : Arrays.copyOf(array, Math.max(size,
        2 * array.length));
  }

  /** {@return the name of a thread, escaped and cut} */
  String name(int thread) {
    return names.get(thread);
  }

  /** {@return the threads that may still run, for the frames on their stacks} */
  List<ThreadContext> liveThreads() {
    List<ThreadContext> live = new ArrayList<>();
    for (ThreadContext context : contexts) {
      if (context != null) {
        live.add(context);
      }
    }
    return live;
  }

  /** {@return the clock of a thread, as long as there are threads} */
  int[] clock(int thread) {
    int[] clock = clocks[thread];
    if (clock == null) {
      // A joined thread that makes an access again (a plain Java thread joined by hand before
      // it ended): what it does now is after nothing that anyone knows of.
      clock = new int[names.size()];
      clock[thread] = endClocks[thread] + 1;
      clocks[thread] = clock;
      clockEntries += clock.length;
    } else if (clock.length < names.size()) {
      clockEntries += names.size() - clock.length;
      clock = Arrays.copyOf(clock, names.size());
      clocks[thread] = clock;
    }
    return clock;
  }

  static int get(int[] clock, int thread) {
    return thread < clock.length ? clock[thread] : 0;
  }

  /** Takes {@code other} into a thread's clock, entry by entry. */
  void joinInto(int thread, int[] other) {
    int[] clock = clock(thread);
    if (other.length > clock.length) {
      clockEntries += other.length - clock.length;
      clock = Arrays.copyOf(clock, other.length);
      clocks[thread] = clock;
    }
    for (int i = 0; i < other.length; i++) {
      clock[i] = Math.max(clock[i], other[i]);
    }
  }

  /** Orders what {@code from} did so far before what {@code to} does next; {@code from} ticks. */
  void fork(int from, int to) {
    joinInto(to, clock(from));
    clocks[from][from]++;
  }

  /**
   * Orders what an ended thread did before what {@code into} does next, then drops the ended
   * thread's clock and context: it makes no access again.
   */
  void end(int into, int ended) {
    if (clocks[ended] == null) {
      return; // joined already (a run joins every thread at its end, spawned ones included)
    }
    joinInto(into, clock(ended));
    if (into != ended) {
      clockEntries -= clocks[ended].length;
      endClocks = grow(endClocks, ended + 1);
      endClocks[ended] = clocks[ended][ended];
      clocks[ended] = null;
      contexts.set(ended, null);
    }
  }

  /** {@return the number of clock entries kept: what grows with threads alive times threads} */
  long retainedClockEntries() {
    return clockEntries;
  }

  /** Records the function on top of a thread's stack (a push), or forgets it (a pop). */
  void function(int thread, String name) {
    functions[thread] = name == null ? NO_FUNCTION : name;
  }

  /** {@return the function on top of a thread's stack, or null} */
  private String function(ThreadContext thread, int id) {
    Object known = functions[id];
    if (known == NO_FUNCTION) {
      known = thread.stack().top().map(Frame::name).orElse(null);
      functions[id] = known;
    }
    return (String) known;
  }

  /** {@return the number of the place of an access, interned} */
  int place(ThreadContext thread, int id, boolean write, boolean atomic, long length) {
    String function = function(thread, id);
    int recent = 4 * id + (write ? 2 : 0) + (atomic ? 1 : 0);
    Place last = recentPlaces[recent];
    if (last != null && last.length() == length && last.function() == function) {
      return recentPlaceIds[recent];
    }
    Place place = new Place(id, write, atomic, length, function);
    Integer known = placeIds.get(place);
    int number;
    if (known != null) {
      number = known;
    } else {
      number = placeIds.size();
      placeIds.put(place, number);
      if (number == places.length) {
        places = Arrays.copyOf(places, 2 * number);
        placeThreads = Arrays.copyOf(placeThreads, 2 * number);
        placeAtomic = Arrays.copyOf(placeAtomic, 2 * number);
      }
      places[number] = place;
      placeThreads[number] = id;
      placeAtomic[number] = atomic;
    }
    recentPlaces[recent] = place;
    recentPlaceIds[recent] = number;
    return number;
  }

  /** {@return a place by number} */
  Place place(int number) {
    return places[number];
  }

  static long epoch(int place, int clock) {
    return ((long) (place + 1) << 32) | (clock & 0xFFFF_FFFFL);
  }

  static int placeOf(long epoch) {
    return (int) (epoch >>> 32) - 1;
  }

  /** Whether an earlier access races with one at {@code place}, whose thread's clock is given. */
  boolean conflicts(long earlier, int place, int[] clock) {
    int before = placeOf(earlier);
    int thread = placeThreads[before];
    return thread != placeThreads[place] && !(placeAtomic[before] && placeAtomic[place])
        && (int) earlier > get(clock, thread);
  }

  /**
   * Whether an earlier access stays in a slot's history when another is added: with a
   * {@code clock}, if it is not ordered before it (only atomic ones count as ordered if
   * {@code atomic}); else if it is not a read by {@code thread} of the same kind.
   */
  boolean stays(long epoch, int[] clock, boolean atomic, int thread) {
    int place = placeOf(epoch);
    if (clock != null) {
      boolean ordered = (!atomic || placeAtomic[place])
          && (int) epoch <= get(clock, placeThreads[place]);
      return !ordered;
    }
    return !(placeThreads[place] == thread && placeAtomic[place] == atomic);
  }
}
