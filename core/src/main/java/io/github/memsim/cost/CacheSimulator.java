package io.github.memsim.cost;

import io.github.memsim.MemoryListener.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Runs a {@link CacheHierarchy} over a stream of accesses by numbered threads and counts what
 * happens. It knows addresses only, not what lives there: {@link CostModel} feeds it a memory
 * model's events, and the {@code cache} command feeds it a memory trace.
 *
 * <pre>{@code
 * CacheSimulator sim = new CacheSimulator(CacheHierarchy.cacheLab(4, 1, 4));
 * int main = sim.addThread("main");
 * sim.access(main, 0x10, 4, false, Origin.USER);   // a miss
 * sim.access(main, 0x14, 4, false, Origin.USER);   // a hit: the same 16-byte line
 * CostReport report = sim.report();
 * }</pre>
 *
 * <p>Deterministic: the same hierarchy and accesses give the same counts. Not thread-safe;
 * serialise calls (a {@link CostModel} is called under its memory model's lock).
 */
public final class CacheSimulator {
  /** The most threads a simulator follows: coherence keeps one bit per thread and line. */
  public static final int MAX_THREADS = 64;

  private static final Origin[] ORIGINS = Origin.values();
  private static final int COUNTERS = Counter.values().length;
  private static final int LOADS = Counter.LOADS.ordinal();
  private static final int STORES = Counter.STORES.ordinal();
  private static final int LOAD_HITS = Counter.LOAD_HITS.ordinal();
  private static final int STORE_HITS = Counter.STORE_HITS.ordinal();
  private static final int MISSES = Counter.MISSES.ordinal();
  private static final int COMPULSORY = Counter.COMPULSORY_MISSES.ordinal();
  private static final int CAPACITY = Counter.CAPACITY_MISSES.ordinal();
  private static final int CONFLICT = Counter.CONFLICT_MISSES.ordinal();
  private static final int COHERENCE = Counter.COHERENCE_MISSES.ordinal();
  private static final int EVICTIONS = Counter.EVICTIONS.ordinal();
  private static final int WRITEBACKS = Counter.WRITEBACKS.ordinal();
  private static final int INVALIDATIONS = Counter.INVALIDATIONS.ordinal();
  private static final int TRANSFERS = Counter.TRANSFERS.ordinal();
  private static final int PROBES = Counter.PROBES.ordinal();
  private static final int CYCLES = Counter.CYCLES.ordinal();
  private static final int PREFETCHES = Counter.PREFETCHES.ordinal();
  private static final int[] MISS_KINDS = {COHERENCE, COMPULSORY, CAPACITY, CONFLICT};

  /** What an access found at the first level, for tools that echo each access. */
  public enum Outcome {
    /** The first level held the line. */
    HIT,
    /** It did not, and a free way took the line. */
    MISS,
    /** It did not, and a valid line was evicted for it. */
    MISS_EVICTION,
    /** It did not, and the line was not brought in (a store to a write-through level). */
    MISS_NO_FILL
  }

  private final CacheHierarchy hierarchy;
  private final int lineShift;
  private final int lineSize;
  private final int privateCount;
  private final int levelCount;
  /**
   * Rows of counts: the levels, then memory, the TLB, the allocator's search and, with
   * instruction costs or overlap, the instructions.
   */
  private final int rows;
  private final int memoryRow;
  private final int tlbRow;
  private final int probeRow;
  private final int instructionRow;
  /** The clocks of the overlapped timing, or null for the serial model. */
  private final Timeline timeline;
  private final Work work;
  /** The prefetchers' triggers, or null without prefetchers. */
  private final PrefetchRules prefetch;
  /** What the current line access's evictions wrote back, off the critical path. */
  private long background;
  /** The row that answered the current line access: a level, or memory. */
  private int answeredRow;
  private final int[] latency;
  private final boolean[] writeBack;
  private final int pageShift;
  private final int tlbPenalty;

  private final List<String> threads = new ArrayList<>();
  /** Per thread, its private caches, innermost first. */
  private SetCache[][] privateCaches = new SetCache[0][];
  private SetCache[] tlbs = new SetCache[0];
  /** Per thread, every level it reaches: its private caches, then the shared ones. */
  private SetCache[][] paths = new SetCache[0][];
  private final SetCache[] shared;
  /** Per thread, origin, row and counter. */
  private long[] counts = new long[0];

  /** Classification: per cache, lines ever held, and a fully associative LRU shadow. */
  private final MissKinds seen;

  /** Coherence: lines invalidated in some thread by another's store, not yet missed on. */
  private final Map<Long, Coherence.Pending> pending = new HashMap<>();
  private final Map<Coherence.SharingKey, Coherence.SharingTally> sharing = new LinkedHashMap<>();

  private Outcome lastOutcome = Outcome.HIT;

  /**
   * Makes a simulator with cold caches and no threads.
   *
   * @param hierarchy the machine to simulate
   */
  public CacheSimulator(CacheHierarchy hierarchy) {
    this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
    this.lineSize = hierarchy.lineSize();
    this.lineShift = Integer.numberOfTrailingZeros(lineSize);
    this.privateCount = hierarchy.privateLevels().size();
    List<CacheLevel> levels = hierarchy.levels();
    this.levelCount = levels.size();
    this.rows = levelCount + (hierarchy.chargesInstructions() ? 4 : 3);
    this.memoryRow = levelCount;
    this.tlbRow = levelCount + 1;
    this.probeRow = levelCount + 2;
    this.instructionRow = hierarchy.chargesInstructions() ? levelCount + 3 : -1;
    this.timeline = hierarchy.overlap().map(Timeline::new).orElse(null);
    this.work = hierarchy.work();
    Prefetcher[] prefetchers = levels.stream().map(CacheLevel::prefetcher)
        .toArray(Prefetcher[]::new);
    this.prefetch = PrefetchRules.any(prefetchers)
        ? new PrefetchRules(prefetchers, lineShift, ORIGINS.length) : null;
    this.latency = new int[levelCount];
    this.writeBack = new boolean[levelCount];
    for (int i = 0; i < levelCount; i++) {
      latency[i] = levels.get(i).latency();
      writeBack[i] = levels.get(i).writePolicy() == WritePolicy.WRITE_BACK;
    }
    this.shared = new SetCache[hierarchy.sharedLevels().size()];
    for (int i = 0; i < shared.length; i++) {
      shared[i] = new SetCache(hierarchy.sharedLevels().get(i));
    }
    this.pageShift = hierarchy.tlb().map(t -> Integer.numberOfTrailingZeros(t.pageSize()))
        .orElse(0);
    this.tlbPenalty = hierarchy.tlb().map(Tlb::missPenalty).orElse(0);
    this.seen = hierarchy.classifyMisses() ? new MissKinds() : null;
    for (SetCache cache : shared) {
      watch(cache);
    }
  }

  /** {@return the hierarchy simulated} */
  public CacheHierarchy hierarchy() {
    return hierarchy;
  }

  /**
   * Adds a thread (a core) with cold private caches and TLB.
   *
   * @param name the name reports use
   * @return the thread's number, counting from 0
   * @throws IllegalStateException past {@link #MAX_THREADS}
   */
  public int addThread(String name) {
    Objects.requireNonNull(name, "name");
    int index = threads.size();
    if (index == MAX_THREADS) {
      throw new IllegalStateException("a cache simulator follows at most " + MAX_THREADS
          + " threads");
    }
    threads.add(name);
    privateCaches = Arrays.copyOf(privateCaches, index + 1);
    SetCache[] mine = new SetCache[privateCount];
    for (int i = 0; i < privateCount; i++) {
      mine[i] = new SetCache(hierarchy.privateLevels().get(i));
      watch(mine[i]);
    }
    privateCaches[index] = mine;
    SetCache[] path = Arrays.copyOf(mine, levelCount);
    System.arraycopy(shared, 0, path, privateCount, shared.length);
    paths = Arrays.copyOf(paths, index + 1);
    paths[index] = path;
    tlbs = Arrays.copyOf(tlbs, index + 1);
    tlbs[index] = hierarchy.tlb().map(t -> new SetCache(t.asLevel())).orElse(null);
    counts = Arrays.copyOf(counts, (index + 1) * ORIGINS.length * rows * COUNTERS);
    if (timeline != null) {
      timeline.addThread();
    }
    if (prefetch != null) {
      prefetch.addThread();
    }
    return index;
  }

  /** {@return the names of the threads added, by number} */
  public List<String> threads() {
    return List.copyOf(threads);
  }

  private void watch(SetCache cache) {
    if (seen != null) {
      seen.watch(cache);
    }
  }

  /**
   * Simulates an access of {@code size} bytes: one access per line it touches.
   *
   * @param thread a number from {@link #addThread}
   * @param address the first byte, at least 0
   * @param size bytes, at least 1
   * @param store whether it writes
   * @param origin whose access it is, for the counts
   * @return the cycles it cost
   */
  public long access(int thread, long address, long size, boolean store, Origin origin) {
    checkThread(thread);
    if (address < 0 || size < 1) {
      throw new IllegalArgumentException("an access needs an address of at least 0 and a size"
          + " of at least 1, not " + address + " and " + size);
    }
    long first = address >>> lineShift;
    long last = (address + size - 1) >>> lineShift;
    int base = (thread * ORIGINS.length + origin.ordinal()) * rows * COUNTERS;
    long cycles = 0;
    long before = timeline == null ? 0
        : timeline.waitForDependency(counts, thread, base, address, address + size, store);
    long done = 0;
    for (long line = first; line <= last; line++) {
      long lineStart = line << lineShift;
      int from = (int) Math.max(0, address - lineStart);
      int to = (int) Math.min(lineSize, address + size - lineStart);
      background = 0;
      long latency = accessLine(thread, base, line, store, from, to);
      if (timeline == null) {
        cycles += latency;
      } else {
        done = Math.max(done, timeline.issueLine(counts, thread, base, line, latency - background,
            answeredRow));
      }
    }
    int issue = work.issueCost(origin, store);
    if (timeline != null) {
      if (store) {
        timeline.stored(thread, address, address + size);
      } else {
        timeline.loaded(thread, done);
      }
    }
    cycles += chargeWork(thread, origin, issue);
    if (prefetch != null) {
      Outcome outcome = lastOutcome;
      prefetch.access(thread, origin.ordinal(), address, address + size,
          (level, line) -> prefetchLine(thread, base, level, line));
      lastOutcome = outcome;
    }
    return timeline == null ? cycles : timeline.clock(thread) - before;
  }

  /**
   * Charges instruction costs to the thread (its clock moves on by them, with overlap).
   *
   * @param thread a number from {@link #addThread}
   * @param origin whose work it is
   * @param cycles at least 0
   * @return the cycles charged
   */
  long chargeWork(int thread, Origin origin, long cycles) {
    if (cycles == 0 || instructionRow < 0) {
      return 0;
    }
    int at = (thread * ORIGINS.length + origin.ordinal()) * rows * COUNTERS;
    counts[at + instructionRow * COUNTERS + CYCLES] += cycles;
    if (timeline != null) {
      timeline.advance(thread, cycles);
    }
    return cycles;
  }

  /**
   * Notes that the thread's last load returned a pointer: with overlap, accesses to
   * {@code [start, end)} wait until that load completed.
   */
  void pointerLoaded(int thread, long start, long end) {
    if (timeline != null) {
      timeline.pointer(thread, start, end);
    }
  }

  /** Brings {@code line} into {@code level} (and the levels outside) for a prefetcher. */
  private void prefetchLine(int thread, int base, int level, long line) {
    SetCache[] path = paths[thread];
    if (path[level].find(line) >= 0 || Coherence.heldByOthers(privateCaches, thread, line)) {
      return;
    }
    long cycles = 0;
    int source = levelCount;
    for (int outer = level + 1; outer < levelCount; outer++) {
      cycles += latency[outer];
      if (path[outer].find(line) >= 0) {
        source = outer;
        break;
      }
    }
    if (source == levelCount) {
      cycles += hierarchy.memoryLatency();
    }
    for (int into = source - 1; into >= level; into--) {
      fill(thread, base, into, line, false);
    }
    counts[base + level * COUNTERS + PREFETCHES]++;
    if (timeline != null) {
      timeline.arrives(thread, line, Timeline.pack(timeline.clock(thread) + cycles, source));
    }
  }

  /**
   * Simulates an access of {@code size} bytes the way Valgrind's Cachegrind counts one: every
   * line it spans is looked up and filled as by {@link #access}, but the access counts once at
   * each level it reaches, as one miss there if any of its lines missed and otherwise one hit.
   * Evictions, write-backs and cycles are those of every line.
   *
   * @param thread a number from {@link #addThread}
   * @param address the first byte, at least 0
   * @param size bytes, at least 1
   * @param store whether it writes
   * @param origin whose access it is, for the counts
   * @return the cycles it cost
   */
  public long accessOnce(int thread, long address, long size, boolean store, Origin origin) {
    checkThread(thread);
    if (address < 0 || size < 1 || (address >>> lineShift) == ((address + size - 1) >>> lineShift)) {
      return access(thread, address, size, store, origin);
    }
    int base = (thread * ORIGINS.length + origin.ordinal()) * rows * COUNTERS;
    long[] before = Arrays.copyOfRange(counts, base, base + rows * COUNTERS);
    long cycles = access(thread, address, size, store, origin);
    int kind = store ? STORES : LOADS;
    int hitKind = store ? STORE_HITS : LOAD_HITS;
    for (int row = 0; row <= memoryRow; row++) {
      int at = base + row * COUNTERS;
      int was = row * COUNTERS;
      boolean reached = counts[at + kind] > before[was + kind];
      if (!reached) {
        continue;
      }
      counts[at + kind] = before[was + kind] + 1;
      if (row == memoryRow) {
        continue;
      }
      boolean missed = counts[at + MISSES] > before[was + MISSES];
      counts[at + MISSES] = before[was + MISSES] + (missed ? 1 : 0);
      counts[at + hitKind] = before[was + hitKind] + (missed ? 0 : 1);
      int firstKind = -1;
      for (int kindOfMiss : MISS_KINDS) {
        if (firstKind < 0 && counts[at + kindOfMiss] > before[was + kindOfMiss]) {
          firstKind = kindOfMiss;
        }
        counts[at + kindOfMiss] = before[was + kindOfMiss];
      }
      if (missed && firstKind >= 0) {
        counts[at + firstKind]++;
      }
    }
    return cycles;
  }

  /**
   * Charges the allocator's search: {@code probes} free-index node visits at the hierarchy's
   * {@link CacheHierarchy#probeCycles() probe cost}.
   *
   * @param thread a number from {@link #addThread}
   * @param probes nodes visited, at least 0
   * @param origin normally {@link Origin#ALLOCATOR}
   * @return the cycles charged
   */
  public long chargeProbes(int thread, long probes, Origin origin) {
    checkThread(thread);
    int at = (thread * ORIGINS.length + origin.ordinal()) * rows * COUNTERS + probeRow * COUNTERS;
    long cycles = probes * hierarchy.probeCycles();
    counts[at + PROBES] += probes;
    counts[at + CYCLES] += cycles;
    if (timeline != null) {
      timeline.advance(thread, cycles);
    }
    return cycles;
  }

  /**
   * {@return what the last access's last line found at the first level: what the Cache Lab
   * simulator prints for each access}
   */
  public Outcome lastOutcome() {
    return lastOutcome;
  }

  private void checkThread(int thread) {
    if (thread < 0 || thread >= threads.size()) {
      throw new IllegalArgumentException("no thread " + thread + " (" + threads.size()
          + " added)");
    }
  }

  private SetCache cache(int thread, int level) {
    return paths[thread][level];
  }

  private long accessLine(int thread, int base, long line, boolean store, int from, int to) {
    long cycles = 0;
    SetCache tlb = tlbs[thread];
    if (tlb != null) {
      cycles += translate(tlb, base, line, store);
    }
    boolean others = paths.length > 1;
    boolean lost = false;
    if (others) {
      // A thread that lost the line to others' stores misses on it now (its private copies are
      // gone): judge the sharing before this access's own store joins the record.
      Coherence.Pending record = pending.get(line);
      if (record != null && (record.victims & (1L << thread)) != 0) {
        lost = true;
        noteSharing(thread, line, record, from, to);
      }
      if (store) {
        cycles += invalidateOthers(thread, base, line, from, to);
      }
    }
    int kind = store ? STORES : LOADS;
    int hitKind = store ? STORE_HITS : LOAD_HITS;
    boolean fetching = !store;
    SetCache[] path = paths[thread];
    long fill = 0;
    int dirtyLevel = -1;
    boolean answered = false;
    int answeredLevel = 0;
    for (int level = 0; level < levelCount; level++) {
      if (others && level == privateCount && !store) {
        cycles += fetchFromOthers(thread, base, line);
      }
      SetCache cache = path[level];
      int row = base + level * COUNTERS;
      counts[row + kind]++;
      charge(row, latency[level]);
      cycles += latency[level];
      int slot = cache.find(line);
      if (slot >= 0) {
        cache.touch(slot);
        counts[row + hitKind]++;
        if (level == 0) {
          lastOutcome = Outcome.HIT;
        }
        if (fetching || writeBack[level]) {
          if (!fetching) {
            cache.markDirty(slot);
          }
          answered = true;
          answeredLevel = level;
          break;
        }
        continue; // a store through a write-through level goes on
      }
      counts[row + MISSES]++;
      if (lost && level < privateCount) {
        counts[row + COHERENCE]++;
      } else if (seen != null) {
        counts[row + seen.classify(cache, line)]++;
      }
      if (fetching) {
        fill |= 1L << level;
      } else if (writeBack[level]) {
        fill |= 1L << level;
        dirtyLevel = level;
        fetching = true;
      }
      if (level == 0) {
        lastOutcome = Outcome.MISS_NO_FILL;
      }
    }
    if (!answered) {
      int row = base + memoryRow * COUNTERS;
      counts[row + kind]++;
      charge(row, hierarchy.memoryLatency());
      cycles += hierarchy.memoryLatency();
    }
    answeredRow = answered ? answeredLevel : memoryRow;
    for (int level = levelCount - 1; level >= 0; level--) {
      if ((fill & (1L << level)) != 0) {
        cycles += fill(thread, base, level, line, level == dirtyLevel);
      }
    }
    if (seen != null) {
      for (int level = 0; level < levelCount; level++) {
        seen.touch(cache(thread, level), line);
      }
    }
    return cycles;
  }

  private long translate(SetCache tlb, int base, long line, boolean store) {
    long page = (line << lineShift) >>> pageShift;
    int row = base + tlbRow * COUNTERS;
    counts[row + (store ? STORES : LOADS)]++;
    int slot = tlb.find(page);
    if (slot >= 0) {
      tlb.touch(slot);
      counts[row + (store ? STORE_HITS : LOAD_HITS)]++;
      return 0;
    }
    tlb.fill(page);
    counts[row + MISSES]++;
    charge(row, tlbPenalty);
    return tlbPenalty;
  }

  /** Brings {@code line} into one level, handling the victim. */
  private long fill(int thread, int base, int level, long line, boolean dirty) {
    SetCache cache = cache(thread, level);
    int slot = cache.fill(line);
    if (dirty) {
      cache.markDirty(slot);
    }
    if (level == 0) {
      lastOutcome = cache.evictedLine >= 0 ? Outcome.MISS_EVICTION : Outcome.MISS;
    }
    long victim = cache.evictedLine;
    if (victim < 0) {
      return 0;
    }
    boolean victimDirty = cache.evictedDirty;
    counts[base + level * COUNTERS + EVICTIONS]++;
    if (hierarchy.inclusive() && level > 0) {
      victimDirty |= backInvalidate(thread, level, victim);
    }
    if (!victimDirty) {
      return 0;
    }
    counts[base + level * COUNTERS + WRITEBACKS]++;
    long written = writeBelow(thread, base, level, victim);
    background += written;
    return written;
  }

  /**
   * Drops {@code victim} from the levels inside {@code level} (every thread's, for a shared
   * level).
   *
   * @return whether an inner copy was dirty
   */
  private boolean backInvalidate(int thread, int level, long victim) {
    boolean dirty = false;
    if (level < privateCount) {
      for (int inner = 0; inner < level; inner++) {
        dirty |= privateCaches[thread][inner].invalidate(victim) == 2;
      }
      return dirty;
    }
    for (SetCache[] mine : privateCaches) {
      for (SetCache cache : mine) {
        dirty |= cache.invalidate(victim) == 2;
      }
    }
    for (int inner = privateCount; inner < level; inner++) {
      dirty |= cache(thread, inner).invalidate(victim) == 2;
    }
    return dirty;
  }

  /** Writes a dirty line leaving {@code level} into the first outer level holding it, or memory. */
  private long writeBelow(int thread, int base, int level, long line) {
    for (int outer = level + 1; outer < levelCount; outer++) {
      SetCache cache = cache(thread, outer);
      int slot = cache.find(line);
      if (slot >= 0) {
        cache.markDirty(slot);
        charge(base + outer * COUNTERS, latency[outer]);
        return latency[outer];
      }
    }
    charge(base + memoryRow * COUNTERS, hierarchy.memoryLatency());
    return hierarchy.memoryLatency();
  }

  /** Adds a latency to a row's cycles in the serial model; with overlap, time is the clock's. */
  private void charge(int row, long cycles) {
    if (timeline == null) {
      counts[row + CYCLES] += cycles;
    }
  }

  /** MESI on a store: every other thread's private copies go, dirty ones written back first. */
  private long invalidateOthers(int thread, int base, long line, int from, int to) {
    long cycles = 0;
    Coherence.Pending record = pending.get(line);
    for (int other = 0; other < privateCaches.length; other++) {
      if (other == thread) {
        continue;
      }
      boolean held = false;
      boolean dirty = false;
      for (int level = 0; level < privateCount; level++) {
        int was = privateCaches[other][level].invalidate(line);
        if (was != 0) {
          held = true;
          dirty |= was == 2;
          counts[base + level * COUNTERS + INVALIDATIONS]++;
        }
      }
      if (held) {
        if (dirty) {
          counts[base + (privateCount - 1) * COUNTERS + WRITEBACKS]++;
          cycles += writeBelow(thread, base, privateCount - 1, line);
        }
        if (record == null) {
          record = new Coherence.Pending(lineSize);
          pending.put(line, record);
        }
        record.lose(other, thread);
      }
    }
    if (record != null) {
      record.written(thread, from, to);
    }
    return cycles;
  }

  /** MESI on a load that leaves the private levels: a modified copy elsewhere becomes shared. */
  private long fetchFromOthers(int thread, int base, long line) {
    long cycles = 0;
    for (int other = 0; other < privateCaches.length; other++) {
      if (other == thread) {
        continue;
      }
      boolean dirty = false;
      for (SetCache cache : privateCaches[other]) {
        int slot = cache.find(line);
        if (slot >= 0 && cache.isDirty(slot)) {
          cache.markClean(slot);
          dirty = true;
        }
      }
      if (dirty) {
        counts[base + (privateCount - 1) * COUNTERS + TRANSFERS]++;
        cycles += writeBelow(thread, base, privateCount - 1, line);
      }
    }
    return cycles;
  }

  private void noteSharing(int thread, long line, Coherence.Pending lost, int from, int to) {
    ByteMask written = lost.written[thread];
    boolean falseSharing = !written.overlaps(from, to);
    Coherence.SharingKey key = new Coherence.SharingKey(line, falseSharing, thread);
    Coherence.SharingTally tally =
        sharing.computeIfAbsent(key, k -> new Coherence.SharingTally(lineSize));
    tally.misses++;
    tally.writers |= lost.writers[thread];
    tally.victimBytes.or(from, to);
    tally.writtenBytes.or(written);
    lost.victims &= ~(1L << thread);
    lost.written[thread] = null;
    if (lost.victims == 0) {
      pending.remove(line);
    }
  }

  /** Whether some line is modified in two threads' private caches at once. For tests. */
  boolean twoModifiedCopies() {
    return Coherence.twoModifiedCopies(privateCaches);
  }

  /**
   * {@return a snapshot of every count so far}
   *
   * <p>Sharing findings name lines by address only; {@link CostModel#report()} adds what lives
   * there.
   */
  public CostReport report() {
    return report(line -> List.of());
  }

  CostReport report(LongFunction<List<String>> residents) {
    List<CostReport.Sharing> found = new ArrayList<>();
    sharing.forEach((key, tally) -> found.add(new CostReport.Sharing(key.line() << lineShift,
        key.falseSharing(), threads.get(key.victim()), names(tally.writers),
        tally.victimBytes.ranges(), tally.writtenBytes.ranges(), tally.misses,
        residents.apply(key.line() << lineShift))));
    long[] snapshot = counts.clone();
    if (timeline != null) {
      timeline.addDrains(snapshot);
    }
    return new CostReport(hierarchy, List.copyOf(threads), snapshot, rows, found);
  }

  private List<String> names(long mask) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < threads.size(); i++) {
      if ((mask & (1L << i)) != 0) {
        names.add(threads.get(i));
      }
    }
    return List.copyOf(names);
  }
}
