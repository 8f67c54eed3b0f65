package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Pointer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PCT finds bugs of depth d at least as often as its bound 1/(n k^(d-1)) says, on a fixed set of
 * seeds (allowing three standard deviations of sampling error below the bound).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PctTest {
  private static final int SEEDS = 400;

  private static double lowest(double bound) {
    return bound - 3 * Math.sqrt(bound * (1 - bound) / SEEDS);
  }

  @Test
  void aDepthOneBugIsFoundInAtLeastOneRunInN() {
    // The bug: b's store lands before a's, so a's value is the one left. One ordering
    // constraint: depth 1, found with probability at least 1/n = 1/2.
    Program program = Program.builder("order")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, 2))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    Exploration pct = Exploration.pct(program, 1, 1, 4, SEEDS);
    double found = pct.outcomes().getOrDefault("1", 0) / (double) SEEDS;
    assertThat(found).isGreaterThanOrEqualTo(lowest(1.0 / 2));
  }

  @Test
  void aLostUpdateOfDepthTwoIsFoundAsOftenAsTheBound() {
    // One increment each (a load and a store): the update is lost when a thread is preempted
    // between its load and its store, one ordering constraint more: depth 2. A run has about 5
    // switch points: the start, each thread's store, each thread's end.
    Program program = Program.builder("lost update")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    int steps = 5;
    Exploration pct = Exploration.pct(program, 1, 2, steps, SEEDS);
    double found = pct.outcomes().getOrDefault("1", 0) / (double) SEEDS;
    assertThat(found).isGreaterThanOrEqualTo(lowest(1.0 / (2 * steps)));
    // Without a change point (depth 1) PCT runs each thread to its end: never lost.
    assertThat(Exploration.pct(program, 1, 1, steps, 50).outcomes()).containsOnlyKeys("2");
    // The same seed gives the same run.
    assertThat(Run.of(program, Strategy.pct(9, 2, steps)).schedule())
        .isEqualTo(Run.of(program, Strategy.pct(9, 2, steps)).schedule());
  }
}
