package io.github.memsim.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of a simulated machine's memory system: a line size; private cache levels that
 * every simulated thread (a core) has a copy of; shared levels that all threads use; then
 * memory; and optionally a TLB per thread. Immutable; {@link CacheSimulator} runs one.
 *
 * <p>By default the model is serial: an access pays the latency of every level it reaches,
 * down to the one that hits (or memory), plus a write-back's latency at the next level when its
 * fill evicts a dirty line, plus a TLB miss penalty; nothing overlaps and nothing is
 * prefetched. Its cycles are then illustrative, while its hit and miss counts are exact for the
 * stated geometry and policies. A hierarchy may instead overlap independent accesses and make
 * dependent ones wait ({@link Overlap}), prefetch at each level ({@link Prefetcher}) and charge
 * the instructions of each operation ({@link Work}), as {@link #desktop()} does.
 *
 * <p><b>Inclusion.</b> By default the hierarchy is inclusive: a line evicted from an outer
 * level is invalidated in the levels inside it (in every thread's private levels, for a
 * shared level), and a dirty inner copy is written back as it goes. With {@code
 * inclusive(false)} the levels are non-inclusive and non-exclusive: an outer eviction leaves
 * inner copies alone, and a write-back updates the first outer level that holds the line, or
 * memory. Exclusive hierarchies are not modelled.
 *
 * <p><b>Coherence.</b> The private levels of different threads are kept coherent by MESI with
 * invalidation: a store invalidates the line in every other thread's private levels (a dirty
 * copy is written back first), and a load of a line another thread holds modified makes that
 * copy clean and shared (a transfer). A miss on a line this thread lost to another thread's
 * store is a coherence miss; see {@link CostReport#sharing()}.
 */
public final class CacheHierarchy {
  private final int lineSize;
  private final List<CacheLevel> privateLevels;
  private final List<CacheLevel> sharedLevels;
  private final int memoryLatency;
  private final Tlb tlb;
  private final boolean inclusive;
  private final boolean classifyMisses;
  private final int probeCycles;
  private final Overlap overlap;
  private final Work work;
  private final String description;

  private CacheHierarchy(Builder builder) {
    this.lineSize = builder.lineSize;
    this.privateLevels = List.copyOf(builder.privateLevels);
    this.sharedLevels = List.copyOf(builder.sharedLevels);
    this.memoryLatency = builder.memoryLatency;
    this.tlb = builder.tlb;
    this.inclusive = builder.inclusive;
    this.classifyMisses = builder.classifyMisses;
    this.probeCycles = builder.probeCycles;
    this.overlap = builder.overlap;
    this.work = builder.work;
    this.description = builder.description;
  }

  /** {@return a builder: 64-byte lines, no levels yet, memory at 100 cycles, inclusive} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The simple teaching machine: one private cache of 32 KiB (64 sets of 8 ways, 64-byte
   * lines, LRU, write-back) that answers in 1 cycle, and memory at 100 cycles, the round
   * figures textbooks use to show what a miss costs. No TLB.
   *
   * @return the preset
   */
  public static CacheHierarchy teaching() {
    return builder()
        .privateLevel(CacheLevel.builder("L1").sets(64).ways(8).latency(1).build())
        .memoryLatency(100)
        .probeCycles(1)
        .description("teaching: one 32 KiB cache at 1 cycle, memory at 100")
        .build();
  }

  /**
   * A desktop-like machine after the Skylake client core, with the costs that make its cycles
   * comparable with a real one's: the caches of {@link #desktopSerial()}, plus
   *
   * <ul>
   *   <li><b>overlap</b> ({@link Overlap}) with 16 misses under way per thread: the 16
   *       superqueue entries that Intel's <i>Optimization Reference Manual</i> gives the L2 of
   *       this core family for misses to L3 and memory (its ten L1D fill buffers turn over
   *       quickly on L2 hits, so the superqueue is what bounds the long misses; an AMD Zen core
   *       has more still);</li>
   *   <li><b>prefetchers</b> ({@link Prefetcher}), after the manual's section "Data
   *       Prefetching": at L1D the next line of an ascending stream and strides up to 2 KiB (the
   *       DCU and IP-based stride prefetchers), at L2 a streamer up to 20 lines ahead; none at
   *       L3;</li>
   *   <li><b>instruction costs</b> ({@link Work}), averages from the manual's pipeline width
   *       (4 micro-operations a cycle) and Agner Fog's <i>Instruction tables</i> for Skylake:
   *       1 cycle per access of the program (a load or store with its share of a loop's
   *       work, at 4 micro-operations a cycle), 18 per atomic access (a locked
   *       read-modify-write), 2 for a call (push) and 2 for a return (pop), 16 per heap call
   *       (about 64 instructions of entry, checks, size rounding and return, as in a
   *       boundary-tag allocator's fast path), 1 per tag read or written, 10 per split and per
   *       merge (the free index's update: a search tree's descent), and 6 per node of the
   *       free index visited ({@link #probeCycles()}: a dependent load that hits L1D and a
   *       compare and branch);</li>
   *   <li><b>latencies as load-to-use totals</b>: the manual's 4, 12 and 44 cycles are what a
   *       load that hits L1D, L2 or L3 takes in all, so the levels charge 4, 8 and 32 (an
   *       access pays every level it reaches); memory adds 340, for 384 in all (about 96 ns at
   *       4 GHz; lmbench's {@code lat_mem_rd} measures 70 to 90 ns on DDR4 desktops and more on
   *       servers and virtual machines): an assumption, as the manual gives none, set after one
   *       comparison with the project's machine ({@code benchmarks/README.md});</li>
   *   <li><b>the second-level TLB</b>: 1536 entries of 12 ways (the manual's STLB), a miss
   *       costing 50 cycles (a page walk whose upper levels hit in the caches and whose last
   *       misses L1D, an assumption); a first-level DTLB miss that hits it costs nothing
   *       here.</li>
   * </ul>
   * The teaching preset stays serial, and so does {@link #desktopSerial()}, so that the
   * textbook's sums stay exact.
   *
   * @return the preset
   */
  public static CacheHierarchy desktop() {
    return builder()
        .privateLevel(CacheLevel.builder("L1D").sets(64).ways(8).latency(4)
            .prefetcher(new Prefetcher(1, 2048)).build())
        .privateLevel(CacheLevel.builder("L2").sets(1024).ways(4).latency(8)
            .prefetcher(new Prefetcher(20, 0)).build())
        .sharedLevel(CacheLevel.builder("L3").sets(8192).ways(16).latency(32).build())
        .memoryLatency(340)
        .tlb(new Tlb(1536, 12, 4096, 50))
        .probeCycles(6)
        .overlap(new Overlap(16))
        .work(new Work(1, 18, 2, 2, 16, 1, 1, 10, 10))
        .description("desktop: 32 KiB L1D (4 cycles), 256 KiB L2 (12), shared 8 MiB L3 (44),"
            + " memory 384, 1536-entry TLB (miss 50); 16 misses overlap, prefetching,"
            + " instruction costs")
        .build();
  }

  /**
   * The desktop's caches in the serial model, for teaching: after the Skylake client cache
   * parameters in Intel's <i>64 and IA-32 Architectures Optimization Reference Manual</i> (the
   * table "Cache Parameters of the Skylake Microarchitecture"): per core a 32 KiB 8-way L1D at
   * 4 cycles and a 256 KiB 4-way L2 at 12 cycles, a shared 8 MiB 16-way L3 at 44 cycles (2 MiB
   * per core for four cores), 64-byte lines, inclusive; and a 64-entry 4-way data TLB of 4 KiB
   * pages. The manual gives no memory latency or page-walk cost: memory at 200 cycles (about
   * 50 ns at 4 GHz) and a TLB miss at 20 cycles are this preset's assumptions. LRU stands in
   * for the hardware's undisclosed replacement. Every access pays its latencies in turn;
   * nothing overlaps, nothing is prefetched, and only memory is charged, besides 4 cycles per
   * node of the allocator's free index. (This was the {@code desktop} preset before it gained
   * overlap, prefetching and instruction costs.)
   *
   * @return the preset
   */
  public static CacheHierarchy desktopSerial() {
    return builder()
        .privateLevel(CacheLevel.builder("L1D").sets(64).ways(8).latency(4).build())
        .privateLevel(CacheLevel.builder("L2").sets(1024).ways(4).latency(12).build())
        .sharedLevel(CacheLevel.builder("L3").sets(8192).ways(16).latency(44).build())
        .memoryLatency(200)
        .tlb(new Tlb(64, 4, 4096, 20))
        .probeCycles(4)
        .description("desktop-serial: 32 KiB L1D (4 cycles), 256 KiB L2 (12), shared 8 MiB L3"
            + " (44), memory 200, 64-entry TLB (miss 20)")
        .build();
  }

  /**
   * The single cache of the CS:APP Cache Lab simulator: {@code 2^s} sets of {@code E} lines of
   * {@code 2^b} bytes, LRU, write-allocate. Hits cost 1 cycle and memory 100, though the lab
   * counts hits, misses and evictions only.
   *
   * @param s set index bits, 0 to 30
   * @param lines lines per set ({@code E}), 1 to {@link CacheLevel#MAX_WAYS}
   * @param b block offset bits, 0 to 20
   * @return the preset
   */
  public static CacheHierarchy cacheLab(int s, int lines, int b) {
    if (s < 0 || s > 30) {
      throw new IllegalArgumentException("s must be 0 to 30, not " + s);
    }
    if (b < 0 || b > 20) {
      throw new IllegalArgumentException("b must be 0 to 20, not " + b);
    }
    return builder()
        .lineSize(1 << b)
        .privateLevel(CacheLevel.builder("L1").sets(1 << s).ways(lines).latency(1).build())
        .memoryLatency(100)
        .description("Cache Lab: s=" + s + " E=" + lines + " b=" + b)
        .build();
  }

  /**
   * {@return the preset of that name: {@code teaching}, {@code desktop}, {@code desktop-serial}}
   *
   * @param name a preset's name, in any case
   * @throws IllegalArgumentException for another name
   */
  public static CacheHierarchy preset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "teaching" -> teaching();
      case "desktop" -> desktop();
      case "desktop-serial" -> desktopSerial();
      default -> throw new IllegalArgumentException("no preset named '" + name
          + "' (there are teaching, desktop and desktop-serial)");
    };
  }

  /** {@return the bytes per line, a power of two} */
  public int lineSize() {
    return lineSize;
  }

  /** {@return the levels every thread has its own copy of, innermost first} */
  public List<CacheLevel> privateLevels() {
    return privateLevels;
  }

  /** {@return the levels all threads share, innermost first, after the private ones} */
  public List<CacheLevel> sharedLevels() {
    return sharedLevels;
  }

  /** {@return every level, private ones first, innermost first} */
  public List<CacheLevel> levels() {
    List<CacheLevel> all = new ArrayList<>(privateLevels);
    all.addAll(sharedLevels);
    return List.copyOf(all);
  }

  /** {@return the cycles an access that misses every level spends in memory} */
  public int memoryLatency() {
    return memoryLatency;
  }

  /** {@return the TLB, if the hierarchy has one} */
  public Optional<Tlb> tlb() {
    return Optional.ofNullable(tlb);
  }

  /** {@return whether outer levels include inner ones} */
  public boolean inclusive() {
    return inclusive;
  }

  /** {@return whether misses are classified as compulsory, capacity or conflict} */
  public boolean classifyMisses() {
    return classifyMisses;
  }

  /** {@return the cycles charged per node the allocator's free index visits} */
  public int probeCycles() {
    return probeCycles;
  }

  /** {@return the overlapped timing, or empty for the serial model} */
  public Optional<Overlap> overlap() {
    return Optional.ofNullable(overlap);
  }

  /** {@return the instruction costs ({@link Work#NONE} unless set)} */
  public Work work() {
    return work;
  }

  /** Whether reports have a row of instruction costs: with overlap or any instruction cost. */
  boolean chargesInstructions() {
    return overlap != null || !work.equals(Work.NONE);
  }

  /** {@return a one-line description} */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /** Builds a {@link CacheHierarchy}. */
  public static final class Builder {
    private int lineSize = 64;
    private final List<CacheLevel> privateLevels = new ArrayList<>();
    private final List<CacheLevel> sharedLevels = new ArrayList<>();
    private int memoryLatency = 100;
    private Tlb tlb;
    private boolean inclusive = true;
    private boolean classifyMisses;
    private int probeCycles = 1;
    private Overlap overlap;
    private Work work = Work.NONE;
    private String description;

    private Builder() {}

    /**
     * Sets the line size.
     *
     * @param bytes a power of two, 1 to 4096
     * @return this builder
     */
    public Builder lineSize(int bytes) {
      if (bytes < 1 || bytes > 4096 || Integer.bitCount(bytes) != 1) {
        throw new IllegalArgumentException("line size must be a power of two from 1 to 4096,"
            + " not " + bytes);
      }
      this.lineSize = bytes;
      return this;
    }

    /**
     * Adds a private level outside the ones added before.
     *
     * @param level the level
     * @return this builder
     */
    public Builder privateLevel(CacheLevel level) {
      Objects.requireNonNull(level, "level");
      if (!sharedLevels.isEmpty()) {
        throw new IllegalStateException("private levels come before shared ones");
      }
      privateLevels.add(level);
      return this;
    }

    /**
     * Adds a shared level outside every level added before.
     *
     * @param level the level
     * @return this builder
     */
    public Builder sharedLevel(CacheLevel level) {
      sharedLevels.add(Objects.requireNonNull(level, "level"));
      return this;
    }

    /**
     * Sets what a miss in every level costs.
     *
     * @param cycles at least 0
     * @return this builder
     */
    public Builder memoryLatency(int cycles) {
      if (cycles < 0) {
        throw new IllegalArgumentException("memory latency must not be negative, not " + cycles);
      }
      this.memoryLatency = cycles;
      return this;
    }

    /**
     * Gives every thread a TLB.
     *
     * @param tlb the TLB, or null for none
     * @return this builder
     */
    public Builder tlb(Tlb tlb) {
      this.tlb = tlb;
      return this;
    }

    /**
     * Chooses inclusive (the default) or non-inclusive levels.
     *
     * @param inclusive whether an outer eviction invalidates inner copies
     * @return this builder
     */
    public Builder inclusive(boolean inclusive) {
      this.inclusive = inclusive;
      return this;
    }

    /**
     * Turns on the classification of misses as compulsory (the line was never in this cache),
     * capacity (a fully associative LRU cache of the same size would have missed too) or
     * conflict (it would have hit); coherence misses are counted either way. It keeps every
     * line ever seen and a fully associative shadow of each cache, so it costs memory and time.
     *
     * @param classify whether to classify
     * @return this builder
     */
    public Builder classifyMisses(boolean classify) {
      this.classifyMisses = classify;
      return this;
    }

    /**
     * Sets the cycles charged per node the allocator's free index visits in a heap call (its
     * tags and the blocks it touches are charged through the caches like any access).
     *
     * @param cycles at least 0
     * @return this builder
     */
    public Builder probeCycles(int cycles) {
      if (cycles < 0) {
        throw new IllegalArgumentException("probe cycles must not be negative, not " + cycles);
      }
      this.probeCycles = cycles;
      return this;
    }

    /**
     * Chooses the overlapped timing instead of the serial model (the default).
     *
     * @param overlap the rules' parameters, or null for the serial model
     * @return this builder
     */
    public Builder overlap(Overlap overlap) {
      this.overlap = overlap;
      return this;
    }

    /**
     * Sets the instruction costs of the model's operations (none by default).
     *
     * @param work the costs
     * @return this builder
     */
    public Builder work(Work work) {
      this.work = Objects.requireNonNull(work, "work");
      return this;
    }

    /**
     * Sets the one-line description shown in reports.
     *
     * @param description the text
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * {@return the hierarchy}
     *
     * @throws IllegalStateException without any level, or with two levels of one name
     */
    public CacheHierarchy build() {
      if (privateLevels.isEmpty() && sharedLevels.isEmpty()) {
        throw new IllegalStateException("a cache hierarchy needs at least one level");
      }
      List<String> names = new ArrayList<>();
      for (CacheLevel level : privateLevels) {
        names.add(level.name());
      }
      for (CacheLevel level : sharedLevels) {
        names.add(level.name());
      }
      if (names.stream().distinct().count() != names.size()) {
        throw new IllegalStateException("two levels share a name: " + names);
      }
      if (description == null) {
        description = String.join(", ", names) + ", memory " + memoryLatency;
      }
      return new CacheHierarchy(this);
    }
  }
}
