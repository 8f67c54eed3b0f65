package io.github.memsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import org.junit.jupiter.api.Test;

/**
 * The overlapped timing, the prefetchers and the instruction costs, on hand-built traces whose
 * every cycle can be counted by hand.
 */
class OverlapTest {
  private static final int MEMORY = 100;

  /** One 32 KiB cache at 4 cycles and memory at 100 (104 for a miss), overlapped. */
  private static CacheSimulator overlapped(int slots, Prefetcher prefetcher) {
    return new CacheSimulator(CacheHierarchy.builder()
        .privateLevel(CacheLevel.builder("L1").latency(4).prefetcher(prefetcher).build())
        .memoryLatency(MEMORY).overlap(new Overlap(slots))
        .work(new Work(1, 0, 0, 0, 0, 0, 0, 0, 0)).build());
  }

  @Test
  void independentMissesOverlap() {
    CacheSimulator sim = overlapped(10, Prefetcher.NONE);
    int main = sim.addThread("main");
    for (int i = 0; i < 4; i++) {
      sim.access(main, 4096L * i, 8, false, Origin.USER);
    }
    // Issued at cycles 0 to 3, one per instruction cost; the last completes at 3 + 104.
    CostReport report = sim.report();
    assertThat(report.cycles()).isEqualTo(3 + 104);
    assertThat(report.count("memory", Counter.DEPENDENT_WAIT)).isZero();
    assertThat(report.count("L1", Counter.MISSES)).isEqualTo(4);
  }

  @Test
  void aLoadThroughALoadedPointerWaitsForIt() {
    CacheSimulator sim = overlapped(10, Prefetcher.NONE);
    int main = sim.addThread("main");
    for (int i = 0; i < 4; i++) {
      sim.access(main, 4096L * i, 8, false, Origin.USER);
      // The load returned a pointer to the next node.
      sim.pointerLoaded(main, 4096L * (i + 1), 4096L * (i + 1) + 64);
    }
    // Each load issues when the one before completes: 4 x 104 in all.
    CostReport report = sim.report();
    assertThat(report.cycles()).isEqualTo(4 * 104);
    // Each of the last three waited 103 cycles (it could have issued 1 cycle after the last).
    assertThat(report.count("memory", Counter.DEPENDENT_WAIT)).isEqualTo(3 * 103);
    assertThat(report.count("memory", Counter.DEPENDENT_WAIT, Origin.USER)).isEqualTo(309);
  }

  @Test
  void missesBeyondTheSlotsQueue() {
    CacheSimulator sim = overlapped(2, Prefetcher.NONE);
    int main = sim.addThread("main");
    for (int i = 0; i < 4; i++) {
      sim.access(main, 4096L * i, 8, false, Origin.USER);
    }
    // Misses issue at 0 and 1; the third waits for the first slot (free at 104) and the
    // fourth finds the second free at 105: it completes at 105 + 104.
    CostReport report = sim.report();
    assertThat(report.count("memory", Counter.QUEUE_WAIT)).isEqualTo(104 - 2);
    assertThat(report.cycles()).isEqualTo(105 + 104);
  }

  @Test
  void hitsOverlapAndAnIncrementWaitsForItsStore() {
    CacheSimulator sim = overlapped(10, Prefetcher.NONE);
    int main = sim.addThread("main");
    sim.access(main, 64, 8, false, Origin.USER);    // a miss, completes at 104
    sim.access(main, 64, 8, true, Origin.USER);     // its value is ready at 104
    sim.access(main, 64, 8, false, Origin.USER);    // reads the stored bytes: waits until 104
    CostReport report = sim.report();
    assertThat(report.count("memory", Counter.DEPENDENT_WAIT)).isEqualTo(104 - 2);
    // The second load hits (4 cycles) and issues at 104.
    assertThat(report.cycles()).isEqualTo(104 + 4);
  }

