package io.github.memsim.concurrent;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exhaustive exploration by source-DPOR with sleep sets (Abdulla, Aronis, Jonsson and Sagonas,
 * "Optimal dynamic partial order reduction", POPL 2014, Algorithm 1).
 *
 * <p>Two schedules that order every pair of dependent steps ({@link Footprint#dependsOn}) the
 * same way are one Mazurkiewicz trace: the same steps, the same values read, the same outcome,
 * faults and races. The engine runs one schedule, then finds its races: pairs of dependent steps
 * of different threads with no step in between that orders them. For each race it makes sure
 * that some thread that can start the reversed order (an initial of the steps after the first
 * that do not depend on it, then the second) is among those to try at the state before the
 * first, and runs the deepest such try next. Sleep sets keep a thread from being tried again
 * where it would only repeat a trace already run.
 *
 * <p>Guarantee: every trace, so every outcome, failure and race that some schedule shows, is
 * shown by a run; and no two runs that reach the end are the same trace. A run may be cut short
 * when every thread that could go on is asleep (the run would repeat a trace): those are
 * counted apart ({@link Exploration#cutShort()}); with two threads there are none.
 *
 * <p>The state of the search is one node per step of the run under way: the threads that could
 * run there, those to try, and the sleeping ones with the footprint of the step each would make.
 */
final class SourceDpor {
  private final Program program;
  private final int limit;
  private final List<Node> nodes = new ArrayList<>();
  private final Tally tally = new Tally();
  /** Every run so far had the same steps per thread and no wait, spawn, yield or failure. */
  private boolean simple = true;
  private int[] stepsPerThread;

  /** A state of the run under way, before step {@code index}. */
  private static final class Node {
    long runnable;
    long backtrack;
    int chosen;
    /** The sleeping threads and the footprint of the step each would make here. */
    final Map<Integer, Footprint> sleep = new HashMap<>();

    long sleepMask() {
      long mask = 0;
      for (int thread : sleep.keySet()) {
        mask |= 1L << thread;
      }
      return mask;
    }
  }

  SourceDpor(Program program, int limit) {
    this.program = program;
    this.limit = limit;
  }

  Exploration explore() {
    int prefix = 0;
    boolean complete = false;
    while (tally.schedules + tally.cutShort < limit) {
      Chooser chooser = new Chooser(prefix);
      Run run = new Scheduler(program, chooser).run("exhaustive, source-DPOR");
      tally.add(run);
      note(chooser.trace, run);
      analyse(chooser.trace);
      prefix = next(chooser.trace);
      if (prefix < 0) {
        complete = true;
        break;
      }
    }
    String how = "every behaviour, by source-DPOR" + (complete ? ""
        : ", stopped at the limit of " + limit);
    Long plain = complete && simple ? plainCount() : null;
    return Exploration.of(program, how, tally, complete, plain);
  }

  /** Follows the nodes up to the new try, then makes new nodes. */
  private final class Chooser implements Strategy.Chooser {
    private final int prefix;
    private final Trace trace = new Trace();

    Chooser(int prefix) {
      this.prefix = prefix;
    }

    @Override
    public Trace trace() {
      return trace;
    }

    @Override
    public boolean continuesAfterFailure() {
      return true;
    }

    @Override
    public int choose(int point, int current, long runnable) {
      if (point < prefix) {
        Node node = nodes.get(point);
        if (node.runnable != runnable) {
          throw new IllegalStateException("the program " + program.name() + " is not"
              + " deterministic: at switch point " + point + " other threads can run than"
              + " in an earlier run with the same schedule");
        }
        return node.chosen;
      }
      Node node = new Node();
      node.runnable = runnable;
      if (point > 0) {
        Node parent = nodes.get(point - 1);
        Footprint made = trace.footprint(point - 1);
        parent.sleep.forEach((thread, footprint) -> {
          if (thread != parent.chosen && !footprint.dependsOn(made)) {
            node.sleep.put(thread, footprint);
          }
        });
      }
      nodes.add(node);
      long awake = runnable & ~node.sleepMask();
      if (awake == 0) {
        return -1; // every thread that could go on would repeat a trace already run
      }
      int pick = current >= 0 && (awake & (1L << current)) != 0 ? current
          : Long.numberOfTrailingZeros(awake);
      node.chosen = pick;
      node.backtrack |= 1L << pick;
      return pick;
    }
  }

  /** Keeps what the plain count needs: every run's steps per thread, if they are simple. */
  private void note(Trace trace, Run run) {
    if (!simple) {
      return;
    }
    int[] counts = new int[64];
    for (int step = 0; step < trace.size(); step++) {
      Footprint footprint = trace.footprint(step);
      if (footprint.has(Footprint.BLOCK) || footprint.has(Footprint.SPAWN)
          || footprint.has(Footprint.GLOBAL)) {
        simple = false;
        return;
      }
      counts[trace.slot(step)]++;
    }
    if (run.redundant() || run.failure().isPresent() && run.outcome().isEmpty()) {
      simple = false;
    } else if (stepsPerThread == null) {
      stepsPerThread = counts;
    } else if (!Arrays.equals(stepsPerThread, counts)) {
      simple = false;
    }
  }

  /** {@return the interleavings of the threads' steps: a multinomial coefficient, or null} */
  private Long plainCount() {
    BigInteger count = BigInteger.ONE;
    int total = 0;
    for (int steps : stepsPerThread) {
      for (int i = 1; i <= steps; i++) {
        total++;
        count = count.multiply(BigInteger.valueOf(total)).divide(BigInteger.valueOf(i));
      }
    }
    return count.bitLength() < 63 ? count.longValue() : null;
  }

  /**
   * Finds the races of the run just made and, for each, makes sure a thread that starts its
   * reversal is to be tried before the race's first step.
   */
  private void analyse(Trace trace) {
    int n = trace.size();
    int[][] clocks = new int[n][];
    int[] local = new int[n];
    int[] lastOfSlot = new int[64];
    Arrays.fill(lastOfSlot, -1);
    int[] countOfSlot = new int[64];
    List<Integer> predecessors = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      int slot = trace.slot(j);
      local[j] = ++countOfSlot[slot];
      int[] clock = new int[64];
      int before = lastOfSlot[slot];
      if (before >= 0) {
        join(clock, clocks[before]);
      }
      if (trace.spawnedBy(j) >= 0) {
        join(clock, clocks[trace.spawnedBy(j)]);
      }
      Footprint footprint = trace.footprint(j);
      predecessors.clear();
      for (int i = j - 1; i >= 0; i--) {
        if (trace.slot(i) != slot && clock[trace.slot(i)] < local[i]
            && trace.footprint(i).dependsOn(footprint)) {
          predecessors.add(i);
        }
      }
      // Latest first: an earlier dependent step ordered through a later one is no race.
      for (int i : predecessors) {
        if (clock[trace.slot(i)] >= local[i]) {
          continue;
        }
        reverse(trace, clocks, local, i, j, clock);
        join(clock, clocks[i]);
      }
      clock[slot] = local[j];
      clocks[j] = clock;
      lastOfSlot[slot] = j;
    }
  }

  private static void join(int[] into, int[] from) {
    for (int t = 0; t < 64; t++) {
      if (from[t] > into[t]) {
        into[t] = from[t];
      }
    }
  }

  /** Handles the race of step {@code i} before step {@code j} ({@code jClock}: j's so far). */
  private void reverse(Trace trace, int[][] clocks, int[] local, int i, int j, int[] jClock) {
    int iSlot = trace.slot(i);
    long initials = 0;
    long seen = 0;
    List<Integer> notAfter = new ArrayList<>();
    for (int k = i + 1; k < j; k++) {
      if (clocks[k][iSlot] >= local[i]) {
        continue; // happens after i
      }
      if (startsHere(trace, clocks[k], local, notAfter, seen, trace.slot(k))) {
        initials |= 1L << trace.slot(k);
      }
      seen |= 1L << trace.slot(k);
      notAfter.add(k);
    }
    if (startsHere(trace, jClock, local, notAfter, seen, trace.slot(j))) {
      initials |= 1L << trace.slot(j);
    }
    Node node = nodes.get(i);
    initials &= node.runnable;
    if ((initials & node.backtrack) != 0) {
      return;
    }
    if (initials == 0) {
      node.backtrack |= node.runnable; // cannot happen with a sound dependence; stay safe
      return;
    }
    long awake = initials & ~node.sleepMask();
    node.backtrack |= Long.lowestOneBit(awake != 0 ? awake : initials);
  }

  /** {@return whether a step of {@code slot} with {@code clock} has no predecessor in v} */
  private static boolean startsHere(Trace trace, int[] clock, int[] local, List<Integer> v,
      long seen, int slot) {
    if ((seen & (1L << slot)) != 0) {
      return false;
    }
    for (int k : v) {
      if (clock[trace.slot(k)] >= local[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Goes back to the deepest node with a thread still to try, putting each thread tried on the
   * way to sleep there, and {@return the length of the new prefix, or -1 when none is left}
   */
  private int next(Trace trace) {
    for (int depth = nodes.size() - 1; depth >= 0; depth--) {
      Node node = nodes.get(depth);
      if (depth < trace.size()) {
        node.sleep.put(node.chosen, trace.footprint(depth));
      }
      long candidates = node.backtrack & node.runnable & ~node.sleepMask();
      if (candidates != 0) {
        int pick = Long.numberOfTrailingZeros(candidates);
        node.chosen = pick;
        nodes.subList(depth + 1, nodes.size()).clear();
        return depth + 1;
      }
    }
    nodes.clear();
    return -1;
  }
}
