package io.github.memsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.cost.CacheSimulator.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Small traces whose every hit, miss, eviction and write-back is worked out by hand. */
class CacheSimulatorTest {
  private static CacheSimulator oneLevel(int sets, int ways, int lineSize, Replacement policy,
      WritePolicy write) {
    return new CacheSimulator(CacheHierarchy.builder().lineSize(lineSize)
        .privateLevel(CacheLevel.builder("L1").sets(sets).ways(ways).latency(1)
            .replacement(policy).writePolicy(write).build())
        .memoryLatency(100).build());
  }

  /** Runs loads ("L addr") and stores ("S addr") of 1 byte on thread 0; returns each outcome. */
  private static List<Outcome> run(CacheSimulator sim, String... accesses) {
    if (sim.threads().isEmpty()) {
      sim.addThread("main");
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (String access : accesses) {
      String[] parts = access.split(" ");
      sim.access(0, Long.decode(parts[1]), 1, parts[0].equals("S"), Origin.USER);
      outcomes.add(sim.lastOutcome());
    }
    return outcomes;
  }

  @Nested
  class CacheLabSemantics {
    @Test
    void directMappedHitsMissesAndEvictions() {
      // s=4, E=1, b=4: 16 sets of one 16-byte line; 0x10 and 0x110 both map to set 1.
      CacheSimulator sim = new CacheSimulator(CacheHierarchy.cacheLab(4, 1, 4));
      assertThat(run(sim, "L 0x10", "L 0x14", "L 0x110", "L 0x10", "S 0x20"))
          .containsExactly(Outcome.MISS, Outcome.HIT, Outcome.MISS_EVICTION,
              Outcome.MISS_EVICTION, Outcome.MISS);
      CostReport report = sim.report();
      assertThat(report.count("L1", Counter.LOAD_HITS) + report.count("L1", Counter.STORE_HITS))
          .isEqualTo(1);
      assertThat(report.count("L1", Counter.MISSES)).isEqualTo(4);
      assertThat(report.count("L1", Counter.EVICTIONS)).isEqualTo(2);
    }

    @Test
    void cyclesOfTheTeachingMachine() {
      CacheSimulator sim = new CacheSimulator(CacheHierarchy.teaching());
      int main = sim.addThread("main");
      assertThat(sim.access(main, 0x1000, 8, false, Origin.USER)).isEqualTo(101);
      assertThat(sim.access(main, 0x1008, 8, false, Origin.USER)).isEqualTo(1);
      // 8 bytes from 0x103c span two 64-byte lines: the second is a miss.
      assertThat(sim.access(main, 0x103c, 8, false, Origin.USER)).isEqualTo(1 + 101);
      assertThat(sim.report().cycles()).isEqualTo(101 + 1 + 102);
      assertThat(sim.report().accesses()).isEqualTo(4);
    }
  }

  @Nested
  class ReplacementPolicies {
    // One set of two ways: A B A C evicts B under LRU (A was used last) and A under FIFO.
    @Test
    void lruKeepsTheLineUsedLast() {
      CacheSimulator sim = oneLevel(1, 2, 16, Replacement.LRU,
          WritePolicy.WRITE_BACK);
      assertThat(run(sim, "L 0x00", "L 0x10", "L 0x00", "L 0x20", "L 0x00", "L 0x10"))
          .containsExactly(Outcome.MISS, Outcome.MISS, Outcome.HIT, Outcome.MISS_EVICTION,
              Outcome.HIT, Outcome.MISS_EVICTION);
    }

    @Test
    void fifoEvictsTheLineFilledFirst() {
      CacheSimulator sim = oneLevel(1, 2, 16, Replacement.FIFO,
          WritePolicy.WRITE_BACK);
      assertThat(run(sim, "L 0x00", "L 0x10", "L 0x00", "L 0x20", "L 0x00", "L 0x10"))
          .containsExactly(Outcome.MISS, Outcome.MISS, Outcome.HIT, Outcome.MISS_EVICTION,
              Outcome.MISS_EVICTION, Outcome.MISS_EVICTION);
    }

    @Test
    void treePlruFollowsItsBitsNotTrueRecency() {
      // Four ways: fill A B C D, use A again. The root points right (away from A's half) and
      // the right node points at C (D was used after it): E replaces C, where LRU would
      // replace B.
      CacheSimulator plru = oneLevel(1, 4, 16, Replacement.TREE_PLRU,
          WritePolicy.WRITE_BACK);
      assertThat(run(plru, "L 0x00", "L 0x10", "L 0x20", "L 0x30", "L 0x00", "L 0x40",
          "L 0x10", "L 0x20")).endsWith(Outcome.MISS_EVICTION, Outcome.HIT,
          Outcome.MISS_EVICTION);
      CacheSimulator lru = oneLevel(1, 4, 16, Replacement.LRU,
          WritePolicy.WRITE_BACK);
      assertThat(run(lru, "L 0x00", "L 0x10", "L 0x20", "L 0x30", "L 0x00", "L 0x40",
          "L 0x10", "L 0x20")).endsWith(Outcome.MISS_EVICTION, Outcome.MISS_EVICTION,
          Outcome.MISS_EVICTION);
    }

    @Test
    void randomIsDeterministicForASeed() {
      String[] trace = new String[200];
      for (int i = 0; i < trace.length; i++) {
        trace[i] = "L 0x" + Integer.toHexString((i * 7) % 24 * 16);
      }
      List<Outcome> first = run(oneLevel(4, 4, 16, Replacement.RANDOM,
          WritePolicy.WRITE_BACK), trace);
      List<Outcome> again = run(oneLevel(4, 4, 16, Replacement.RANDOM,
          WritePolicy.WRITE_BACK), trace);
      assertThat(again).isEqualTo(first).contains(Outcome.HIT, Outcome.MISS_EVICTION);
    }
  }

  @Nested
  class WritePolicies {
    @Test
    void writeBackWritesADirtyVictimOnce() {
      CacheSimulator sim = oneLevel(1, 1, 16, Replacement.LRU,
          WritePolicy.WRITE_BACK);
      run(sim, "S 0x00", "S 0x04", "L 0x10", "L 0x00");
      CostReport report = sim.report();
      // 0x00 dirty, evicted by 0x10 (one write-back); 0x10 clean, evicted by 0x00 (none).
      assertThat(report.count("L1", Counter.WRITEBACKS)).isEqualTo(1);
      assertThat(report.count("L1", Counter.EVICTIONS)).isEqualTo(2);
      assertThat(report.count("L1", Counter.STORE_HITS)).isEqualTo(1);
      // Cycles: 101 + 1 + (101 + write-back 100) + 101.
      assertThat(report.cycles()).isEqualTo(101 + 1 + 201 + 101);
      assertThat(report.count(CostReport.MEMORY, Counter.STORES)).isEqualTo(1);
    }

    @Test
    void writeThroughNeitherAllocatesNorDirties() {
      CacheSimulator sim = oneLevel(1, 1, 16, Replacement.LRU,
          WritePolicy.WRITE_THROUGH);
      assertThat(run(sim, "S 0x00", "L 0x00", "S 0x00", "L 0x10"))
          .containsExactly(Outcome.MISS_NO_FILL, Outcome.MISS, Outcome.HIT,
              Outcome.MISS_EVICTION);
      CostReport report = sim.report();
      assertThat(report.count("L1", Counter.WRITEBACKS)).isZero();
      // Both stores reach memory: the miss without allocation and the hit written through.
      assertThat(report.count(CostReport.MEMORY, Counter.STORES)).isEqualTo(2);
      assertThat(report.count(CostReport.MEMORY, Counter.LOADS)).isEqualTo(2);
    }
  }

  @Nested
  class Hierarchy {
    private CacheSimulator twoLevels(boolean inclusive) {
      return new CacheSimulator(CacheHierarchy.builder().lineSize(16)
          .privateLevel(CacheLevel.builder("L1").sets(1).ways(2).latency(1).build())
          .privateLevel(CacheLevel.builder("L2").sets(1).ways(2).latency(10).build())
          .memoryLatency(100).inclusive(inclusive).build());
    }

    @Test
    void aMissGoesDownAndFillsEveryLevel() {
      CacheSimulator sim = twoLevels(true);
      int main = sim.addThread("main");
      assertThat(sim.access(main, 0, 1, false, Origin.USER)).isEqualTo(111);
      assertThat(sim.access(main, 0, 1, false, Origin.USER)).isEqualTo(1);
      CostReport report = sim.report();
      assertThat(report.count("L2", Counter.LOADS)).isEqualTo(1);
      assertThat(report.count(CostReport.MEMORY, Counter.LOADS)).isEqualTo(1);
    }

    @Test
    void anInclusiveL2EvictionTakesTheLineOutOfL1() {
      CacheSimulator sim = twoLevels(true);
      // A B fill both levels; A again keeps A recent in L1 only (L2 sees no hit); C evicts A
      // from L2 (LRU there), which takes A out of L1 too, so C takes A's way and B stays.
      // A again misses L1 and L2: L2 evicts B for it, which frees B's way in L1: no eviction.
      run(sim, "L 0x00", "L 0x10", "L 0x00", "L 0x20");
      assertThat(run(sim, "L 0x00", "L 0x20")).containsExactly(Outcome.MISS, Outcome.HIT);
      assertThat(sim.report().count("L1", Counter.EVICTIONS)).isZero();
      assertThat(sim.report().count("L2", Counter.EVICTIONS)).isEqualTo(2);
      CacheSimulator nine = twoLevels(false);
      run(nine, "L 0x00", "L 0x10", "L 0x00", "L 0x20");
      assertThat(run(nine, "L 0x00")).containsExactly(Outcome.HIT);
    }

    @Test
    void aTlbMissAddsItsPenaltyOncePerPage() {
      CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
          .privateLevel(CacheLevel.builder("L1").latency(1).build())
          .tlb(new Tlb(1, 1, 4096, 30)).memoryLatency(100).build());
      int main = sim.addThread("main");
      assertThat(sim.access(main, 0x1000, 8, false, Origin.USER)).isEqualTo(30 + 101);
      assertThat(sim.access(main, 0x1040, 8, false, Origin.USER)).isEqualTo(101);
      assertThat(sim.access(main, 0x2000, 8, false, Origin.USER)).isEqualTo(30 + 101);
      assertThat(sim.access(main, 0x1000, 8, false, Origin.USER)).isEqualTo(30 + 1);
      assertThat(sim.report().count(CostReport.TLB, Counter.MISSES)).isEqualTo(3);
    }
  }

