package io.github.memsim.concurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Many runs of one program: how many schedules ran, which outcomes they reported and how often,
 * and the runs that failed, with the first to replay.
 */
public final class Exploration {
  private final String program;
  private final String how;
  private final int schedules;
  private final Map<String, Integer> outcomes;
  private final List<Run> failures;
  private final Map<String, Integer> races;
  private final Map<String, String> raceMessages;

  private Exploration(String program, String how, int schedules, Map<String, Integer> outcomes,
      List<Run> failures, Map<String, Integer> races, Map<String, String> raceMessages) {
    this.program = program;
    this.how = how;
    this.schedules = schedules;
    this.outcomes = outcomes;
    this.failures = List.copyOf(failures);
    this.races = races;
    this.raceMessages = raceMessages;
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
    return tally.result(program, schedules + " random schedules from seed " + seed);
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
    Tally tally = new Tally();
    for (int i = 0; i < schedules; i++) {
      tally.add(Run.of(program, Strategy.pct(seed + i, depth, steps)));
    }
    return tally.result(program, schedules + " PCT schedules of depth " + depth + " from seed "
        + seed);
  }

  /**
   * Runs the program under every schedule: at each switch point, every thread that can run. A
   * thread keeps running by default; with a preemption bound, schedules that switch away from a
   * thread that could have gone on more than {@code bound} times are left out.
   *
   * @param program the program
   * @param bound the most preemptions per schedule, or -1 for no bound
   * @param limit the most schedules to run, at least 1
   * @return the exploration; {@link #schedules()} says how many ran
   */
  public static Exploration exhaustive(Program program, int bound, int limit) {
    Objects.requireNonNull(program, "program");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    Tally tally = new Tally();
    List<Integer> prefix = new ArrayList<>();
    int runs = 0;
    while (runs < limit) {
      Strategy.Prefix strategy = new Strategy.Prefix(prefix);
      Run run = Run.of(program, strategy);
      tally.add(run);
      runs++;
      prefix = strategy.nextPrefix(bound);
      if (prefix == null) {
        break;
      }
    }
    return tally.result(program, "every schedule" + (bound < 0 ? "" : " with at most " + bound
        + " preemptions") + (runs == limit && prefix != null ? ", stopped at the limit of "
        + limit : ""), runs);
  }

  /** {@return the program's name} */
  public String program() {
    return program;
  }

  /** {@return how the schedules were chosen, in words} */
  public String how() {
    return how;
  }

  /** {@return how many schedules ran} */
  public int schedules() {
    return schedules;
  }

  /** {@return each outcome reported and by how many schedules, in the outcomes' order} */
  public Map<String, Integer> outcomes() {
    return outcomes;
  }

  /** {@return the runs that failed, in the order they ran} */
  public List<Run> failures() {
    return failures;
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

  /** {@return the first run that failed, to replay} */
  public Optional<Run> firstFailure() {
    return failures.stream().findFirst();
  }

  /** {@return a few lines: schedules, outcomes with counts, failures and the first to replay} */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(program).append(": ").append(schedules).append(" schedules (").append(how)
        .append(")\n");
    outcomes.forEach((outcome, times) -> out.append("  outcome ").append(outcome).append(": ")
        .append(times).append(times == 1 ? " schedule" : " schedules").append('\n'));
    races.forEach((key, times) -> out.append("  ").append(raceMessages.get(key)).append(" (")
        .append(times).append(times == 1 ? " schedule)" : " schedules)").append('\n'));
    if (!failures.isEmpty()) {
      Run first = failures.get(0);
      out.append("  failed: ").append(failures.size()).append(failures.size() == 1 ? " schedule"
          : " schedules").append("; first: ").append(first.failedThread().orElse("?"))
          .append(": ").append(first.failure().map(Throwable::getMessage).orElse(""))
          .append("\n  replay with schedule ").append(first.schedule()).append('\n');
    }
    return out.toString();
  }

  private static final class Tally {
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<Run> failures = new ArrayList<>();
    private final Map<String, Integer> races = new LinkedHashMap<>();
    private final Map<String, String> raceMessages = new LinkedHashMap<>();

    void add(Run run) {
      for (RaceDetector.Race race : run.races()) {
        races.merge(race.key(), 1, Integer::sum);
        raceMessages.putIfAbsent(race.key(), race.message());
      }
      if (run.failure().isPresent()) {
        failures.add(run);
      } else {
        outcomes.merge(run.outcome().orElse(""), 1, Integer::sum);
      }
    }

    Exploration result(Program program, String how) {
      return result(program, how, outcomes.values().stream().mapToInt(Integer::intValue).sum()
          + failures.size());
    }

    Exploration result(Program program, String how, int schedules) {
      return new Exploration(program.name(), how, schedules, outcomes, failures, races,
          raceMessages);
    }
  }
}
