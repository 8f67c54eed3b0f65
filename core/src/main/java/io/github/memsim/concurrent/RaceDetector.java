package io.github.memsim.concurrent;

import io.github.memsim.AccessCheck;
import io.github.memsim.DataRaceFault;
import io.github.memsim.Finding;
import io.github.memsim.Frame;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 *
 * <p>The history is kept in flat arrays, one slot of epochs per 8-byte word while its bytes agree
 * and one per byte where they differ, so a program that accesses whole words pays for words.
 *
 * <p>One detector serves one memory model. Like every listener, its callbacks run under the
 * model's lock, so it takes no lock of its own on that path; {@link #fork} and {@link #join} must
 * be called by the Java thread driving the model, between operations, as a {@link Run} does.
 * {@link #races()} may be called from any thread at any time.
 */
public final class RaceDetector implements MemoryListener, AccessCheck {
  /** What the detector does when it finds a race. */
  public enum Mode {
    /** Records the race among {@link #races()}; the run goes on. The default. */
    RECORD,
    /**
     * Refuses the second access with a {@link DataRaceFault} before it changes anything;
     * register the detector as the model's {@link AccessCheck} too (a {@link Run} of a program
     * built with {@link Program.Builder#raceFaults()} does).
     */
    FAULT
  }

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

  /** The bytes of a page: 4 KiB of simulated addresses, 512 words of 8 bytes. */
  private static final int PAGE_BITS = 12;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final int WORDS_PER_PAGE = PAGE_SIZE / 8;
  private static final int REGION_BITS = 12;

  /** An epoch slot that holds two or more accesses, kept in a {@code more} array. */
  private static final long MANY = -1L;

  /**
   * Histories in flat arrays, after FastTrack: per slot, the writes and the reads that no later
   * write is ordered after, each kept as an epoch (the access's place and its thread's clock,
   * packed in a long; 0 for none) and the op that made it. A single last write and one read per
   * thread suffice for plain accesses (a write unordered with an earlier one is itself a race),
   * but two atomic accesses never race, so an atomic write must not hide an earlier access that
   * is still unordered with what comes next: a slot with two or more accesses holds {@link #MANY}
   * and, in {@code writesMore} or {@code readsMore}, an immutable array of epoch and op pairs.
   */
  private static final class Slots {
    /** Per slot, four longs side by side: write epoch, its op, read epoch, its op. */
    final long[] data;
    long[][] writesMore;
    long[][] readsMore;

    Slots(int size) {
      data = new long[4 * size];
    }

    long write(int i) {
      return data[4 * i];
    }

    long writeOp(int i) {
      return data[4 * i + 1];
    }

    long read(int i) {
      return data[4 * i + 2];
    }

    long readOp(int i) {
      return data[4 * i + 3];
    }

    boolean isEmpty(int i) {
      return write(i) == 0 && read(i) == 0;
    }

    boolean same(int i, Slots other, int j) {
      return write(i) == other.write(j) && writeOp(i) == other.writeOp(j)
          && read(i) == other.read(j) && readOp(i) == other.readOp(j)
          && (write(i) != MANY || writesMore[i] == other.writesMore[j])
          && (read(i) != MANY || readsMore[i] == other.readsMore[j]);
    }

    void copy(int i, Slots from, int j) {
      set(i, true, from.write(j), from.writeOp(j),
          from.write(j) == MANY ? from.writesMore[j] : null);
      set(i, false, from.read(j), from.readOp(j),
          from.read(j) == MANY ? from.readsMore[j] : null);
    }

    void clear(int i) {
      set(i, true, 0, 0, null);
      set(i, false, 0, 0, null);
    }

    void set(int i, boolean write, long epoch, long op, long[] more) {
      int at = 4 * i + (write ? 0 : 2);
      data[at] = epoch;
      data[at + 1] = op;
      if (write) {
        if (more != null || writesMore != null) {
          if (writesMore == null) {
            writesMore = new long[data.length / 4][];
          }
          writesMore[i] = more;
        }
      } else if (more != null || readsMore != null) {
        if (readsMore == null) {
          readsMore = new long[data.length / 4][];
        }
        readsMore[i] = more;
      }
    }
  }

  /**
   * The history of a page's bytes: one slot per 8-byte word while the word's bytes share one
   * history, as they do when the program accesses whole words; slots per byte for a word whose
   * bytes differ (made when an access covers part of it, dropped when its bytes agree again).
   */
  private static final class Page {
    final Slots words = new Slots(WORDS_PER_PAGE);
    /** Per word, the slots of its 8 bytes when they differ, else null; made at the first. */
    Slots[] bytes;
    /** Per byte, the clock of the last atomic store to it, or null; made at the first one. */
    int[][] released;
    /** The bytes at which a race was found, one bit each; made at the first race. */
    long[] racy;

    /** {@return the slots of a word's bytes, made from the word's history if need be} */
    Slots split(int word) {
      if (bytes == null) {
        bytes = new Slots[WORDS_PER_PAGE];
      }
      Slots split = bytes[word];
      if (split == null) {
        split = new Slots(8);
        for (int b = 0; b < 8; b++) {
          split.copy(b, words, word);
        }
        bytes[word] = split;
      }
      return split;
    }

    /** Makes a word one slot again if its bytes agree. */
    void mergeIfSame(int word) {
      Slots split = bytes[word];
      for (int b = 1; b < 8; b++) {
        if (!split.same(b, split, 0)) {
          return;
        }
      }
      words.copy(word, split, 0);
      bytes[word] = null;
    }
  }

  private static final Object NO_FUNCTION = new Object();

  private final Mode mode;
  private final Map<ThreadContext, Integer> ids = new IdentityHashMap<>();
  private ThreadContext lastThread;
  /** The first threads seen, by number, found by a scan before the map is asked. */
  private ThreadContext[] firstThreads = new ThreadContext[0];
  private int lastId;
  private final List<String> names = new ArrayList<>();
  private final List<ThreadContext> contexts = new ArrayList<>();
  /** Per thread, the name of the function on top of its stack, or NO_FUNCTION until looked up. */
  private Object[] functions = new Object[0];
  private int[][] clocks = new int[0][];
  /** The pages, in regions of 4,096 pages (16 MiB) by region number. */
  private final Map<Long, Page[]> regions = new HashMap<>();
  private long lastRegionNumber = Long.MIN_VALUE;
  private Page[] lastRegion;
  private final TreeMap<Long, HeapBlock> blocks = new TreeMap<>();
  private final Map<String, Race> races = new LinkedHashMap<>();

  /**
   * Where an access was made, as reports name it and deduplicate them: interned as a number,
   * which an epoch carries.
   */
  private record Place(int thread, boolean write, boolean atomic, long length, String function) {}

  private final Map<Place, Integer> placeIds = new HashMap<>();
  private Place[] places = new Place[16];
  private int[] placeThreads = new int[16];
  private boolean[] placeAtomic = new boolean[16];
  /** Per thread and kind of access (read or write, plain or atomic), the last place used. */
  private Place[] recentPlaces = new Place[0];
  private int[] recentPlaceIds = new int[0];
  /** The pairs of places already reported, so that a repeat builds no text. */
  private BitSet[] reported = new BitSet[16];
  private long lastPair = -1;

  /** Scratch lists of epochs and ops, for the slot being rebuilt. */
  private long[] scratchEpochs = new long[8];
  private long[] scratchOps = new long[8];
  private int scratchSize;

  /** Makes a detector with no history; register it before the model's threads start. */
  public RaceDetector() {
    this(Mode.RECORD);
  }

  /**
   * Makes a detector with no history that records races or faults at them.
   *
   * @param mode what to do at a race
   */
  public RaceDetector(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /** {@return what the detector does at a race} */
  public Mode mode() {
    return mode;
  }

  /**
   * In {@link Mode#FAULT}, refuses an access that would race with an earlier one, with a
   * {@link DataRaceFault} naming both, and changes nothing; in {@link Mode#RECORD}, does
   * nothing (the race is recorded when the access is made).
   */
  @Override
  public void beforeAccess(ThreadContext thread, long op, long address, long length,
      boolean reads, boolean writes, boolean atomic) {
    if (mode != Mode.FAULT || thread == null || length <= 0 || !(reads || writes)) {
      return;
    }
    int id = id(thread);
    int[] clock = clock(id);
    if (atomic && reads) { // what the atomic load would acquire, without acquiring it
      clock = clock.clone();
      for (long a = address; a < address + length; a++) {
        int[] from = released(a);
        if (from != null) {
          if (from.length > clock.length) {
            clock = Arrays.copyOf(clock, from.length);
          }
          for (int i = 0; i < from.length; i++) {
            clock[i] = Math.max(clock[i], from[i]);
          }
        }
      }
    }
    // A read races with earlier writes; a write with earlier writes and reads.
    int place = place(thread, id, writes, atomic, length);
    for (long a = address; a < address + length; a++) {
      Page page = page(a, false);
      if (page == null) {
        a |= PAGE_MASK;
        continue;
      }
      int index = (int) a & PAGE_MASK;
      Slots split = page.bytes == null ? null : page.bytes[index >>> 3];
      Slots slots = split == null ? page.words : split;
      int i = split == null ? index >>> 3 : index & 7;
      long[] found = conflict(slots.write(i), slots.writeOp(i),
          slots.write(i) == MANY ? slots.writesMore[i] : null, place, clock);
      if (found == null && writes) {
        found = conflict(slots.read(i), slots.readOp(i),
            slots.read(i) == MANY ? slots.readsMore[i] : null, place, clock);
      }
      if (found != null) {
        throw new DataRaceFault(a, thread.name(), facts(places[place], op, address,
            places[placeOf(found[0])], found[1], a));
      }
    }
  }

  /** {@return the first access of a slot (epoch and op) that an access would race with, or null} */
  private long[] conflict(long epoch, long epochOp, long[] more, int place, int[] clock) {
    if (epoch == 0) {
      return null;
    }
    if (more == null) {
      return conflicts(epoch, place, clock) ? new long[] {epoch, epochOp} : null;
    }
    for (int k = 0; k < more.length; k += 2) {
      if (conflicts(more[k], place, clock)) {
        return new long[] {more[k], more[k + 1]};
      }
    }
    return null;
  }

  /** {@return the races found, in the order first seen, one per pair of places} */
  public synchronized List<Race> races() {
    return List.copyOf(races.values());
  }

  /**
   * {@return the races found, as findings for a picture: one per race, at its first racing
   * byte; an ABA's at the pointer it compared}
   */
  public List<Finding> findings() {
    List<Finding> findings = new ArrayList<>();
    for (Race race : races()) {
      findings.add(new Finding(race.key().startsWith("ABA") ? "ABA" : "data race",
          race.address(), 1, race.message()));
    }
    return findings;
  }

  private int id(ThreadContext thread) {
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
    functions = Arrays.copyOf(functions, index + 1);
    functions[index] = NO_FUNCTION;
    if (index < 8) {
      firstThreads = Arrays.copyOf(firstThreads, index + 1);
      firstThreads[index] = thread;
    }
    recentPlaces = Arrays.copyOf(recentPlaces, 4 * (index + 1));
    recentPlaceIds = Arrays.copyOf(recentPlaceIds, 4 * (index + 1));
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
  public void onThreadStart(ThreadContext thread, long op) {
    int id = id(thread);
    // Made by the thread that runs the model's main code: the new thread starts after it.
    if (id > 0) {
      int creator = 0;
      joinInto(id, clock(creator));
      clock(creator)[creator]++;
    }
  }

  @Override
  public void onSpawn(ThreadContext parent, ThreadContext child, long op) {
    fork(parent, child);
  }

  @Override
  public void onJoin(ThreadContext parent, ThreadContext child, long op) {
    join(parent, child);
  }

  /**
   * Orders everything {@code parent} did so far before everything {@code child} will do, as
   * spawning a thread does. {@link #onSpawn} calls it: a {@link Run} spawns for
   * {@link Threads#spawn}.
   *
   * @param parent the spawning thread
   * @param child the new thread
   */
  public void fork(ThreadContext parent, ThreadContext child) {
    int from = id(parent);
    joinInto(id(child), clock(from));
    clock(from)[from]++;
  }

  /**
   * Orders everything {@code ended} did before what {@code into} does next, as joining a thread
   * does. {@link #onJoin} calls it: a {@link Run} joins every body into the main thread before
   * it reads the outcome.
   *
   * @param into the thread that waited
   * @param ended the thread that ended
   */
  public void join(ThreadContext into, ThreadContext ended) {
    int target = id(into);
    joinInto(target, clock(id(ended)));
  }

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length,
      Origin origin) {
    if (thread == null || length <= 0) {
      return;
    }
    if (origin == Origin.USER || origin == Origin.COPY) {
      access(thread, op, address, length, false, false);
    } else if (origin == Origin.ATOMIC) {
      int id = id(thread);
      int[] joined = null;
      for (long a = address; a < address + length; a++) {
        int[] from = released(a);
        if (from != null && from != joined) { // the bytes of one store share its snapshot
          joinInto(id, from);
          joined = from;
        }
      }
      access(thread, op, address, length, false, true);
    }
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length,
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
        Page page = page(a, true);
        if (page.released == null) {
          page.released = new int[PAGE_SIZE][];
        }
        page.released[(int) a & PAGE_MASK] = snapshot;
      }
      clock[id]++;
    }
  }

  @Override
  public void onHeapCall(HeapCall call) {
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
        forget(block.address(), block.size());
        blocks.put(block.address(), block);
      });
    }
  }

  /**
   * Records an ABA: a pointer compare-and-set that succeeded on a stale pointer's bits, named
   * with both blocks. It is listed among {@link #races()} with a key beginning {@code ABA}.
   */
  @Override
  public void onStaleCompareAndSet(ThreadContext thread, long op, long address,
      HeapBlock expected, HeapBlock found) {
    String function = thread.stack().top().map(Frame::name).orElse(null);
    String by = Text.name(thread.name())
        + (function == null ? "" : " in " + Text.name(function));
    String key = "ABA: compare-and-set by " + by;
    String message = "ABA: 8-byte compare-and-set at " + Text.hex(address) + " by " + by
        + " at op " + op + " succeeded with a pointer to block #" + expected.id() + " ("
        + Text.bytes(expected.size()) + " at " + Text.hex(expected.address()) + "), which was"
        + " freed, while block #" + found.id() + " (" + Text.bytes(found.size()) + " at "
        + Text.hex(found.address()) + "), allocated by " + Text.name(found.thread())
        + (found.allocationSite().isEmpty() ? "" : " in "
        + String.join(" <- ", found.allocationSite())) + " at op " + found.op()
        + ", now sits there";
    synchronized (this) { // races() may be called from any thread
      races.putIfAbsent(key, new Race(key, message, address, op, op));
    }
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    forget(frame.address(), frame.size());
    functions[id(thread)] = Text.name(frame.name());
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    functions[id(thread)] = NO_FUNCTION; // looked up again at the thread's next access
  }

  /** Forgets the history of a range of bytes: they start fresh. */
  private void forget(long address, long length) {
    long end = address + length;
    for (long a = address; a < end; ) {
      long wordEnd = Math.min(end, (a | 7) + 1);
      Page page = page(a, false);
      if (page == null) {
        a = Math.min(end, (a | PAGE_MASK) + 1);
        continue;
      }
      int index = (int) a & PAGE_MASK;
      int word = index >>> 3;
      Slots split = page.bytes == null ? null : page.bytes[word];
      if (wordEnd - a == 8) {
        page.words.clear(word);
        if (split != null) {
          page.bytes[word] = null;
        }
      } else if (split != null || !page.words.isEmpty(word)) {
        split = page.split(word);
        for (long b = a; b < wordEnd; b++) {
          split.clear((int) b & 7);
        }
        page.mergeIfSame(word);
      }
      if (page.released != null) {
        Arrays.fill(page.released, index, index + (int) (wordEnd - a), null);
      }
      a = wordEnd;
    }
  }

  /** {@return the clock of the last atomic store to a byte, or null} */
  private int[] released(long address) {
    Page page = page(address, false);
    return page == null || page.released == null ? null
        : page.released[(int) address & PAGE_MASK];
  }

  /** {@return the page holding a byte's history}, made if {@code make}, else null if none. */
  private Page page(long address, boolean make) {
    long number = address >>> (PAGE_BITS + REGION_BITS);
    Page[] region = lastRegion;
    if (number != lastRegionNumber) {
      region = regions.get(number);
      if (region == null) {
        if (!make) {
          return null;
        }
        region = new Page[1 << REGION_BITS];
        regions.put(number, region);
      }
      lastRegionNumber = number;
      lastRegion = region;
    }
    int index = (int) (address >>> PAGE_BITS) & ((1 << REGION_BITS) - 1);
    Page page = region[index];
    if (page == null && make) {
      page = new Page();
      region[index] = page;
    }
    return page;
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
  private int place(ThreadContext thread, int id, boolean write, boolean atomic, long length) {
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

  private static long epoch(int place, int clock) {
    return ((long) (place + 1) << 32) | (clock & 0xFFFF_FFFFL);
  }

  private static int placeOf(long epoch) {
    return (int) (epoch >>> 32) - 1;
  }

  private void access(ThreadContext thread, long op, long address, long length, boolean write,
      boolean atomic) {
    int id = id(thread);
    int[] clock = clock(id);
    int place = place(thread, id, write, atomic, length);
    Update update = this.update;
    long end = address + length;
    update.start(place, epoch(place, clock[id]), op, address, end, clock, write, atomic, id);
    for (long a = address; a < end; ) {
      Page page = page(a, true);
      int index = (int) a & PAGE_MASK;
      int word = index >>> 3;
      long wordEnd = Math.min(end, (a | 7) + 1);
      Slots split = page.bytes == null ? null : page.bytes[word];
      if (split == null && wordEnd - a == 8) {
        update.apply(page.words, word, a, page, index, 8);
      } else {
        split = page.split(word);
        for (long b = a; b < wordEnd; b++) {
          update.apply(split, (int) b & 7, b, page, (int) b & PAGE_MASK, 1);
        }
        page.mergeIfSame(word);
      }
      a = wordEnd;
    }
  }

  private final Update update = new Update();

  /**
   * One access applied to the slots it covers. A slot that starts as the last one did ends as
   * it did, so the words of a long access share one computation (and its {@code more} arrays).
   */
  private final class Update {
    private int place;
    private long now;
    private long op;
    private long address;
    private long end;
    private int[] clock;
    private boolean write;
    private boolean atomic;
    private int thread;
    private boolean seen;
    private final Slots last = new Slots(2); // 0: what the last slot held; 1: what it was given
    private boolean lastRaced;

    void start(int place, long now, long op, long address, long end, int[] clock, boolean write,
        boolean atomic, int thread) {
      this.place = place;
      this.end = end;
      this.now = now;
      this.op = op;
      this.address = address;
      this.clock = clock;
      this.write = write;
      this.atomic = atomic;
      this.thread = thread;
      this.seen = false;
    }

    /** Applies the access to slot {@code i}, which covers {@code count} bytes from {@code at}. */
    void apply(Slots slots, int i, long at, Page page, int index, int count) {
      boolean remember = end - at > count; // more slots to come
      if (seen && slots.same(i, last, 0)) {
        slots.copy(i, last, 1);
        if (lastRaced) {
          markRacy(page, index, count);
        }
        return;
      }
      long w = slots.write(i);
      long r = slots.read(i);
      if (!remember && w != MANY && r != MANY && simple(slots, i, w, r, at, page, index,
          count)) {
        return;
      }
      if (remember) {
        last.copy(0, slots, i);
      }
      long[] wMore = w == MANY ? slots.writesMore[i] : null;
      long[] rMore = r == MANY ? slots.readsMore[i] : null;
      boolean raced = check(w, slots.writeOp(i), wMore, at, page, index, count);
      if (write) {
        raced |= check(r, slots.readOp(i), rMore, at, page, index, count);
        // What this write is ordered after can no longer race with anything that does not race
        // with this write too: all of it for a plain write; for an atomic write only atomic
        // accesses, since a later atomic access could race with an earlier plain one but never
        // with this write.
        keep(w, slots.writeOp(i), wMore, clock, atomic, -1);
        add(now, op);
        store(slots, i, true);
        keep(r, slots.readOp(i), rMore, clock, atomic, -1);
        store(slots, i, false);
      } else {
        keep(r, slots.readOp(i), rMore, null, atomic, thread);
        add(now, op);
        store(slots, i, false);
      }
      if (remember) {
        last.copy(1, slots, i);
        lastRaced = raced;
        seen = true;
      }
    }

    /**
     * The common case, a slot with at most one write and one read, for one slot: applies the
     * access if the slot still holds at most one of each afterwards; else changes nothing and
     * says so, for the general way to do it.
     */
    private boolean simple(Slots slots, int i, long w, long r, long at, Page page, int index,
        int count) {
      long newWrite = w;
      long newWriteOp = slots.writeOp(i);
      long newRead;
      long newReadOp;
      if (write) {
        boolean writeStays = w != 0 && stays(w, clock, atomic, -1);
        boolean readStays = r != 0 && stays(r, clock, atomic, -1);
        if (writeStays) {
          return false; // two writes to keep
        }
        newWrite = now;
        newWriteOp = op;
        newRead = readStays ? r : 0;
        newReadOp = readStays ? slots.readOp(i) : 0;
      } else {
        if (r != 0 && stays(r, null, atomic, thread)) {
          return false; // two reads to keep
        }
        newRead = now;
        newReadOp = op;
      }
      check(w, slots.writeOp(i), null, at, page, index, count);
      if (write) {
        check(r, slots.readOp(i), null, at, page, index, count);
      }
      long[] data = slots.data;
      data[4 * i] = newWrite;
      data[4 * i + 1] = newWriteOp;
      data[4 * i + 2] = newRead;
      data[4 * i + 3] = newReadOp;
      return true;
    }

    /** Reports the accesses of a slot that race with this one; whether there was one. */
    private boolean check(long epoch, long epochOp, long[] more, long at, Page page, int index,
        int count) {
      if (epoch == 0) {
        return false;
      }
      if (more == null) {
        if (conflicts(epoch, place, clock)) {
          report(place, op, address, epoch, epochOp, at, page, index, count);
          return true;
        }
        return false;
      }
      boolean raced = false;
      for (int k = 0; k < more.length; k += 2) {
        if (conflicts(more[k], place, clock)) {
          report(place, op, address, more[k], more[k + 1], at, page, index, count);
          raced = true;
        }
      }
      return raced;
    }
  }

  /** Whether an earlier access races with one at {@code place}, whose thread's clock is given. */
  private boolean conflicts(long earlier, int place, int[] clock) {
    int before = placeOf(earlier);
    int thread = placeThreads[before];
    return thread != placeThreads[place] && !(placeAtomic[before] && placeAtomic[place])
        && (int) earlier > get(clock, thread);
  }

  /**
   * Puts in the scratch list the accesses of a slot that stay: with a {@code clock}, those not
   * ordered before it (only atomic ones count as ordered if {@code atomicOnly}); else those that
   * are not reads by {@code thread} of the same kind (atomic or not) as the one being added.
   */
  private void keep(long epoch, long epochOp, long[] more, int[] clock, boolean atomic,
      int thread) {
    scratchSize = 0;
    if (epoch == 0) {
      return;
    }
    if (more == null) {
      if (stays(epoch, clock, atomic, thread)) {
        add(epoch, epochOp);
      }
      return;
    }
    for (int k = 0; k < more.length; k += 2) {
      if (stays(more[k], clock, atomic, thread)) {
        add(more[k], more[k + 1]);
      }
    }
  }

  private boolean stays(long epoch, int[] clock, boolean atomic, int thread) {
    int place = placeOf(epoch);
    if (clock != null) {
      boolean ordered = (!atomic || placeAtomic[place])
          && (int) epoch <= get(clock, placeThreads[place]);
      return !ordered;
    }
    return !(placeThreads[place] == thread && placeAtomic[place] == atomic);
  }

  private void add(long epoch, long op) {
    if (scratchSize == scratchEpochs.length) {
      scratchEpochs = Arrays.copyOf(scratchEpochs, 2 * scratchSize);
      scratchOps = Arrays.copyOf(scratchOps, 2 * scratchSize);
    }
    scratchEpochs[scratchSize] = epoch;
    scratchOps[scratchSize] = op;
    scratchSize++;
  }

  /** Stores the scratch list as a slot's writes or reads. */
  private void store(Slots slots, int index, boolean writes) {
    if (scratchSize == 0) {
      slots.set(index, writes, 0, 0, null);
    } else if (scratchSize == 1) {
      slots.set(index, writes, scratchEpochs[0], scratchOps[0], null);
    } else {
      long[] more = new long[2 * scratchSize];
      for (int k = 0; k < scratchSize; k++) {
        more[2 * k] = scratchEpochs[k];
        more[2 * k + 1] = scratchOps[k];
      }
      slots.set(index, writes, MANY, 0, more);
    }
  }

  private static void markRacy(Page page, int index, int count) {
    if (page.racy == null) {
      page.racy = new long[PAGE_SIZE / 64];
    }
    for (int i = index; i < index + count; i++) {
      page.racy[i >>> 6] |= 1L << i;
    }
  }

  /** {@return every byte at which a race was found} */
  synchronized Set<Long> racyBytes() {
    Set<Long> bytes = new TreeSet<>();
    regions.forEach((number, region) -> {
      for (int p = 0; p < region.length; p++) {
        Page page = region[p];
        if (page != null && page.racy != null) {
          for (int i = 0; i < PAGE_SIZE; i++) {
            if ((page.racy[i >>> 6] & (1L << i)) != 0) {
              bytes.add((((number << REGION_BITS) + p) << PAGE_BITS) + i);
            }
          }
        }
      }
    });
    return bytes;
  }

  private void report(int place, long op, long address, long before, long beforeOp, long at,
      Page page, int index, int count) {
    markRacy(page, index, count);
    long pair = ((long) place << 32) | placeOf(before);
    if (pair == lastPair) {
      return; // the common case: the same two places race byte after byte
    }
    lastPair = pair;
    if (place >= reported.length) {
      reported = Arrays.copyOf(reported, Math.max(2 * reported.length, place + 1));
    }
    if (reported[place] == null) {
      reported[place] = new BitSet();
    }
    if (reported[place].get(placeOf(before))) {
      return;
    }
    reported[place].set(placeOf(before));
    Place now = places[place];
    Place earlier = places[placeOf(before)];
    String key = name(now) + " / " + name(earlier);
    String message = "data race: " + facts(now, op, address, earlier, beforeOp, at);
    synchronized (this) { // races() may be called from any thread
      races.put(key, new Race(key, message, at, op, beforeOp));
    }
  }

  /** {@return both accesses and where, as a report and a fault say them} */
  private String facts(Place now, long op, long address, Place earlier, long beforeOp, long at) {
    return now.length() + "-byte " + kind(now) + " at " + Text.hex(address) + " by " + who(now)
        + " at op " + op + ", racing with " + article(earlier.length()) + " "
        + earlier.length() + "-byte " + kind(earlier) + " by " + who(earlier) + " at op "
        + beforeOp + "; " + where(at);
  }

  private String name(Place place) {
    return place.length() + "-byte " + kind(place) + " by " + who(place);
  }

  private static String kind(Place place) {
    return (place.atomic() ? "atomic " : "") + (place.write() ? "write" : "read");
  }

  private String who(Place place) {
    return names.get(place.thread())
        + (place.function() == null ? "" : " in " + place.function());
  }

  /** {@return "an" before a number read aloud with a leading vowel (8, 11, 18, 80...), else "a"} */
  private static String article(long number) {
    String digits = Long.toString(number);
    return digits.startsWith("8") || digits.equals("11") || digits.equals("18")
        || digits.startsWith("11") && digits.length() % 3 == 2
        || digits.startsWith("18") && digits.length() % 3 == 2 ? "an" : "a";
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
          return "in frame " + Text.name(frame.name()) + " at depth " + frame.depth() + " of "
              + Text.name(thread.name());
        }
      }
    }
    return "at " + Text.hex(address);
  }
}