  @Nested
  class Coherence {
    private CacheSimulator twoCores() {
      CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
          .privateLevel(CacheLevel.builder("L1").sets(4).ways(2).latency(1).build())
          .sharedLevel(CacheLevel.builder("L2").sets(16).ways(4).latency(10).build())
          .memoryLatency(100).build());
      sim.addThread("a");
      sim.addThread("b");
      return sim;
    }

    @Test
    void disjointBytesOfOneLineAreFalseSharing() {
      CacheSimulator sim = twoCores();
      sim.access(0, 0x1000, 8, true, Origin.USER);
      sim.access(1, 0x1008, 8, true, Origin.USER); // invalidates a's dirty copy
      sim.access(0, 0x1000, 8, true, Origin.USER); // a misses: coherence, false sharing
      sim.access(1, 0x1008, 8, true, Origin.USER); // and b in turn
      CostReport report = sim.report();
      assertThat(report.count("L1", Counter.COHERENCE_MISSES)).isEqualTo(2);
      assertThat(report.count("L1", Counter.INVALIDATIONS)).isEqualTo(3);
      assertThat(report.sharing()).hasSize(2);
      assertThat(report.sharing()).allSatisfy(s -> {
        assertThat(s.falseSharing()).isTrue();
        assertThat(s.misses()).isEqualTo(1);
      });
      assertThat(report.sharing().get(0).toString()).isEqualTo("false sharing of line 0x1000:"
          + " a (bytes 0-7) missed 1 time after stores by b (bytes 8-15)");
      assertThat(report.sharing().get(1).toString()).isEqualTo("false sharing of line 0x1000:"
          + " b (bytes 8-15) missed 1 time after stores by a (bytes 0-7)");
      assertThat(sim.twoModifiedCopies()).isFalse();
    }

