package io.github.memsim.concurrent;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How a scheduler picks the simulated thread that runs at each switch point (before every
 * memsim operation, and when a thread ends). Strategies are values; each run starts them afresh,
 * so a strategy and a program give the same run every time.
 */
public abstract sealed class Strategy permits Strategy.RoundRobin, Strategy.Random,
    Strategy.Replay, Strategy.Pct {
  /** The largest PCT depth: the priority change points are kept in an array of that size. */
  public static final int MAX_PCT_DEPTH = 10_000;

  private Strategy() {}

  /**
   * Each thread runs {@code quantum} operations, then the next runnable one in order.
   *
   * @param quantum operations per turn, at least 1
   * @return the strategy
   */
  public static Strategy roundRobin(int quantum) {
    if (quantum < 1) {
      throw new IllegalArgumentException("quantum must be at least 1, not " + quantum);
    }
    return new RoundRobin(quantum);
  }

  /**
   * At every switch point, a runnable thread chosen uniformly by a generator with this seed.
   *
   * @param seed the seed
   * @return the strategy
   */
  public static Strategy random(long seed) {
    return new Random(seed);
  }

  /**
   * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte, ASPLOS
   * 2010): each thread gets a random distinct priority, the highest-priority runnable thread
   * runs, and at {@code depth - 1} switch points chosen at random among the first {@code steps}
   * the running thread's priority drops below every other. A bug of depth {@code d} in a program
   * of {@code n} threads and {@code k} steps is found with probability at least
   * {@code 1 / (n k^(d-1))} per run.
   *
   * @param seed the seed of the priorities and change points
   * @param depth the bug depth aimed at, 1 to {@value #MAX_PCT_DEPTH}
   * @param steps the number of switch points a run is expected to have, at least 1
   * @return the strategy
   */
  public static Strategy pct(long seed, int depth, int steps) {
    if (depth < 1 || steps < 1) {
      throw new IllegalArgumentException("PCT needs a depth and steps of at least 1, not "
          + depth + " and " + steps);
    }
    if (depth > MAX_PCT_DEPTH) {
      throw new IllegalArgumentException("PCT depth must be at most " + MAX_PCT_DEPTH + ", not "
          + depth);
    }
    return new Pct(seed, depth, steps);
  }

  /**
   * The choices of a schedule that a run printed ({@link Run#schedule()}), in order. A run under
   * it refuses a schedule that does not fit the program.
   *
   * @param schedule a schedule string
   * @return the strategy
   * @throws IllegalArgumentException if the string is not a schedule
   */
  public static Strategy replay(String schedule) {
    return new Replay(Schedule.parse(schedule));
  }

  /** A strategy's state during one run (or an exploration engine's). */
  interface Chooser {
    /**
     * Picks the thread to run at switch point {@code point}.
     *
     * @param point the switch point's number, from 0
     * @param current the thread that reached it, or -1 at the start or when it has ended
     * @param runnable a bit per thread that may run
     * @return a runnable thread, or -1 to end the run as one already covered
     */
    int choose(int point, int current, long runnable);

    /** Called when the run ends with every thread finished, to check the schedule's length. */
    default void finished(int points) {}

    /** {@return a fresh trace for the scheduler to record the run's steps in, or null} */
    default Trace trace() {
      return null;
    }

    /**
     * {@return whether the other threads go on after one fails (the run still reports the
     * failure, and its schedule up to it), so that an exploration sees their later steps}
     */
    default boolean continuesAfterFailure() {
      return false;
    }
  }

  abstract Chooser start();

  static final class RoundRobin extends Strategy {
    private final int quantum;

    RoundRobin(int quantum) {
      this.quantum = quantum;
    }

    @Override
    Chooser start() {
      return new Chooser() {
        private int used;

        @Override
        public int choose(int point, int current, long runnable) {
          if (current >= 0 && (runnable & (1L << current)) != 0 && used < quantum) {
            used++;
            return current;
          }
          used = 1;
          int from = current + 1;
          for (int i = 0; i < 64; i++) {
            int candidate = (from + i) & 63;
            if ((runnable & (1L << candidate)) != 0) {
              return candidate;
            }
          }
          throw new IllegalStateException("no runnable thread");
        }
      };
    }

    @Override
    public String toString() {
      return "round-robin, quantum " + quantum;
    }
  }

  static final class Random extends Strategy {
    private final long seed;

    Random(long seed) {
      this.seed = seed;
    }

    @Override
    Chooser start() {
      SplittableRandom random = new SplittableRandom(seed);
      return (point, current, runnable) -> {
        int pick = random.nextInt(Long.bitCount(runnable));
        long bits = runnable;
        for (int i = 0; i < pick; i++) {
          bits &= bits - 1;
        }
        return Long.numberOfTrailingZeros(bits);
      };
    }

    @Override
    public String toString() {
      return "random, seed " + seed;
    }
  }

  static final class Pct extends Strategy {
    private final long seed;
    private final int depth;
    private final int steps;

    Pct(long seed, int depth, int steps) {
      this.seed = seed;
      this.depth = depth;
      this.steps = steps;
    }

    @Override
    Chooser start() {
      SplittableRandom random = new SplittableRandom(seed);
      int[] changes = new int[depth - 1];
      for (int i = 0; i < changes.length; i++) {
        changes[i] = random.nextInt(steps);
      }
      return new Chooser() {
        private int[] priority;

        @Override
        public int choose(int point, int current, long runnable) {
          if (priority == null) {
            // Distinct initial priorities depth .. depth + n - 1, in a random order.
            int threads = 64 - Long.numberOfLeadingZeros(runnable);
            priority = new int[threads];
            for (int t = 0; t < threads; t++) {
              priority[t] = depth + t;
            }
            for (int t = threads - 1; t > 0; t--) {
              int other = random.nextInt(t + 1);
              int swap = priority[t];
              priority[t] = priority[other];
              priority[other] = swap;
            }
          }
          int highest = 64 - Long.numberOfLeadingZeros(runnable);
          while (priority.length < highest) {
            // A spawned thread gets a random priority among the initial ones' range.
            int[] grown = Arrays.copyOf(priority, priority.length + 1);
            grown[priority.length] = depth + random.nextInt(priority.length + 1);
            priority = grown;
          }
          for (int i = 0; i < changes.length; i++) {
            if (changes[i] == point && current >= 0 && current < priority.length) {
              priority[current] = depth - 1 - i;
            }
          }
          int best = -1;
          for (int t = 0; t < priority.length; t++) {
            if ((runnable & (1L << t)) != 0 && (best < 0 || priority[t] > priority[best])) {
              best = t;
            }
          }
          return best;
        }
      };
    }

    @Override
    public String toString() {
      return "PCT, seed " + seed + ", depth " + depth + ", " + steps + " steps";
    }
  }

  static final class Replay extends Strategy {
    private final List<Integer> choices;

    Replay(List<Integer> choices) {
      this.choices = Objects.requireNonNull(choices);
    }

    @Override
    Chooser start() {
      return new Chooser() {
        @Override
        public int choose(int point, int current, long runnable) {
          if (point >= choices.size()) {
            throw new ScheduleMismatchException("the schedule ends after " + choices.size()
                + " choices, but the program has more switch points");
          }
          int chosen = choices.get(point);
          if (chosen >= 64 || (runnable & (1L << chosen)) == 0) {
            throw new ScheduleMismatchException("choice " + (point + 1) + " of the schedule is"
                + " thread " + chosen + ", which cannot run there");
          }
          return chosen;
        }

        @Override
        public void finished(int points) {
          if (points != choices.size()) {
            throw new ScheduleMismatchException("the program ended after " + points
                + " choices, but the schedule has " + choices.size());
          }
        }
      };
    }

    @Override
    public String toString() {
      return "replay of " + Schedule.format(choices);
    }
  }
}
