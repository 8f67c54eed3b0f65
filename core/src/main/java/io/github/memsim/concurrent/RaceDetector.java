package io.github.memsim.concurrent;

import io.github.memsim.Frame;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A happens-before data-race detector over a model's event stream, after FastTrack: a vector
 * clock per thread, and per byte the epoch of its last write and of its reads (a vector once
 * reads are concurrent). A race is two accesses to one byte by different threads, at least one
 * a write, not both atomic, and not ordered by happens-before, whose edges are: a thread's start
 * after what its creator did before making it; {@link #join} of an ended thread; and an atomic
 * store (the unlock of a {@link Mutex} is one) before an atomic load of the same bytes (a lock's
 * compare-and-set). The allocator's own accesses are not checked (malloc is thread-safe), but a
 * {@code free} is a write of the whole block; a block allocated at a reused address, and a
 * frame's slots at each push, start with no history.
 *
 * <p>Register it on a model ({@code MemoryModel.builder().listener(detector)}); a {@link Run}
 * makes one for every run. Races are recorded, deduplicated by the pair of places (access kind,
 * thread and function of each side), and the run goes on.
 */
public final class RaceDetector implements MemoryListener {
  /**
   * One race: both accesses, in memsim's fault grammar.
   *
   * @param key the pair of places, e.g. "8-byte write by b in worker / 8-byte read by a in
   *     worker": what deduplicates races
   * @param message the full report
   * @param address the first byte found racing
   * @param op the op of the access that found the race
   * @param earlierOp the op of the access it races with
   */
  public record Race(String key, String message, long address, long op, long earlierOp) {
    /**
     * Checks the components.
     *
     * @param key the pair of places
     * @param message the full report
     * @param address the byte
     * @param op the later access's op
     * @param earlierOp the earlier access's op
     */
    public Race {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return message;
    }
  }

  /** One recorded access of a byte. */
  private record Access(int thread, int clock, boolean write, boolean atomic, long length,
      long address, long op, String function) {}

  /**
   * The history of one byte: the writes and reads that no later write is ordered after. A
   * single last write and one read per thread suffice for plain accesses (a write unordered with
   * an earlier one is itself a race), but two atomic accesses never race, so an atomic write must
   * not hide an earlier access that is still unordered with what comes next.
   */
  private static final class Cell {
    final List<Access> writes = new ArrayList<>(1);
    final List<Access> reads = new ArrayList<>(2);
    /** Whether a race was found at this byte (it is then in {@code racyBytes}). */
    boolean racy;
  }

  private final Map<ThreadContext, Integer> ids = new IdentityHashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<ThreadContext> contexts = new ArrayList<>();
  private int[][] clocks = new int[0][];
  private final Map<Long, int[]> released = new HashMap<>();
  private final Map<Long, Cell> shadow = new HashMap<>();
  private final TreeMap<Long, HeapBlock> blocks = new TreeMap<>();
  private final Map<String, Race> races = new LinkedHashMap<>();
  /** The pairs of places already reported, as cheap keys, so that a repeat builds no text. */
  private final java.util.Set<PlacePair> reported = new java.util.HashSet<>();
  /** Every byte where a race was found, whether or not its pair of places was new. */
  private final java.util.Set<Long> racyBytes = new java.util.HashSet<>();

  /** Makes a detector with no history; register it before the model's threads start. */
  public RaceDetector() {}

  /** {@return the races found, in the order first seen, one per pair of places} */
  public synchronized List<Race> races() {
    return List.copyOf(races.values());
  }

  private int id(ThreadContext thread) {
    Integer id = ids.get(thread);
    if (id != null) {
      return id;
    }
    int index = names.size();
    ids.put(thread, index);
    names.add(thread.name());
    contexts.add(thread);
    clocks = Arrays.copyOf(clocks, index + 1);
    clocks[index] = new int[index + 1];
    clocks[index][index] = 1;
    return index;
  }

  private int[] clock(int thread) {
    int[] clock = clocks[thread];
    if (clock.length < names.size()) {
      clock = Arrays.copyOf(clock, names.size());
      clocks[thread] = clock;
    }
    return clock;
  }

  private static int get(int[] clock, int thread) {
    return thread < clock.length ? clock[thread] : 0;
  }

  private void joinInto(int thread, int[] other) {
    int[] clock = clock(thread);
    if (other.length > clock.length) {
      clock = Arrays.copyOf(clock, other.length);
      clocks[thread] = clock;
    }
    for (int i = 0; i < other.length; i++) {
      clock[i] = Math.max(clock[i], other[i]);
    }
  }

  @Override
  public synchronized void onThreadStart(ThreadContext thread, long op) {
    int id = id(thread);
    // Made by the thread that runs the model's main code: the new thread starts after it.
    if (id > 0) {
      int creator = 0;
      joinInto(id, clock(creator));
      clock(creator)[creator]++;
    }
  }

  /**
   * Orders everything {@code parent} did so far before everything {@code child} will do, as
   * spawning a thread does. A {@link Run} calls it for {@link Threads#spawn}.
   *
   * @param parent the spawning thread
   * @param child the new thread
   */
  public synchronized void fork(ThreadContext parent, ThreadContext child) {
    int from = id(parent);
    joinInto(id(child), clock(from));
    clock(from)[from]++;
  }

  /**
   * Orders everything {@code ended} did before what {@code into} does next, as joining a thread
   * does. A {@link Run} joins every body into the main thread before it reads the outcome.
   *
   * @param into the thread that waited
   * @param ended the thread that ended
   */
  public synchronized void join(ThreadContext into, ThreadContext ended) {
    int target = id(into);
    joinInto(target, clock(id(ended)));
  }

  @Override
  public synchronized void onLoad(ThreadContext thread, long op, long address, long length,
      Origin origin) {
    if (thread == null || length <= 0) {
      return;
    }
    if (origin == Origin.USER || origin == Origin.COPY) {
      access(thread, op, address, length, false, false);
    } else if (origin == Origin.ATOMIC) {
      int id = id(thread);
      for (long a = address; a < address + length; a++) {
        int[] from = released.get(a);
        if (from != null) {
          joinInto(id, from);
        }
      }
      access(thread, op, address, length, false, true);
    }
  }

  @Override
  public synchronized void onStore(ThreadContext thread, long op, long address, long length,
      Origin origin) {
    if (thread == null || length <= 0) {
      return;
    }
    if (origin == Origin.USER || origin == Origin.COPY || origin == Origin.ZEROING) {
      access(thread, op, address, length, true, false);
    } else if (origin == Origin.ATOMIC) {
      int id = id(thread);
      access(thread, op, address, length, true, true);
      int[] clock = clock(id);
      int[] snapshot = clock.clone(); // shared by the bytes: snapshots are only ever read
      for (long a = address; a < address + length; a++) {
        released.put(a, snapshot);
      }
      clock[id]++;
    }
  }

  @Override
  public synchronized void onHeapCall(HeapCall call) {
    ThreadContext thread = call.thread();
    if (call.kind() == HeapCall.Kind.FREE || call.kind() == HeapCall.Kind.REALLOC) {
      HeapBlock freed = call.kind() == HeapCall.Kind.FREE ? call.block().orElse(null)
          : call.oldBlock().orElse(null);
      if (freed != null && thread != null) {
        access(thread, call.op(), freed.address(), Math.max(1, freed.size()), true, false);
        blocks.remove(freed.address());
      }
    }
    if (call.kind() != HeapCall.Kind.FREE) {
      call.block().ifPresent(block -> {
        // A new block at a reused address starts with no history, and so do its bytes.
        for (long a = block.address(); a < block.address() + block.size(); a++) {
          shadow.remove(a);
          released.remove(a);
        }
        blocks.put(block.address(), block);
      });
    }
  }

  /**
   * Records an ABA: a pointer compare-and-set that succeeded on a stale pointer's bits, named
   * with both blocks. It is listed among {@link #races()} with a key beginning {@code ABA}.
   */
  @Override
  public synchronized void onStaleCompareAndSet(ThreadContext thread, long op, long address,
      HeapBlock expected, HeapBlock found) {
    String function = thread.stack().top().map(Frame::name).orElse(null);
    String by = thread.name() + (function == null ? "" : " in " + function);
    String key = "ABA: compare-and-set by " + by;
    if (races.containsKey(key)) {
      return;
    }
    races.put(key, new Race(key, "ABA: 8-byte compare-and-set at " + Text.hex(address) + " by "
        + by + " at op " + op + " succeeded with a pointer to block #" + expected.id() + " ("
        + Text.bytes(expected.size()) + " at " + Text.hex(expected.address()) + "), which was"
        + " freed, while block #" + found.id() + " (" + Text.bytes(found.size()) + " at "
        + Text.hex(found.address()) + "), allocated by " + found.thread()
        + (found.allocationSite().isEmpty() ? "" : " in "
        + String.join(" <- ", found.allocationSite())) + " at op " + found.op()
        + ", now sits there", address, op, op));
  }

  @Override
  public synchronized void onPush(ThreadContext thread, long op, Frame frame) {
    for (long a = frame.address(); a < frame.address() + frame.size(); a++) {
      shadow.remove(a);
      released.remove(a);
    }
  }

  private void access(ThreadContext thread, long op, long address, long length, boolean write,
      boolean atomic) {
    int id = id(thread);
    int[] clock = clock(id);
    String function = thread.stack().top().map(Frame::name).orElse(null);
    Access now = new Access(id, clock[id], write, atomic, length, address, op, function);
    for (long a = address; a < address + length; a++) {
      Cell cell = shadow.computeIfAbsent(a, k -> new Cell());
      for (Access last : cell.writes) {
        if (conflicts(last, now, clock)) {
          report(now, last, a, cell);
        }
      }
      if (write) {
        for (Access read : cell.reads) {
          if (conflicts(read, now, clock)) {
            report(now, read, a, cell);
          }
        }
        // What this write is ordered after can no longer race with anything that does not race
        // with this write too: all of it for a plain write; for an atomic write only atomic
        // accesses, since a later atomic access could race with an earlier plain one but never
        // with this write.
        cell.writes.removeIf(w -> (!atomic || w.atomic()) && w.clock() <= get(clock, w.thread()));
        cell.reads.removeIf(r -> (!atomic || r.atomic()) && r.clock() <= get(clock, r.thread()));
        cell.writes.add(now);
      } else {
        cell.reads.removeIf(r -> r.thread() == id && r.atomic() == atomic);
        cell.reads.add(now);
      }
    }
  }

  /** Whether an earlier access races with {@code now}, whose thread's clock is {@code clock}. */
  private static boolean conflicts(Access earlier, Access now, int[] clock) {
    return earlier.thread() != now.thread() && !(earlier.atomic() && now.atomic())
        && earlier.clock() > get(clock, earlier.thread());
  }

  /** {@return every byte at which a race was found} */
  synchronized java.util.Set<Long> racyBytes() {
    return new java.util.TreeSet<>(racyBytes);
  }

  /** Where an access was made, as the deduplication of reports sees it. */
  private record Place(int thread, boolean write, boolean atomic, long length, String function) {
    Place(Access access) {
      this(access.thread(), access.write(), access.atomic(), access.length(), access.function());
    }
  }

  private record PlacePair(Place now, Place before) {}

  private Access lastNow;
  private Access lastBefore;

  private static boolean samePlace(Access a, Access b) {
    return b != null && a.thread() == b.thread() && a.write() == b.write()
        && a.atomic() == b.atomic() && a.length() == b.length()
        && Objects.equals(a.function(), b.function());
  }

  private void report(Access now, Access before, long at, Cell cell) {
    if (!cell.racy) {
      cell.racy = true;
      racyBytes.add(at);
    }
    if (samePlace(now, lastNow) && samePlace(before, lastBefore)) {
      return; // the common case: the same two places race byte after byte
    }
    lastNow = now;
    lastBefore = before;
    if (!reported.add(new PlacePair(new Place(now), new Place(before)))) {
      return;
    }
    String key = place(now) + " / " + place(before);
    String message = "data race: " + describe(now, true) + ", racing with " + describe(before,
        false) + "; " + where(at);
    races.put(key, new Race(key, message, at, now.op(), before.op()));
  }

  private String place(Access access) {
    return access.length() + "-byte " + (access.atomic() ? "atomic " : "")
        + (access.write() ? "write" : "read") + " by " + names.get(access.thread())
        + (access.function() == null ? "" : " in " + access.function());
  }

  private String describe(Access access, boolean first) {
    String size = access.length() + "-byte";
    String lead = first ? size : (size.startsWith("8") || size.startsWith("11-")
        || size.startsWith("18-") ? "an " : "a ") + size;
    return lead + " " + (access.atomic() ? "atomic " : "") + (access.write() ? "write" : "read")
        + (first ? " at " + Text.hex(access.address()) : "") + " by "
        + names.get(access.thread()) + (access.function() == null ? ""
        : " in " + access.function()) + " at op " + access.op();
  }

  private String where(long address) {
    Map.Entry<Long, HeapBlock> entry = blocks.floorEntry(address);
    if (entry != null && address < entry.getKey() + Math.max(1, entry.getValue().size())) {
      HeapBlock block = entry.getValue();
      return Text.bytes(address - block.address()) + " into block #" + block.id() + " ("
          + Text.bytes(block.size()) + " at " + Text.hex(block.address()) + "), allocated by "
          + block.thread() + (block.allocationSite().isEmpty() ? ""
          : " in " + String.join(" <- ", block.allocationSite())) + " at op " + block.op();
    }
    for (ThreadContext thread : contexts) {
      for (Frame frame : thread.stack().frames()) {
        if (address >= frame.address() && address < frame.address() + frame.size()) {
          return "in frame " + frame.name() + " at depth " + frame.depth() + " of "
              + thread.name();
        }
      }
    }
    return "at " + Text.hex(address);
  }
}
