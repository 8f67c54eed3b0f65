package io.github.memsim.concurrent;

import io.github.memsim.MemoryModel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a {@link Program} under a {@link Strategy}: exactly one simulated thread runs at a
 * time, and the strategy picks which at every switch point (the scheduler that does it is
 * package-private). The run records the schedule it followed, up to its failure if it failed;
 * {@link Strategy#replay} of it gives the same run again: the same addresses, values, faults
 * and outcome.
 */
public final class Run {
  private final String program;
  private final String strategy;
  private final String schedule;
  private final int switchPoints;
  private final String outcome;
  private final Throwable failure;
  private final String failedThread;
  private final MemoryModel model;
  private final List<RaceDetector.Race> races;
  private final RaceDetector detector;
  private final boolean redundant;

  Run(String program, String strategy, String schedule, int switchPoints, String outcome,
      Throwable failure, String failedThread, MemoryModel model, RaceDetector detector,
      List<RaceDetector.Race> races, boolean redundant) {
    this.program = program;
    this.strategy = strategy;
    this.schedule = schedule;
    this.switchPoints = switchPoints;
    this.outcome = outcome;
    this.failure = failure;
    this.failedThread = failedThread;
    this.model = model;
    this.races = races;
    this.detector = detector;
    this.redundant = redundant;
  }

  /** {@return whether an exploration cut the run short as one it had already covered} */
  boolean redundant() {
    return redundant;
  }

  RaceDetector detector() {
    return detector;
  }

  /**
   * Runs a program once.
   *
   * @param program the program
   * @param strategy how threads are picked
   * @return the run
   * @throws ScheduleMismatchException if a replayed schedule does not fit the program
   */
  public static Run of(Program program, Strategy strategy) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(strategy, "strategy");
    return new Scheduler(program, strategy.start()).run(strategy.toString());
  }

  /** {@return the program's name} */
  public String program() {
    return program;
  }

  /** {@return the strategy, in words} */
  public String strategy() {
    return strategy;
  }

  /** {@return the schedule followed, for {@link Strategy#replay}: e.g. {@code 0x3.1x2.0}} */
  public String schedule() {
    return schedule;
  }

  /** {@return the switch points the run went through} */
  public int switchPoints() {
    return switchPoints;
  }

  /**
   * {@return the outcome the program reported: absent when a thread failed, present when the
   * outcome broke an expectation}
   */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** {@return what a thread threw (a fault, a failed assertion), if one did} */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@return the thread that threw, if one did} */
  public Optional<String> failedThread() {
    return Optional.ofNullable(failedThread);
  }

  /** {@return the data races this run showed (up to its failure), one per pair of places} */
  public List<RaceDetector.Race> races() {
    return races;
  }

  /** {@return the model the run used, as the run left it} */
  public MemoryModel model() {
    return model;
  }

  /** {@return e.g. "lost update: outcome 1 (schedule 1.0x3.1x4)"} */
  @Override
  public String toString() {
    return program + ": " + (failure == null ? "outcome " + outcome
        : failedThread + " failed: " + failure.getMessage()) + " (schedule " + schedule + ")";
  }
}
