package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.Run;
import io.github.memsim.concurrent.Strategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bundled examples under the reduced exploration: counts derived by hand, and replays. */
class ExplorationCountTest {
  private static final Map<String, Program> EXAMPLES = ThreadsExamples.all();

  @Test
  void theLostUpdateHasThirtyFourBehavioursAmongItsTwelveThousandSchedules() {
    // Each thread makes 8 steps (push, load, store, pop, twice): C(16, 8) = 12,870 schedules.
    // Pushes and pops touch only the thread's own stack, so a behaviour is an order of the
    // counter's 8 accesses, a's R1 W1 R2 W2 among b's r1 w1 r2 w2, up to swapping two reads
    // next to each other (only they commute). Of the C(8, 4) = 70 orders, count those with a
    // read of b just before a read of a (the ones that are not the first of their behaviour in
    // a-before-b order): gluing (r_i, R_j) leaves C(pre_a + pre_b, pre_a) C(post_a + post_b,
    // post_a) orders, 20 + 4 + 4 + 12 = 40 for (1,1), (1,2), (2,1), (2,2); both (r1, R1) and
    // (r2, R2) glued leave C(2, 1) C(2, 1) = 4, counted twice; so 40 - 4 = 36 orders, and
    // 70 - 36 = 34 behaviours. Source-DPOR runs one schedule for each.
    Exploration lost = Exploration.exhaustive(EXAMPLES.get("lost-update"), -1, 1000);
    assertThat(lost.schedules()).isEqualTo(34);
    assertThat(lost.cutShort()).isZero();
    assertThat(lost.complete()).isTrue();
    assertThat(lost.plainSchedules()).hasValue(12_870);
    assertThat(lost.outcomes()).isEqualTo(Map.of("counter 2", 12, "counter 3", 16,
        "counter 4", 6));
  }

  @Test
  void everyOutcomePrintedReplaysToThatOutcome() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Memsim.run(new String[] {"threads", "lost-update"}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(out.toString()).startsWith("lost-update: 34 schedules (every behaviour, by"
        + " source-DPOR; the plain enumeration runs 12870)\n"
        + "  outcome counter 2: 12 schedules; replay with 0x6.1x8.0x2\n");
    Matcher outcome = Pattern.compile("outcome (counter \\d): \\d+ schedules; replay with (\\S+)")
        .matcher(out.toString());
    int found = 0;
    while (outcome.find()) {
      found++;
      Run run = Run.of(EXAMPLES.get("lost-update"), Strategy.replay(outcome.group(2)));
      assertThat(run.outcome()).contains(outcome.group(1));
    }
    assertThat(found).isEqualTo(3);
    StringWriter plain = new StringWriter();
    Memsim.run(new String[] {"threads", "lost-update-atomic", "--reduction", "none"},
        new PrintWriter(plain, true), new PrintWriter(err, true));
    assertThat(plain.toString()).startsWith("lost-update-atomic: 924 schedules (every"
        + " schedule)\n");
    assertThat(err.toString()).isEmpty();
  }
}
