package io.github.memsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.cost.CacheSimulator.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator against a plain reference cache (a list per set in recency or fill order) over
 * generated traces, and the laws any cache obeys.
 */
class CacheProperties {
  /** The reference: one list of lines per set, the victim at the head. */
  private static final class Reference {
    final int sets;
    final int ways;
    final int lineShift;
    final boolean lru;
    final List<LinkedList<Long>> content = new ArrayList<>();
    final Set<Long> dirty = new HashSet<>();
    long writebacks;

    Reference(int sets, int ways, int lineSize, boolean lru) {
      this.sets = sets;
      this.ways = ways;
      this.lineShift = Integer.numberOfTrailingZeros(lineSize);
      this.lru = lru;
      for (int i = 0; i < sets; i++) {
        content.add(new LinkedList<>());
      }
    }

    Outcome access(long address, boolean store) {
      long line = address >>> lineShift;
      LinkedList<Long> set = content.get((int) (line % sets));
      Outcome outcome;
      if (set.contains(line)) {
        if (lru) {
          set.remove(line);
          set.addLast(line);
        }
        outcome = Outcome.HIT;
      } else {
        outcome = Outcome.MISS;
        if (set.size() == ways) {
          long victim = set.removeFirst();
          if (dirty.remove(victim)) {
            writebacks++;
          }
          outcome = Outcome.MISS_EVICTION;
        }
        set.addLast(line);
      }
      if (store) {
        dirty.add(line);
      }
      return outcome;
    }
  }

  @Test
  void oneLevelMatchesTheReference() {
    qt().withExamples(300)
        .forAll(integers().between(0, 3), integers().between(1, 4), integers().between(4, 5),
            lists().of(longs().between(0, 2047)).ofSizeBetween(1, 400))
        .checkAssert((setBits, ways, lineBits, codes) -> {
          for (Replacement policy : List.of(Replacement.LRU, Replacement.FIFO)) {
            CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder()
                .lineSize(1 << lineBits)
                .privateLevel(CacheLevel.builder("L1").sets(1 << setBits).ways(ways)
                    .replacement(policy).build())
                .build());
            int main = sim.addThread("main");
            Reference reference =
                new Reference(1 << setBits, ways, 1 << lineBits, policy == Replacement.LRU);
            for (long code : codes) {
              boolean store = (code & 1) == 1;
              long address = code >>> 1 << 2;
              sim.access(main, address, 4, store, Origin.USER);
              assertThat(sim.lastOutcome()).as("%s at %s", policy, address)
                  .isEqualTo(reference.access(address, store));
            }
            assertThat(sim.report().count("L1", Counter.WRITEBACKS)).as("write-backs")
                .isEqualTo(reference.writebacks);
          }
        });
  }

  @Test
  void everyLevelBalancesItsAccounts() {
    qt().withExamples(200)
        .forAll(integers().between(0, 63), lists().of(longs().between(0, 1 << 14))
            .ofSizeBetween(1, 400))
        .checkAssert((shape, codes) -> {
          Replacement[] policies = Replacement.values();
          CacheHierarchy hierarchy = CacheHierarchy.builder().lineSize(16)
              .privateLevel(CacheLevel.builder("L1").sets(2).ways(2)
                  .replacement(policies[shape % 4])
                  .writePolicy((shape & 4) == 0 ? WritePolicy.WRITE_BACK
                      : WritePolicy.WRITE_THROUGH).build())
              .privateLevel(CacheLevel.builder("L2").sets(4).ways(4)
                  .replacement(policies[shape / 8 % 4]).build())
              .sharedLevel(CacheLevel.builder("L3").sets(8).ways(4).build())
              .inclusive(shape < 32).classifyMisses(true)
              .build();
          CacheSimulator sim = new CacheSimulator(hierarchy);
          for (int t = 0; t < 3; t++) {
            sim.addThread("t" + t);
          }
          for (long code : codes) {
            sim.access((int) (code % 3), code >>> 3 << 2, 1 + code % 8, (code & 4) != 0,
                Origin.USER);
            assertThat(sim.twoModifiedCopies()).as("two modified copies").isFalse();
          }
          CostReport report = sim.report();
          for (String level : List.of("L1", "L2", "L3")) {
            long reached = report.count(level, Counter.LOADS) + report.count(level, Counter.STORES);
            long answered = report.count(level, Counter.LOAD_HITS)
                + report.count(level, Counter.STORE_HITS) + report.count(level, Counter.MISSES);
            assertThat(answered).as("%s: hits + misses = accesses", level).isEqualTo(reached);
            assertThat(report.count(level, Counter.COMPULSORY_MISSES)
                + report.count(level, Counter.CAPACITY_MISSES)
                + report.count(level, Counter.CONFLICT_MISSES)
                + report.count(level, Counter.COHERENCE_MISSES))
                .as("%s: every miss has one kind", level)
                .isEqualTo(report.count(level, Counter.MISSES));
          }
        });
  }

  @Test
  void aWorkingSetThatFitsMissesOncePerLine() {
    qt().withExamples(200)
        .forAll(lists().of(longs().between(0, 63)).ofSizeBetween(1, 300))
        .checkAssert(codes -> {
          // 64 lines of 16 bytes, fully associative: any 64 distinct lines fit.
          CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder().lineSize(16)
              .privateLevel(CacheLevel.builder("L1").sets(1).ways(64).build()).build());
          int main = sim.addThread("main");
          Set<Long> lines = new HashSet<>();
          for (long code : codes) {
            sim.access(main, code * 16 + code % 16, 1, code % 3 == 0, Origin.USER);
            lines.add(code);
          }
          assertThat(sim.report().count("L1", Counter.MISSES)).isEqualTo(lines.size());
          assertThat(sim.report().count("L1", Counter.EVICTIONS)).isZero();
        });
  }

  @Test
  void aLargerFullyAssociativeLruCacheNeverMissesMore() {
    qt().withExamples(200)
        .forAll(integers().between(1, 31), lists().of(longs().between(0, 99))
            .ofSizeBetween(1, 400))
        .checkAssert((ways, codes) -> {
          long smaller = lruMisses(ways, codes);
          long larger = lruMisses(ways + 1, codes);
          assertThat(larger).as("%d ways vs %d", ways + 1, ways).isLessThanOrEqualTo(smaller);
        });
  }

  private static long lruMisses(int ways, List<Long> lines) {
    CacheSimulator sim = new CacheSimulator(CacheHierarchy.builder().lineSize(16)
        .privateLevel(CacheLevel.builder("L1").sets(1).ways(ways).build()).build());
    int main = sim.addThread("main");
    for (long line : lines) {
      sim.access(main, line * 16, 1, false, Origin.USER);
    }
    return sim.report().count("L1", Counter.MISSES);
  }
}
