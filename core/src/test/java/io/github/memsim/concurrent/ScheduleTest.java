package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.UseAfterFreeFault;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deterministic schedules: counts derived by hand, replay, and failures across threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScheduleTest {
  private static void increment(ThreadContext thread, Object shared, int times) {
    Pointer counter = (Pointer) shared;
    for (int i = 0; i < times; i++) {
      long seen = thread.readLong(counter);
      thread.writeLong(counter, seen + 1);
    }
  }

  /** Two threads each adding 1 to a heap counter with a load and a store. */
  static Program lostUpdate(int times) {
    return Program.builder("lost update")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, shared) -> increment(t, shared, times))
        .thread("b", (t, shared) -> increment(t, shared, times))
        .outcome((main, shared) -> main.readLong((Pointer) shared))
        .build();
  }

  @Test
  void everyInterleavingOfTwoIncrementsRunsOnce() {
    // Each thread makes 2 operations: C(4, 2) = 6 interleavings. Only a a b b and b b a a keep
    // both updates; the other 4 read 0 twice and store 1 twice.
    Exploration all = Exploration.exhaustive(lostUpdate(1), -1, 1000, Reduction.NONE);
    assertThat(all.schedules()).isEqualTo(6);
    assertThat(all.outcomes()).isEqualTo(Map.of("1", 4, "2", 2));
    assertThat(all.failures()).isEmpty();
  }

  @Test
  void twoIncrementsEachHaveSeventyInterleavings() {
    // 4 operations each: C(8, 4) = 70.
    Exploration all = Exploration.exhaustive(lostUpdate(2), -1, 1000, Reduction.NONE);
    assertThat(all.schedules()).isEqualTo(70);
    assertThat(all.outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(70);
    assertThat(all.outcomes()).containsKeys("2", "3", "4").doesNotContainKey("0");
    // 4 needs each load and store pair uninterrupted: the orders of the four pairs, C(4, 2).
    assertThat(all.outcomes().get("4")).isEqualTo(6);
  }

  @Test
  void atomicIncrementsLoseNothingInAnySchedule() {
    Program fetchAndAdd = Program.builder("fetch-and-add")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> {
          t.fetchAndAddLong((Pointer) p, 1);
          t.fetchAndAddLong((Pointer) p, 1);
        })
        .thread("b", (t, p) -> {
          t.fetchAndAddLong((Pointer) p, 1);
          t.fetchAndAddLong((Pointer) p, 1);
        })
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    Exploration all = Exploration.exhaustive(fetchAndAdd, -1, 1000, Reduction.NONE);
    // Two operations each: C(4, 2) = 6 schedules, all of them 4.
    assertThat(all.schedules()).isEqualTo(6);
    assertThat(all.outcomes()).isEqualTo(Map.of("4", 6));
    Program.Body casLoop = (t, p) -> {
      Pointer counter = (Pointer) p;
      for (int i = 0; i < 2; i++) {
        long seen;
        do {
          seen = t.atomicLoadLong(counter);
        } while (!t.compareAndSetLong(counter, seen, seen + 1));
      }
    };
    Program cas = Program.builder("compare-and-set loop")
        .setup(main -> main.calloc(1, 8))
        .thread("a", casLoop).thread("b", casLoop)
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    Exploration loops = Exploration.exhaustive(cas, -1, 100_000, Reduction.NONE);
    assertThat(loops.schedules()).isGreaterThan(70);
    assertThat(loops.outcomes()).isEqualTo(Map.of("4", loops.schedules()));
  }

  @Test
  void threeThreadsOfOneOperationGiveSixOrders() {
    Program program = Program.builder("three stores")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, 2))
        .thread("c", (t, p) -> t.writeLong((Pointer) p, 3))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    Exploration all = Exploration.exhaustive(program, -1, 1000);
    assertThat(all.schedules()).isEqualTo(6);
    // The last writer wins: each of the three is last in 2 of the 6 orders.
    assertThat(all.outcomes()).isEqualTo(Map.of("1", 2, "2", 2, "3", 2));
  }

  @Test
  void withoutPreemptionOnlyTheSerialOrdersRun() {
    Exploration serial = Exploration.exhaustive(lostUpdate(2), 0, 1000);
    assertThat(serial.schedules()).isEqualTo(2);
    assertThat(serial.outcomes()).isEqualTo(Map.of("4", 2));
  }

  @Test
  void aRandomRunIsReproducedByItsSeedAndByItsSchedule() {
    Program program = lostUpdate(5);
    Run first = Run.of(program, Strategy.random(42));
    Run again = Run.of(program, Strategy.random(42));
    assertThat(again.schedule()).isEqualTo(first.schedule());
    Run replayed = Run.of(program, Strategy.replay(first.schedule()));
    assertThat(replayed.schedule()).isEqualTo(first.schedule());
    assertThat(replayed.outcome()).isEqualTo(first.outcome());
    assertThat(replayed.model().statistics()).isEqualTo(first.model().statistics());
    assertThat(replayed.model().heap().describe()).isEqualTo(first.model().heap().describe());
    Exploration random = Exploration.random(program, 1, 100);
    assertThat(random.schedules()).isEqualTo(100);
    assertThat(random.outcomes()).hasSizeGreaterThan(1);
    assertThat(random.outcomes().keySet()).allMatch(o -> Long.parseLong(o) >= 5
        && Long.parseLong(o) <= 10);
  }

  @Test
  void roundRobinTakesTurns() {
    // Quantum 1: a's first operation, then b's, then a's, ...: every update but the last pair's
    // is lost; the schedule alternates after the start.
    Run run = Run.of(lostUpdate(3), Strategy.roundRobin(1));
    assertThat(run.outcome()).contains("3");
    assertThat(run.schedule()).startsWith("0.1.0.1");
  }

  @Test
  void aScheduleThatDoesNotFitIsRefused() {
    assertThatThrownBy(() -> Run.of(lostUpdate(1), Strategy.replay("0")))
        .isInstanceOf(ScheduleMismatchException.class)
        .hasMessage("the schedule ends after 1 choices, but the program has more switch points");
    assertThatThrownBy(() -> Run.of(lostUpdate(1), Strategy.replay("0x2.0")))
        .isInstanceOf(ScheduleMismatchException.class)
        .hasMessage("choice 3 of the schedule is thread 0, which cannot run there");
    assertThatThrownBy(() -> Run.of(lostUpdate(1), Strategy.replay("0x2.1x2.0")))
        .isInstanceOf(ScheduleMismatchException.class)
        .hasMessage("the program ended after 4 choices, but the schedule has 5");
    assertThat(Run.of(lostUpdate(1), Strategy.replay("0x2.1x2")).outcome()).contains("2");
    assertThatThrownBy(() -> Strategy.replay("0x"))
        .hasMessage("'0x' is not a schedule: '0x' should be THREAD or THREADxCOUNT");
  }

  @Test
  void aUseAfterFreeAcrossThreadsFailsInTheSchedulesThatFreeFirst() {
    Program program = Program.builder("use after free")
        .setup(main -> main.malloc(8))
        .thread("freer", (t, p) -> t.free((Pointer) p))
        .thread("reader", (t, p) -> t.readLong((Pointer) p))
        .build();
    Exploration all = Exploration.exhaustive(program, -1, 100);
    assertThat(all.schedules()).isEqualTo(2);
    assertThat(all.failures()).singleElement().satisfies(run -> {
      assertThat(run.failedThread()).contains("reader");
      assertThat(run.failure()).containsInstanceOf(UseAfterFreeFault.class);
      assertThat(run.failure().get()).hasMessageContaining("freed by freer at op 2")
          .hasMessageEndingWith("; on reader");
      Run replayed = Run.of(program, Strategy.replay(run.schedule()));
      assertThat(replayed.failure().get()).hasMessage(run.failure().get().getMessage());
    });
    assertThat(all.toString()).contains("failed: 1 schedule; first: reader: use after free:")
        .contains("replay with schedule ");
  }
}
