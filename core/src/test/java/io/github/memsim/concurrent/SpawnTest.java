package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.DeadlockFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bodies that spawn and join threads of their own, and the order that gives. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpawnTest {
  private static Program forkJoin(boolean join) {
    return Program.builder(join ? "fork and join" : "fork, no join")
        .setup(main -> main.calloc(3, 8))
        .thread("parent", (t, shared) -> {
          Pointer s = (Pointer) shared;
          t.writeLong(s.plus(8), 10); // before the spawn: ordered before the children
          ThreadContext first = Threads.spawn(t, "w1", (w, p) -> w.writeLong((Pointer) p,
              w.readLong(((Pointer) p).plus(8)) + 1));
          ThreadContext second = Threads.spawn(t, "w2", (w, p) -> w.writeLong(((Pointer) p)
              .plus(16), 20));
          if (join) {
            Threads.join(t, first);
            Threads.join(t, second);
          }
          t.readLong(s);
          t.readLong(s.plus(16));
        })
        .outcome((main, s) -> main.readLong((Pointer) s) + " " + main.readLong(((Pointer) s)
            .plus(16)))
        .build();
  }

  @Test
  void joiningOrdersTheChildrenBeforeTheParentsNextStep() {
    Exploration joined = Exploration.exhaustive(forkJoin(true), -1, 10_000);
    assertThat(joined.failures()).isEmpty();
    assertThat(joined.races()).isEmpty();
    assertThat(joined.outcomes()).isEqualTo(Map.of("11 20", joined.schedules()));
    assertThat(joined.schedules()).isGreaterThan(1);
  }

  @Test
  void withoutAJoinTheParentsReadRacesWithTheChildren() {
    Exploration racy = Exploration.exhaustive(forkJoin(false), -1, 10_000);
    // Races are grouped by their places and where they met: the parent's reads of the words
    // the children write, at 0 and 16.
    assertThat(racy.races().keySet()).containsExactlyInAnyOrder(
        "8-byte read / 8-byte write, 0 bytes into block #1",
        "8-byte read / 8-byte write, 16 bytes into block #1");
    assertThat(racy.raceReport("8-byte read / 8-byte write, 0 bytes into block #1"))
        .contains(" by parent at op ").contains(" by w1 at op ");
    // The write before the spawn, at 8, never races with the children's reads of it.
  }

  @Test
  void aThreadThatJoinsItselfDeadlocks() {
    Program program = Program.builder("self join")
        .thread("a", (t, s) -> Threads.join(t, t))
        .build();
    Run run = Run.of(program, Strategy.random(1));
    assertThat(run.failure()).containsInstanceOf(DeadlockFault.class);
    assertThat(run.failure().get()).hasMessage("deadlock: a waits for thread a to end; on a");
  }

  @Test
  void spawnNeedsARun() {
    ThreadContext main = MemoryModel.builder().build().mainThread();
    assertThatThrownBy(() -> Threads.spawn(main, "x", (t, s) -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("spawn and join work inside a Run; with plain Java threads, use"
            + " java.lang.Thread");
  }
}
