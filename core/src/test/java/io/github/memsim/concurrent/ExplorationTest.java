package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.DeadlockFault;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.StackOverflowFault;
import io.github.memsim.ThreadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an exploration answers: expectations, each outcome's schedule, failures kept per kind,
 * preemption bounding within a budget, spinning threads, and the limits on what arguments and
 * runs may make.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExplorationTest {
  private static Program counter(Program.Builder builder) {
    Program.Body increment = (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1);
    return builder.setup(main -> main.calloc(1, 8))
        .thread("a", increment).thread("b", increment)
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
  }

  @Test
  void aWrongOutcomeFailsItsRunAndEveryOutcomeReplays() {
    Program program = counter(Program.builder("counter")
        .expect("both increments", outcome -> (Long) outcome == 2));
    Exploration every = Exploration.exhaustive(program, -1, 100);
    assertThat(every.complete()).isTrue();
    assertThat(every.outcomes()).isEqualTo(Map.of("1", 2, "2", 2));
    assertThat(every.failed()).isEqualTo(2);
    Run lost = every.firstFailure().orElseThrow();
    assertThat(lost.failedThread()).contains("main");
    assertThat(lost.outcome()).contains("1");
    assertThat(lost.failure().orElseThrow()).isInstanceOf(AssertionError.class)
        .hasMessage("expected both increments, but the outcome was 1");
    every.outcomeSchedules().forEach((outcome, schedule) ->
        assertThat(Run.of(program, Strategy.replay(schedule)).outcome()).contains(outcome));
    assertThat(every.toString()).contains("  outcome 1: 2 schedules; replay with "
        + every.outcomeSchedules().get("1") + "\n");
    assertThat(Run.of(program, Strategy.replay(lost.schedule())).failure().orElseThrow())
        .hasMessage("expected both increments, but the outcome was 1");
  }

  @Test
  void anOutcomeOrExpectationThatThrowsFailsTheRunInsteadOfEscaping() {
    Program throwing = Program.builder("throws").setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, 1))
        .outcome((main, p) -> {
          throw new IllegalStateException("no outcome");
        })
        .build();
    Exploration every = Exploration.exhaustive(throwing, -1, 10);
    assertThat(every.failed()).isEqualTo(1);
    assertThat(every.firstFailure().orElseThrow().failure().orElseThrow())
        .hasMessage("no outcome");
    Program badCheck = counter(Program.builder("bad check").expect("a string", outcome ->
        ((String) outcome).isEmpty()));
    assertThat(Exploration.exhaustive(badCheck, -1, 10).firstFailure().orElseThrow().failure())
        .containsInstanceOf(ClassCastException.class);
  }

  @Test
  void failingRunsAreKeptOncePerKindWithCounts() {
    Program program = counter(Program.builder("counter").raceFaults());
    Exploration random = Exploration.random(program, 1, 300);
    assertThat(random.failed()).isEqualTo(300);
    assertThat(random.failures()).hasSize(random.failureKinds().size());
    assertThat(random.failureKinds().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(300);
    assertThat(random.failureKinds().size()).isLessThanOrEqualTo(4);
  }

  /**
   * Thread a publishes a flag, writes x, and takes the flag back, then makes 30 steps of its
   * own; b writes x only while the flag is up. The race on x needs b to run inside a's window:
   * one preemption.
   */
  private static Program window() {
    return Program.builder("window").setup(main -> main.calloc(1, 16 + 8 * 30))
        .thread("a", (t, s) -> {
          Pointer p = (Pointer) s;
          t.atomicStoreLong(p, 1);
          t.writeLong(p.plus(8), 1);
          t.atomicStoreLong(p, 0);
          for (int i = 0; i < 30; i++) {
            t.writeLong(p.plus(16 + 8 * i), i);
          }
        })
        .thread("b", (t, s) -> {
          Pointer p = (Pointer) s;
          if (t.atomicLoadLong(p) == 1) {
            t.writeLong(p.plus(8), 2);
          }
        })
        .build();
  }

  @Test
  void preemptionBoundingFindsWithinABudgetWhatDepthFirstSearchMissed() {
    // Depth first with a running by default, the old budgeted order, varies the last switch
    // points first: its first 10 schedules only move b among a's last 30 steps, after the
    // window. Bound 0 runs a then b and b then a; bound 1 puts b after each of a's steps, and
    // its second schedule puts b inside the window.
    Exploration budget = Exploration.exhaustive(window(), -1, 10, Reduction.NONE);
    assertThat(budget.races()).isNotEmpty();
    assertThat(budget.complete()).isFalse();
    assertThat(budget.how()).isEqualTo("every schedule, stopped at the limit of 10 in the round"
        + " of 1 preemption");
    assertThat(Exploration.exhaustive(window(), 1, 1000).races()).isNotEmpty();
    assertThat(Exploration.exhaustive(window(), 0, 1000).races()).isEmpty();
  }

  @Test
  void aSpinLockWithAYieldIsExploredToTheEndAndOneWithoutIsALivelock() {
    Program.Body spin = (t, s) -> {
      Pointer lock = (Pointer) s;
      while (!t.compareAndSetLong(lock, 0, 1)) {
        Threads.yield(t);
      }
      t.writeLong(lock.plus(8), t.readLong(lock.plus(8)) + 1);
      t.atomicStoreLong(lock, 0);
    };
    Program spinLock = Program.builder("spin lock").setup(main -> main.calloc(2, 8))
        .thread("a", spin).thread("b", spin)
        .outcome((main, s) -> main.readLong(((Pointer) s).plus(8)))
        .build();
    Exploration every = Exploration.exhaustive(spinLock, -1, 10_000);
    assertThat(every.complete()).isTrue();
    assertThat(every.outcomes()).containsOnlyKeys("2");
    assertThat(every.races()).isEmpty();
    Program forever = Program.builder("forever").setup(main -> main.calloc(1, 8))
        .thread("spinner", (t, s) -> {
          while (t.atomicLoadLong((Pointer) s) == 0) {
            Threads.yield(t);
          }
        })
        .stepLimit(500)
        .build();
    Run run = Run.of(forever, Strategy.roundRobin(1));
    assertThat(run.failure().orElseThrow()).isInstanceOf(LivelockException.class)
        .hasMessage("livelock: the run went past its limit of 500 steps; still running:"
            + " spinner");
    assertThat(run.failedThread()).contains("spinner");
  }

  @Test
  void argumentsThatWouldMakeGiantArraysAreRefused() {
    Program program = counter(Program.builder("counter"));
    assertThatThrownBy(() -> Exploration.exhaustive(program, -5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preemption bound must be -1 (no bound) or at least 0, not -5");
    assertThatThrownBy(() -> Strategy.pct(1, Integer.MAX_VALUE, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PCT depth must be at most 10000, not 2147483647");
    assertThatThrownBy(() -> Strategy.replay("0x99999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'0x99999999' is not a schedule: it has more than 10000000 choices, the most"
            + " a run may make");
    assertThatThrownBy(() -> Program.builder("p").stepLimit(0))
        .hasMessage("step limit must be 1 to 10000000, not 0");
  }

  @Test
  void threadsThatEndedGiveTheirSlotBack() {
    Program many = Program.builder("many").setup(main -> main.calloc(1, 8))
        .thread("parent", (t, s) -> {
          for (int i = 0; i < 100; i++) {
            ThreadContext child = Threads.spawn(t, "child " + i, (c, p) ->
                c.fetchAndAddLong((Pointer) p, 1));
            Threads.join(t, child);
          }
        })
        .outcome((main, s) -> main.readLong((Pointer) s))
        .build();
    Run run = Run.of(many, Strategy.roundRobin(1));
    assertThat(run.failure()).isEmpty();
    assertThat(run.outcome()).contains("100");
    assertThat(Run.of(many, Strategy.replay(run.schedule())).outcome()).contains("100");
  }

  @Test
  void aBodyRecursesToTheSimulatedStacksLimit() {
    FrameLayout frame = FrameLayout.builder("down").build();
    List<Throwable> seen = new ArrayList<>();
    Program deep = Program.builder("deep")
        .model(() -> MemoryModel.builder().stackSize(256 << 10))
        .thread("diver", (t, s) -> {
          try {
            dive(t, frame);
          } catch (StackOverflowFault e) {
            seen.add(e);
          }
        })
        .build();
    Run run = Run.of(deep, Strategy.roundRobin(1));
    assertThat(run.failure()).isEmpty();
    assertThat(seen).singleElement().isInstanceOf(StackOverflowFault.class);
  }

  private static void dive(ThreadContext t, FrameLayout layout) {
    try (var frame = t.stack().push(layout)) {
      dive(t, layout);
    }
  }

  @Test
  void relockingAMutexOneHoldsUnderPlainJavaThreadsIsASelfDeadlock() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    Mutex mutex = Mutex.at(main.calloc(1, 8));
    mutex.lock(main);
    assertThatThrownBy(() -> mutex.lock(main)).isInstanceOf(DeadlockFault.class)
        .hasMessageContaining("main waits for the mutex at 0x")
        .hasMessageContaining(", which it holds itself");
  }
}
