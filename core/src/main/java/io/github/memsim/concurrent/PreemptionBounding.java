package io.github.memsim.concurrent;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The plain enumeration of schedules, ordered by preemptions after CHESS's iterative context
 * bounding (Musuvathi and Qadeer, PLDI 2007): first every schedule with no preemption, then
 * every one with exactly one, and so on, up to the bound or the limit. A preemption is a switch
 * away from a thread that could have gone on; switches where the running thread waits or ends
 * are free, and every choice there is tried in each round.
 *
 * <p>A run follows its prefix of choices, then lets the running thread go on (or the
 * lowest-numbered runnable one). Each schedule has one parent: the same schedule with its last
 * choice that differs from that default made the default way; so each run yields its children
 * by changing one default choice after its prefix, into the same round (a free switch) or the
 * next (a preemption), and every schedule runs once. Within a budget, bugs that need few
 * preemptions, which are most (CHESS found them all within two), are found first, where a
 * depth-first search spends the budget on the last switch points of the first schedule.
 */
final class PreemptionBounding {
  private final Program program;
  private final int bound;
  private final int limit;

  PreemptionBounding(Program program, int bound, int limit) {
    this.program = program;
    this.bound = bound;
    this.limit = limit;
  }

  Exploration explore() {
    Tally tally = new Tally();
    Deque<int[]> round = new ArrayDeque<>();
    Deque<int[]> nextRound = new ArrayDeque<>();
    round.push(new int[0]);
    int preemptions = 0;
    boolean leftOut = false;
    while (true) {
      while (!round.isEmpty() && tally.schedules < limit) {
        int[] prefix = round.pop();
        Follower follower = new Follower(prefix);
        tally.add(new Scheduler(program, follower).run("exhaustive"));
        // Same-round children go on a stack, the earliest switch point on top; next-round
        // ones queue in order, so that each round tries the earliest switch points first.
        Deque<int[]> sameRound = new ArrayDeque<>();
        for (int point = prefix.length; point < follower.count; point++) {
          long others = follower.runnables[point] & ~(1L << follower.chosen[point]);
          for (int thread = 0; thread < 64; thread++) {
            if ((others & (1L << thread)) == 0) {
              continue;
            }
            int[] child = Arrays.copyOf(follower.chosen, point + 1);
            child[point] = thread;
            int from = follower.from[point];
            boolean preempts = from >= 0 && (follower.runnables[point] & (1L << from)) != 0;
            if (!preempts && round.size() + sameRound.size() < limit) {
              sameRound.push(child);
            } else if (!preempts) {
              leftOut = true;
            } else if (bound >= 0 && preemptions + 1 > bound) {
              leftOut = true;
            } else if (nextRound.size() < limit) {
              nextRound.addLast(child);
            } else {
              leftOut = true;
            }
          }
        }
        while (!sameRound.isEmpty()) {
          round.push(sameRound.pop());
        }
      }
      if (tally.schedules >= limit && (!round.isEmpty() || !nextRound.isEmpty())) {
        leftOut = true;
        break;
      }
      if (nextRound.isEmpty()) {
        break;
      }
      preemptions++;
      while (!nextRound.isEmpty()) {
        round.addLast(nextRound.pollFirst());
      }
    }
    String how = "every schedule" + (bound < 0 ? "" : " with at most " + bound
        + " preemptions") + (tally.schedules >= limit && leftOut
        ? ", stopped at the limit of " + limit + " in the round of " + preemptions
        + (preemptions == 1 ? " preemption" : " preemptions") : "");
    Long plain = leftOut ? null : (long) tally.schedules;
    return Exploration.of(program, how, tally, !leftOut, plain);
  }

  /** Follows a prefix, then goes on by default, noting every choice point. */
  private static final class Follower implements Strategy.Chooser {
    private final int[] prefix;
    private int[] chosen = new int[64];
    private int[] from = new int[64];
    private long[] runnables = new long[64];
    private int count;

    Follower(int[] prefix) {
      this.prefix = prefix;
    }

    @Override
    public int choose(int point, int current, long runnable) {
      int pick = point < prefix.length ? prefix[point]
          : current >= 0 && (runnable & (1L << current)) != 0 ? current
          : Long.numberOfTrailingZeros(runnable);
      if (count == chosen.length) {
        chosen = Arrays.copyOf(chosen, count * 2);
        from = Arrays.copyOf(from, count * 2);
        runnables = Arrays.copyOf(runnables, count * 2);
      }
      chosen[count] = pick;
      from[count] = current;
      runnables[count] = runnable;
      count++;
      return pick;
    }
  }
}