  @Test
  void aStridePrefetcherTurnsAStrideIntoHitsWithinAPage() {
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
        .privateLevel(CacheLevel.builder("L1").prefetcher(new Prefetcher(0, 2048)).build())
        .build());
    int main = sim.addThread("main");
    for (int k = 0; k < 16; k++) {
      sim.access(main, 256L * k, 8, false, Origin.USER);
    }
    CostReport report = sim.report();
    // The stride is seen twice by the third access, which fetches the fourth, and so on up to
    // the page's end: 13 prefetches, and the first three accesses miss.
    assertThat(report.count("L1", Counter.MISSES)).isEqualTo(3);
    assertThat(report.count("L1", Counter.LOAD_HITS)).isEqualTo(13);
    assertThat(report.count("L1", Counter.PREFETCHES)).isEqualTo(13);
    // Loads count the demand accesses only.
    assertThat(report.count("L1", Counter.LOADS)).isEqualTo(16);
  }

  @Test
  void aStrideLongerThanTheRuleOrAcrossAPageIsNotFollowed() {
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
        .privateLevel(CacheLevel.builder("L1").prefetcher(new Prefetcher(0, 1024)).build())
        .build());
    int main = sim.addThread("main");
    for (int k = 0; k < 8; k++) {
      sim.access(main, 2048L * k, 8, false, Origin.USER);
    }
    assertThat(sim.report().count("L1", Counter.PREFETCHES)).isZero();
    assertThat(sim.report().count("L1", Counter.MISSES)).isEqualTo(8);
  }

  @Test
  void aNextLinePrefetcherFollowsAnAscendingStream() {
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
        .privateLevel(CacheLevel.builder("L1").prefetcher(new Prefetcher(1, 0)).build())
        .build());
    int main = sim.addThread("main");
    for (long address = 0; address < 4 * 64; address += 8) {
      sim.access(main, address, 8, false, Origin.USER);
    }
    // Line 0 and line 1 miss; moving to line 1 fetches line 2, and line 2 fetches line 3.
    assertThat(sim.report().count("L1", Counter.MISSES)).isEqualTo(2);
    assertThat(sim.report().count("L1", Counter.PREFETCHES)).isEqualTo(3);
  }

  @Test
  void aPrefetchedLineStillOnItsWayMakesTheHitWait() {
    CacheSimulator sim = overlapped(10, new Prefetcher(1, 0));
    int main = sim.addThread("main");
    sim.access(main, 0, 8, false, Origin.USER);     // line 0: a miss, 0 to 104
    sim.access(main, 64, 8, false, Origin.USER);    // line 1: a miss, 1 to 105; fetches line 2
    sim.access(main, 128, 8, false, Origin.USER);   // line 2: a hit, but it arrives at 2 + 100
    CostReport report = sim.report();
    assertThat(report.count("L1", Counter.LOAD_HITS)).isEqualTo(1);
    // Line 3 is fetched at cycle 3 and arrives at 103; the last to complete is line 1, at 105.
    assertThat(report.cycles()).isEqualTo(105);
  }

  @Test
  void everyAllocatorStepHasItsInstructionCost() {
    // Costs in distinct decimal digits, so that the sum tells how many of each were charged.
    Work work = new Work(0, 0, 7, 3, 1, 10, 100, 1000, 10000);
    CostModel cost = CostModel.of(CacheHierarchy.builder()
        .privateLevel(CacheLevel.builder("L1").latency(0).build()).memoryLatency(0)
        .probeCycles(0).work(work).build());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer a;
    try (CostModel.Measurement m = cost.measure("malloc")) {
      a = main.malloc(16);
      CostReport report = m.report();
      long reads = report.count("L1", Counter.LOADS, Origin.ALLOCATOR);
      long writes = report.count("L1", Counter.STORES, Origin.ALLOCATOR);
      // One call, its tags, and one split of the heap's free space.
      assertThat(report.cycles(Origin.ALLOCATOR)).isEqualTo(1 + 10 * reads + 100 * writes
          + 1000);
      assertThat(reads).isPositive();
      assertThat(writes).isEqualTo(4);
    }
    Pointer b = main.malloc(16);
    Pointer c = main.malloc(16);
    main.malloc(16);
    try (CostModel.Measurement m = cost.measure("free without a merge")) {
      main.free(b);
      CostReport report = m.report();
      assertThat(report.cycles(Origin.ALLOCATOR)).isEqualTo(1
          + 10 * report.count("L1", Counter.LOADS, Origin.ALLOCATOR)
          + 100 * report.count("L1", Counter.STORES, Origin.ALLOCATOR));
    }
    try (CostModel.Measurement m = cost.measure("free merging both sides")) {
      // b is free before c and d allocated after it: freeing c merges with b only.
      main.free(c);
      CostReport report = m.report();
      assertThat(report.cycles(Origin.ALLOCATOR) % 100_000 / 10_000).isEqualTo(1);
    }
    try (CostModel.Measurement m = cost.measure("free merging after")) {
      main.free(a);
      assertThat(m.report().cycles(Origin.ALLOCATOR) % 100_000 / 10_000).isEqualTo(1);
    }
    try (CostModel.Measurement m = cost.measure("push and pop")) {
      main.stack().push(FrameLayout.builder("f").longSlot("x").build()).close();
      assertThat(m.report().cycles(Origin.FRAME_LINKAGE)).isEqualTo(7 + 3);
      assertThat(m.report().count(CostReport.INSTRUCTIONS, Counter.CYCLES)).isEqualTo(10);
    }
  }

  @Test
  void aListWalkWaitsOnItsPointersAndAnArrayWalkDoesNot() {
    CostModel cost = CostModel.of(CacheHierarchy.desktop());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer head = Pointer.NULL;
    for (int i = 0; i < 200; i++) {
      Pointer node = main.malloc(16);
      main.writeLong(node, i);
      main.writePointer(node.plus(8), head);
      head = node;
    }
    Pointer array = main.malloc(8 * 200);
    try (CostModel.Measurement list = cost.measure("list")) {
      for (Pointer node = head; !node.isNull(); node = main.readPointer(node.plus(8))) {
        main.readLong(node);
      }
      CostReport report = list.report();
      long waited = report.rows().stream()
          .mapToLong(row -> report.count(row, Counter.DEPENDENT_WAIT)).sum();
      // Every node but the first waits for the L1D hit that loaded its address: 4 cycles,
      // less the cycle its own issue took.
      assertThat(waited).isEqualTo(199 * 3);
    }
    try (CostModel.Measurement walk = cost.measure("array")) {
      for (int i = 0; i < 200; i++) {
        main.readLong(array.plus(8L * i));
      }
      CostReport report = walk.report();
      assertThat(report.rows().stream()
          .mapToLong(row -> report.count(row, Counter.DEPENDENT_WAIT)).sum()).isZero();
    }
  }

  @Test
  void aRawPointerMakesOnlyAccessesFromItsAddressOnWait() {
    CostModel cost = CostModel.of(CacheHierarchy.desktop());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer below = main.malloc(64);
    Pointer holder = main.malloc(64);
    Pointer above = main.malloc(64);
    main.writeLong(holder, above.address());    // bytes, not a tagged pointer: it comes back raw
    main.readLong(below);
    try (CostModel.Measurement m = cost.measure("raw")) {
      assertThat(main.readPointer(holder).kind()).isEqualTo(Pointer.Kind.RAW);
      main.readLong(below);
      CostReport report = m.report();
      assertThat(report.rows().stream()
          .mapToLong(row -> report.count(row, Counter.DEPENDENT_WAIT)).sum()).isZero();
      main.readLong(above);
      CostReport after = m.report();
      assertThat(after.rows().stream()
          .mapToLong(row -> after.count(row, Counter.DEPENDENT_WAIT)).sum()).isPositive();
    }
  }

  @Test
  void theTeachingAndSerialPresetsKeepTheSerialSums() {
    for (CacheHierarchy serial : new CacheHierarchy[] {CacheHierarchy.teaching(),
        CacheHierarchy.desktopSerial()}) {
      assertThat(serial.overlap()).isEmpty();
      assertThat(serial.work()).isEqualTo(Work.NONE);
      assertThat(serial.levels()).allSatisfy(level ->
          assertThat(level.prefetcher()).isEqualTo(Prefetcher.NONE));
    }
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.teaching());
    int main = sim.addThread("main");
    for (int i = 0; i < 4; i++) {
      sim.access(main, 4096L * i, 8, false, Origin.USER);
    }
    assertThat(sim.report().cycles()).isEqualTo(4 * 101);
    assertThat(sim.report().rows()).doesNotContain(CostReport.INSTRUCTIONS);
    assertThat(CacheHierarchy.preset("desktop-serial").description()).startsWith(
        "desktop-serial: 32 KiB L1D (4 cycles)");
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new Overlap(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outstandingMisses must be 1 to 64, not 0");
    assertThatThrownBy(() -> new Prefetcher(65, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nextLines must be 0 to 64, not 65");
    assertThatThrownBy(() -> new Prefetcher(0, 4097))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxStride must be 0 to 4096, not 4097");
    assertThatThrownBy(() -> new Work(0, 0, 0, 0, -1, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instruction costs must not be negative, not -1");
  }
}
