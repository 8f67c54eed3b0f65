package io.github.memsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cost model on a real memory model: what it charges, to whom, and that it changes nothing. */
class CostModelTest {
  private static final FrameLayout TWO_SLOTS =
      FrameLayout.builder("f").longSlot("a").longSlot("b").build();

  /** A program with pushes, heap calls, loads, stores and a fault; returns what it saw. */
  private static List<String> program(MemoryModel model) {
    List<String> seen = new ArrayList<>();
    ThreadContext main = model.mainThread();
    List<Pointer> blocks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Pointer p = main.malloc(8 + i % 5 * 24);
      main.writeLong(p, i);
      blocks.add(p);
    }
    for (int i = 0; i < 40; i += 3) {
      main.free(blocks.get(i));
    }
    try (Frame frame = main.stack().push(TWO_SLOTS)) {
      frame.setLong("a", 7);
      Pointer q = main.calloc(4, 8);
      Pointer r = main.realloc(q, 100);
      seen.add(q + " -> " + r + " " + main.readLong(r.plus(8)));
      seen.add(String.valueOf(catchThrowable(() -> main.free(q)).getMessage()));
    }
    for (int i = 1; i < 40; i += 3) {
      seen.add(main.readLong(blocks.get(i)) + "@" + blocks.get(i));
    }
    model.heap().check();
    seen.add(model.statistics().toString());
    seen.add(model.heap().describe());
    return seen;
  }

  @Test
  void costsNeverChangeWhatTheProgramComputes() {
    for (String allocator : List.of("first-fit", "best-fit", "next-fit")) {
      List<String> plain = program(MemoryModel.builder().allocator(allocator).build());
      CostModel cost = CostModel.of(CacheHierarchy.desktop());
      List<String> charged =
          program(MemoryModel.builder().allocator(allocator).listener(cost).build());
      assertThat(charged).as(allocator).isEqualTo(plain);
      assertThat(cost.report().accesses()).isPositive();
    }
  }

  @Test
  void eachOriginIsChargedItsOwnAccesses() {
    CostModel cost = CostModel.of(CacheHierarchy.teaching());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    try (CostModel.Measurement push = cost.measure("push")) {
      main.stack().push(TWO_SLOTS).close();
      CostReport report = push.report();
      // The push writes the return address and saved frame pointer; the pop reads them.
      assertThat(report.count("L1", Counter.STORES, Origin.FRAME_LINKAGE)).isEqualTo(2);
      assertThat(report.count("L1", Counter.LOADS, Origin.FRAME_LINKAGE)).isEqualTo(2);
      assertThat(report.count("L1", Counter.LOADS, Origin.ALLOCATOR)).isZero();
    }
    try (CostModel.Measurement calloc = cost.measure("calloc")) {
      main.calloc(16, 8);
      CostReport report = calloc.report();
      assertThat(report.count("L1", Counter.STORES, Origin.ALLOCATOR)).isPositive();
      // 128 zeroed bytes at 16-byte alignment touch 2 or 3 lines of 64 bytes.
      assertThat(report.count("L1", Counter.STORES, Origin.ZEROING)).isBetween(2L, 3L);
      assertThat(report.count("L1", Counter.LOADS, Origin.USER)).isZero();
    }
  }

  @Test
  void aMeasurementHoldsItsSpanOnly() {
    CostModel cost = CostModel.of(CacheHierarchy.teaching());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer p = main.malloc(64);
    CostModel.Measurement first;
    try (CostModel.Measurement m = cost.measure("first read")) {
      main.readLong(p);
      first = m;
    }
    main.readLong(p.plus(8));
    assertThat(first.report().accesses()).isEqualTo(1);
    assertThat(first.report().count("L1", Counter.LOAD_HITS)).isEqualTo(1);
    assertThat(first.report().cycles()).isEqualTo(1);
    assertThat(cost.report().accesses()).isGreaterThan(2);
  }

  @Test
  void theHeapCheckerIsNotCharged() {
    CostModel cost = CostModel.of(CacheHierarchy.teaching());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    model.mainThread().malloc(24);
    long before = cost.report().accesses();
    model.heap().check();
    model.heap().map();
    assertThat(cost.report().accesses()).isEqualTo(before);
  }

  @Test
  void falseSharingNamesTheBlockBothThreadsWrite() {
    CostModel cost = CostModel.of(CacheHierarchy.desktop());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext a = model.newThread("a");
    ThreadContext b = model.newThread("b");
    Pointer counters = model.mainThread().calloc(2, 8);
    for (int i = 0; i < 100; i++) {
      a.writeLong(counters, a.readLong(counters) + 1);
      b.writeLong(counters.plus(8), b.readLong(counters.plus(8)) + 1);
    }
    CostReport report = cost.report();
    String block = "block #1 (16 bytes at 0x" + Long.toHexString(counters.address()) + ")";
    // Each thread misses on every turn after its first: it lost the line to the other's
    // store in between. The first turns miss too, but they never held the line before.
    assertThat(report.sharing()).extracting(CostReport.Sharing::toString).containsExactly(
        "false sharing of line 0x" + Long.toHexString(counters.address() & -64) + ": a (bytes "
            + (counters.address() & 63) + "-" + ((counters.address() & 63) + 7)
            + ") missed 99 times after stores by b (bytes " + ((counters.address() & 63) + 8)
            + "-" + ((counters.address() & 63) + 15) + "); the line holds " + block,
        "false sharing of line 0x" + Long.toHexString(counters.address() & -64) + ": b (bytes "
            + ((counters.address() & 63) + 8) + "-" + ((counters.address() & 63) + 15)
            + ") missed 99 times after stores by a (bytes " + (counters.address() & 63) + "-"
            + ((counters.address() & 63) + 7) + "); the line holds " + block);
    assertThat(report.count("L1D", Counter.COHERENCE_MISSES)).isEqualTo(198);
  }

  @Test
  void pushingAFrameIsCheaperThanAMalloc() {
    CostModel cost = CostModel.of(CacheHierarchy.desktop());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    List<Pointer> others = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      others.add(main.malloc(16 + i % 7 * 16));
    }
    for (int i = 0; i < others.size(); i += 2) {
      main.free(others.get(i));
    }
    CostReport push;
    try (CostModel.Measurement m = cost.measure("push")) {
      for (int i = 0; i < 1000; i++) {
        try (Frame frame = main.stack().push(TWO_SLOTS)) {
          frame.setLong("a", i);
        }
      }
      push = m.report();
    }
    CostReport malloc;
    try (CostModel.Measurement m = cost.measure("malloc")) {
      for (int i = 0; i < 1000; i++) {
        Pointer p = main.malloc(16);
        main.writeLong(p, i);
        main.free(p);
      }
      malloc = m.report();
    }
    assertThat(malloc.cycles()).isGreaterThan(2 * push.cycles());
    assertThat(malloc.cycles(Origin.ALLOCATOR)).isGreaterThan(push.cycles());
  }
}
