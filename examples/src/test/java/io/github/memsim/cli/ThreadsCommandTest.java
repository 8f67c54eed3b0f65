package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.DeadlockFault;
import io.github.memsim.DoubleFreeFault;
import io.github.memsim.UseAfterFreeFault;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each broken example fails the way its name says, and its fixed version never does. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ThreadsCommandTest {
  private static final Map<String, Program> EXAMPLES = ThreadsExamples.all();

  private static Exploration explore(String name) {
    return Exploration.exhaustive(EXAMPLES.get(name), -1, 2000);
  }

  @Test
  void brokenExamplesFailAndFixedOnesDoNot() {
    Exploration lost = explore("lost-update");
    assertThat(lost.outcomes()).containsKeys("counter 2", "counter 3", "counter 4");
    assertThat(lost.races()).isNotEmpty();
    for (String fixed : new String[] {"lost-update-mutex", "lost-update-atomic"}) {
      Exploration e = explore(fixed);
      assertThat(e.outcomes().keySet()).as(fixed).containsExactly("counter 4");
      assertThat(e.races()).as(fixed).isEmpty();
    }
    assertThat(explore("check-then-act").outcomes()).containsKeys("balance 20", "balance -60");
    Exploration checked = explore("check-then-act-mutex");
    assertThat(checked.outcomes().keySet()).containsExactly("balance 20");
    assertThat(checked.races()).isEmpty();
    // Every access under the mutex: no data race, and still a broken invariant.
    Exploration wrong = explore("locked-but-wrong");
    assertThat(wrong.races()).isEmpty();
    assertThat(wrong.outcomes().keySet()).contains("total 100").anyMatch(o -> !o.equals(
        "total 100"));
    Exploration right = explore("locked-and-right");
    assertThat(right.races()).isEmpty();
    assertThat(right.outcomes().keySet()).containsExactly("total 100");
    assertThat(explore("publication").races()).isNotEmpty();
    assertThat(explore("publication-atomic").races()).isEmpty();
    assertThat(explore("use-after-free").failures()).isNotEmpty().allSatisfy(run ->
        assertThat(run.failure()).containsInstanceOf(UseAfterFreeFault.class));
    assertThat(explore("use-after-free-mutex").failures()).isEmpty();
    Exploration aba = Exploration.exhaustive(EXAMPLES.get("aba"), -1, 1000);
    assertThat(aba.races().keySet()).contains("ABA: compare-and-set by a in pop");
    assertThat(aba.raceReport("ABA: compare-and-set by a in pop")).matches("ABA: 8-byte"
        + " compare-and-set at 0x[0-9a-f]+ by a in pop at op \\d+ succeeded with a pointer to"
        + " block #4 \\(16 bytes at (0x[0-9a-f]+)\\), which was freed, while block #5 \\(16"
        + " bytes at \\1\\), allocated by b in push at op \\d+, now sits there");
    // Every behaviour, not the first 1,000 schedules: the double free, and the reads of a popped
    // node's link after the other thread freed it.
    assertThat(aba.failures()).anySatisfy(run ->
        assertThat(run.failure()).containsInstanceOf(DoubleFreeFault.class));
    Exploration locked = Exploration.exhaustive(EXAMPLES.get("aba-mutex"), -1, 1000);
    assertThat(locked.failures()).isEmpty();
    assertThat(locked.races()).isEmpty();
    assertThat(explore("deadlock").failures()).isNotEmpty().allSatisfy(run ->
        assertThat(run.failure()).containsInstanceOf(DeadlockFault.class));
    assertThat(explore("deadlock-ordered").failures()).isEmpty();
  }

  @Test
  void theCommandPrintsTheFirstFailureAndReplaysIt() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "deadlock", "--reduction", "none"},
        new PrintWriter(out, true), new PrintWriter(err, true))).as("a failed run").isEqualTo(1);
    assertThat(out.toString()).startsWith("deadlock: 16 schedules (every schedule)")
        .contains("failed: 4 schedules; first: ").contains("replay with schedule ");
    Matcher schedule = Pattern.compile("replay with schedule (\\S+)").matcher(out.toString());
    assertThat(schedule.find()).isTrue();
    StringWriter replayed = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "deadlock", "--replay", schedule.group(1)},
        new PrintWriter(replayed, true), new PrintWriter(err, true))).isEqualTo(1);
    assertThat(replayed.toString()).startsWith("deadlock: ").contains("failed: deadlock: ")
        .contains("(schedule " + schedule.group(1) + ")");
    StringWriter random = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "lost-update", "--strategy", "random",
        "--seed", "7", "--schedules", "50"}, new PrintWriter(random, true),
        new PrintWriter(err, true))).isZero();
    assertThat(random.toString()).startsWith("lost-update: 50 schedules (50 random schedules"
        + " from seed 7)");
    StringWriter pct = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "aba", "--strategy", "pct", "--seed", "1",
        "--schedules", "200", "--depth", "2", "--steps", "40"}, new PrintWriter(pct, true),
        new PrintWriter(err, true))).as("aba's double free").isEqualTo(1);
    assertThat(pct.toString()).startsWith("aba: 200 schedules (200 PCT schedules of depth 2 from"
        + " seed 1)");
    assertThat(err.toString()).isEmpty();
    assertThat(Memsim.run(new String[] {"threads", "nonsense"}, new PrintWriter(out, true),
        new PrintWriter(err, true))).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: no example named 'nonsense' (there are"
        + " lost-update, ");
  }

  @Test
  void raceFaultsStopARacyProgramAtItsFirstRaceAndLeaveACorrectOneAlone() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"threads", "lost-update", "--race-faults",
        "--reduction", "none"}, new PrintWriter(out, true), new PrintWriter(err, true)))
        .isEqualTo(1);
    Matcher failed = Pattern.compile("lost-update: (\\d+) schedules \\(every schedule\\)\n"
        + "  failed: \\1 schedules of \\d+ kinds; first: b: data race: 8-byte read at 0x10028 by b in increment"
        + " at op \\d+, racing with an 8-byte write by a in increment at op \\d+; .*; on b\n"
        + "  replay with schedule \\S+\n").matcher(out.toString());
    assertThat(failed.find()).as(out.toString()).isTrue();
    Exploration fixed = Exploration.exhaustive(EXAMPLES.get("lost-update-mutex")
        .withRaceFaults(true), -1, 2000);
    assertThat(fixed.failures()).isEmpty();
    assertThat(fixed.outcomes().keySet()).containsExactly("counter 4");
    assertThat(err.toString()).isEmpty();
  }

  private record Result(int code, String out, String err) {}

  private static Result threads(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "threads";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Memsim.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void exitCodesSayWhetherARunFailed() {
    assertThat(threads("deadlock-ordered").code()).as("no run failed").isZero();
    assertThat(threads("lost-update").code()).as("races recorded, no run failed").isZero();
    assertThat(threads("use-after-free").code()).as("a fault").isEqualTo(1);
    assertThat(threads("lost-update-mutex", "--race-faults").code()).isZero();
  }

  @Test
  void helpListsEveryExampleAndTheExitCodes() {
    assertThat(ThreadsExamples.NAMES).isEqualTo(String.join(", ",
        ThreadsExamples.all().keySet()));
    Result help = threads("--help");
    assertThat(help.code()).isZero();
    String text = help.out().replaceAll("\\s+", " ");
    assertThat(text).contains("Examples: " + ThreadsExamples.NAMES + ". With no example,")
        .contains("Exit codes: 0 no run failed, 1 a run failed (a fault, a race fault, a"
            + " deadlock or a violated expectation), 2 bad usage or a class that cannot be run,"
            + " 3 an internal error.")
        .contains("--class-path DIR|JAR --program CLASS");
  }

  @Test
  void badNumbersAreRefusedInOneLine() {
    assertThat(threads("lost-update", "--steps", "-1")).isEqualTo(new Result(2, "",
        "memsim: --steps must be 1 to 10000000, not -1\n"));
    assertThat(threads("lost-update", "--steps", "2147483647")).isEqualTo(new Result(2, "",
        "memsim: --steps must be 1 to 10000000, not 2147483647\n"));
    assertThat(threads("lost-update", "--schedules", "-3")).isEqualTo(new Result(2, "",
        "memsim: --schedules must be 1 to 1000000, not -3\n"));
    Result notANumber = threads("lost-update", "--schedules", "99999999999");
    assertThat(notANumber.code()).isEqualTo(2);
    assertThat(notANumber.err()).startsWith("memsim: ").contains("--schedules")
        .doesNotContain("\tat ").endsWith("(see memsim --help)\n");
  }
}
