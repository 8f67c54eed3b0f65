package io.github.memsim.concurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Many runs of one program: how many schedules ran, which outcomes they reported, how often and
 * the first schedule of each (to replay), the first failing run of each kind with the count of
 * failing runs, and the data races.
 *
 * <p>Exhaustive exploration runs by default one schedule per distinct behaviour
 * ({@link Reduction#DPOR}): two schedules that order every pair of dependent steps the same way
 * (steps of different threads that touch the same bytes with at least one write, heap calls,
 * synchronization on the same object, spawns and joins) are one behaviour, a Mazurkiewicz trace,
 * with the same outcome, faults and races. Every outcome, failure and race that any schedule
 * shows is shown by some run; {@link #complete()} says whether the exploration got to the end.
 *
 * <pre>{@code
 * Program lostUpdate = Program.builder("lost update")
 *     .setup(main -> main.calloc(1, 8))
 *     .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
 *     .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
 *     .outcome((main, p) -> main.readLong((Pointer) p))
 *     .build();
 * Exploration reduced = Exploration.exhaustive(lostUpdate, -1, 1_000);
 * Exploration plain = Exploration.exhaustive(lostUpdate, -1, 1_000, Reduction.NONE);
 * System.out.println(reduced.schedules() + " of " + plain.schedules());   // 4 of 6
 * String replay = reduced.outcomeSchedules().get("1");
 * System.out.println(Run.of(lostUpdate, Strategy.replay(replay)).outcome().orElseThrow());  // 1
 * }</pre>
 */
public final class Exploration {
  private final String program;
  private final String how;
  private final int schedules;
  private final int cutShort;
  private final boolean complete;
  private final Long plainSchedules;
  private final Map<String, Integer> outcomes;
  private final Map<String, String> outcomeSchedules;
  private final List<Run> failures;
  private final Map<String, Integer> failureKinds;
  private final int failed;
  private final Map<String, Integer> races;
  private final Map<String, String> raceMessages;
  private final Map<String, String> raceSchedules;

  private Exploration(String program, String how, Tally tally, boolean complete,
      Long plainSchedules) {
    this.program = program;
    this.how = how;
    this.schedules = tally.schedules;
    this.cutShort = tally.cutShort;
    this.complete = complete;
    this.plainSchedules = plainSchedules;
    this.outcomes = tally.outcomes;
    this.outcomeSchedules = tally.outcomeSchedules;
    this.failures = List.copyOf(new ArrayList<>(tally.failures.values()));
    this.failureKinds = new LinkedHashMap<>(tally.failureCounts);
    this.failed = tally.failed;
    this.races = tally.races;
    this.raceMessages = tally.raceMessages;
    this.raceSchedules = tally.raceSchedules;
  }

  static Exploration of(Program program, String how, Tally tally, boolean complete,
      Long plainSchedules) {
    return new Exploration(program.name(), how, tally, complete, plainSchedules);
  }

  /**
   * Runs the program under {@code schedules} random strategies, with seeds {@code seed},
   * {@code seed + 1}, ...
   *
   * @param program the program
   * @param seed the first seed
   * @param schedules how many runs, at least 1
   * @return the exploration
   */
  public static Exploration random(Program program, long seed, int schedules) {
    Objects.requireNonNull(program, "program");
    if (schedules < 1) {
      throw new IllegalArgumentException("schedules must be at least 1, not " + schedules);
    }
    Tally tally = new Tally();
    for (int i = 0; i < schedules; i++) {
      tally.add(Run.of(program, Strategy.random(seed + i)));
    }
    return of(program, schedules + " random schedules from seed " + seed, tally, false, null);
  }

  /**
   * Runs the program under {@code schedules} PCT strategies ({@link Strategy#pct}) with seeds
   * {@code seed}, {@code seed + 1}, ...
   *
   * @param program the program
   * @param seed the first seed
   * @param depth the bug depth aimed at
   * @param steps the switch points a run is expected to have
   * @param schedules how many runs, at least 1
   * @return the exploration
   */
  public static Exploration pct(Program program, long seed, int depth, int steps,
      int schedules) {
    Objects.requireNonNull(program, "program");
    if (schedules < 1) {
      throw new IllegalArgumentException("schedules must be at least 1, not " + schedules);
    }
    Strategy.pct(seed, depth, steps); // checks the arguments before any run
    Tally tally = new Tally();
    for (int i = 0; i < schedules; i++) {
      tally.add(Run.of(program, Strategy.pct(seed + i, depth, steps)));
    }
    return of(program, schedules + " PCT schedules of depth " + depth + " from seed " + seed,
        tally, false, null);
  }

  /**
   * Runs the program under every distinct behaviour ({@link Reduction#DPOR}), or, with a
   * preemption bound, every schedule with at most that many preemptions.
   *
   * @param program the program
   * @param bound the most preemptions per schedule, or -1 for no bound
   * @param limit the most schedules to run, at least 1
   * @return the exploration; {@link #schedules()} says how many ran
   * @see #exhaustive(Program, int, int, Reduction)
   */
  public static Exploration exhaustive(Program program, int bound, int limit) {
    return exhaustive(program, bound, limit, Reduction.DPOR);
  }

  /**
   * Runs the program under every schedule that the reduction keeps.
   * <ul>
   *   <li>With no bound ({@code -1}) and {@link Reduction#DPOR}: one schedule per distinct
   *       behaviour, by source-DPOR with sleep sets (see {@link Reduction#DPOR}): every outcome,
   *       failure and race of any schedule is found, and no two runs that reach the end are the
   *       same behaviour.</li>
   *   <li>With {@link Reduction#NONE}, or with a bound: every schedule (with at most
   *       {@code bound} preemptions, switches away from a thread that could have gone on),
   *       ordered by preemptions: all with none, then all with one, and so on (iterative
   *       preemption bounding, after CHESS), so that a budget too small for the whole program
   *       still covers the schedules with few preemptions.</li>
   * </ul>
   *
   * @param program the program
   * @param bound the most preemptions per schedule, or -1 for no bound
   * @param limit the most schedules to run, at least 1
   * @param reduction how schedules that repeat a behaviour are left out, without a bound
   * @return the exploration; {@link #schedules()} says how many ran, {@link #complete()}
   *     whether it covered every behaviour
   * @throws IllegalArgumentException if {@code bound < -1} or {@code limit < 1}
   */
  public static Exploration exhaustive(Program program, int bound, int limit,
      Reduction reduction) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(reduction, "reduction");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    if (bound < -1) {
      throw new IllegalArgumentException("preemption bound must be -1 (no bound) or at least 0,"
          + " not " + bound);
    }
    if (bound < 0 && reduction == Reduction.DPOR) {
      return new SourceDpor(program, limit).explore();
    }
    return new PreemptionBounding(program, bound, limit).explore();
  }

  /** {@return the program's name} */
  public String program() {
    return program;
  }

  /** {@return how the schedules were chosen, in words} */
  public String how() {
    return how;
  }

  /** {@return how many schedules ran to their end (or their failure)} */
  public int schedules() {
    return schedules;
  }

  /**
   * {@return how many runs source-DPOR cut short because every thread that could go on would
   * only repeat a behaviour already run (its known excess over one run per behaviour)}
   */
  public int cutShort() {
    return cutShort;
  }

  /**
   * {@return whether every behaviour was covered: an exhaustive exploration that ended before
   * its limit, with no preemption bound that left schedules out (random and PCT: false)}
   */
  public boolean complete() {
    return complete;
  }

  /**
   * {@return how many schedules the plain enumeration ({@link Reduction#NONE}) runs, where that
   * is cheap to know: after a plain exploration that completed, or after a reduced one whose
   * runs all made the same steps per thread with no wait, spawn or failure (the multinomial of
   * the steps); empty otherwise}
   */
  public OptionalLong plainSchedules() {
    return plainSchedules == null ? OptionalLong.empty() : OptionalLong.of(plainSchedules);
  }

  /** {@return each outcome reported and by how many schedules, in the outcomes' order} */
  public Map<String, Integer> outcomes() {
    return outcomes;
  }

  /**
   * {@return each outcome and the first schedule that reported it, to
   * {@linkplain Strategy#replay replay}}
   */
  public Map<String, String> outcomeSchedules() {
    return outcomeSchedules;
  }

  /**
   * {@return the first failing run of each kind (who failed, with what, the message without
   * its numbers), in the order first seen}
   */
  public List<Run> failures() {
    return failures;
  }

  /** {@return each kind of failure (see {@link #failures()}) with its count of runs} */
  public Map<String, Integer> failureKinds() {
    return failureKinds;
  }

  /** {@return how many runs failed} */
  public int failed() {
    return failed;
  }

  /**
   * {@return the data races found, one per pair of places (see {@link RaceDetector.Race#key()}),
   * with how many schedules showed each, in the order first found}
   */
  public Map<String, Integer> races() {
    return races;
  }

  /**
   * {@return the report of a race as first seen}
   *
   * @param key a key of {@link #races()}
   */
  public String raceReport(String key) {
    return raceMessages.get(key);
  }

  /**
   * {@return the first schedule that showed a race}
   *
   * @param key a key of {@link #races()}
   */
  public Optional<String> raceSchedule(String key) {
    return Optional.ofNullable(raceSchedules.get(key));
  }

  /** {@return the first run that failed, to replay} */
  public Optional<Run> firstFailure() {
    return failures.stream().findFirst();
  }

  /**
   * {@return a few lines: schedules, outcomes with counts and a schedule each, races, failures
   * and the first to replay}
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(program).append(": ").append(schedules).append(" schedules (").append(how);
    if (cutShort > 0) {
      out.append("; ").append(cutShort).append(" more cut short");
    }
    if (plainSchedules != null && !how.startsWith("every schedule")) {
      out.append("; the plain enumeration runs ").append(plainSchedules);
    }
    out.append(")\n");
    outcomes.forEach((outcome, times) -> out.append("  outcome ").append(outcome).append(": ")
        .append(times).append(times == 1 ? " schedule" : " schedules").append("; replay with ")
        .append(outcomeSchedules.get(outcome)).append('\n'));
    races.forEach((key, times) -> out.append("  ").append(raceMessages.get(key)).append(" (")
        .append(times).append(times == 1 ? " schedule" : " schedules").append("; replay with ")
        .append(raceSchedules.get(key)).append(")\n"));
    if (!failures.isEmpty()) {
      Run first = failures.get(0);
      out.append("  failed: ").append(failed).append(failed == 1 ? " schedule"
          : " schedules");
      if (failures.size() > 1) {
        out.append(" of ").append(failures.size()).append(" kinds");
      }
      out.append("; first: ").append(first.failedThread().orElse("?"))
          .append(": ").append(first.failure().map(Throwable::getMessage).orElse(""))
          .append("\n  replay with schedule ").append(first.schedule()).append('\n');
    }
    return out.toString();
  }
}
