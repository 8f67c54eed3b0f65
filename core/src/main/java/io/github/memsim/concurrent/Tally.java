package io.github.memsim.concurrent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an exploration has seen so far, in a size that does not grow with the runs: each
 * outcome with its count and first schedule, the first failing run of each kind with the
 * kind's count (a run keeps its whole model, so keeping every failing run would not fit), and
 * each race with its count, first report and first schedule.
 */
final class Tally {
  /** Numbers in a message: op numbers, addresses and sizes differ between runs of one kind. */
  private static final Pattern NUMBERS = Pattern.compile("0x[0-9a-f]+|[0-9]+");

  final Map<String, Integer> outcomes = new TreeMap<>();
  final Map<String, String> outcomeSchedules = new TreeMap<>();
  final Map<String, Run> failures = new LinkedHashMap<>();
  final Map<String, Integer> failureCounts = new LinkedHashMap<>();
  final Map<String, Integer> races = new LinkedHashMap<>();
  final Map<String, String> raceMessages = new LinkedHashMap<>();
  final Map<String, String> raceSchedules = new LinkedHashMap<>();
  int schedules;
  int failed;
  int cutShort;

  void add(Run run) {
    if (run.redundant()) {
      cutShort++;
      return;
    }
    schedules++;
    for (RaceDetector.Race race : run.races()) {
      races.merge(race.key(), 1, Integer::sum);
      raceMessages.putIfAbsent(race.key(), race.message());
      raceSchedules.putIfAbsent(race.key(), run.schedule());
    }
    run.outcome().ifPresent(outcome -> {
      outcomes.merge(outcome, 1, Integer::sum);
      outcomeSchedules.putIfAbsent(outcome, run.schedule());
    });
    if (run.failure().isPresent()) {
      failed++;
      String kind = kind(run);
      failures.putIfAbsent(kind, run);
      failureCounts.merge(kind, 1, Integer::sum);
    }
  }

  /**
   * {@return the kind of a failing run: who failed, with what, and the message with its
   * numbers left out}
   */
  static String kind(Run run) {
    Throwable failure = run.failure().orElseThrow();
    String message = String.valueOf(failure.getMessage());
    return run.failedThread().orElse("?") + ": " + failure.getClass().getSimpleName() + ": "
        + NUMBERS.matcher(message).replaceAll("#");
  }
}