    @Test
    void theSameBytesAreTrueSharing() {
      CacheSimulator sim = twoCores();
      sim.access(0, 0x1000, 8, false, Origin.USER);
      sim.access(1, 0x1000, 8, true, Origin.USER);
      sim.access(0, 0x1000, 8, false, Origin.USER);
      CostReport report = sim.report();
      assertThat(report.sharing()).singleElement().satisfies(s -> {
        assertThat(s.falseSharing()).isFalse();
        assertThat(s.victim()).isEqualTo("a");
        assertThat(s.writers()).containsExactly("b");
        assertThat(s.victimBytes()).isEqualTo("0-7");
      });
      // a's load found b's modified copy: a transfer, written back to L2 on the way.
      assertThat(report.count("L1", Counter.TRANSFERS, "a")).isEqualTo(1);
    }

    @Test
    void linesFarApartAreNotShared() {
      CacheSimulator sim = twoCores();
      sim.access(0, 0x1000, 8, true, Origin.USER);
      sim.access(1, 0x1040, 8, true, Origin.USER);
      sim.access(0, 0x1000, 8, true, Origin.USER);
      assertThat(sim.report().sharing()).isEmpty();
      assertThat(sim.report().count("L1", Counter.COHERENCE_MISSES)).isZero();
    }
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> CacheLevel.builder("L1").sets(3))
        .hasMessage("L1: sets must be a power of two, not 3");
    assertThatThrownBy(() -> CacheLevel.builder("L1").ways(3)
        .replacement(Replacement.TREE_PLRU).build())
        .hasMessage("L1: tree-PLRU needs a power-of-two number of ways, not 3");
    assertThatThrownBy(() -> CacheHierarchy.builder().build())
        .hasMessage("a cache hierarchy needs at least one level");
    assertThatThrownBy(() -> new Tlb(6, 4, 4096, 1))
        .hasMessage("TLB entries must be a power-of-two number of sets of 4 ways, not 6");
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.teaching());
    assertThatThrownBy(() -> sim.access(0, 0, 1, false, Origin.USER))
        .hasMessage("no thread 0 (0 added)");
    assertThatThrownBy(() -> CacheHierarchy.preset("laptop"))
        .hasMessage("no preset named 'laptop' (there are teaching, desktop and desktop-serial)");
  }
}
