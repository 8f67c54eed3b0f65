package io.github.memsim.cost;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The records a {@link CacheSimulator} keeps of lines that threads shared. */
final class Coherence {
  private Coherence() {}

  /**
   * Whether some line is modified in the private caches of two threads at once: MESI never
   * allows it. For tests.
   */
  static boolean twoModifiedCopies(SetCache[][] privateCaches) {
    Map<Long, Integer> owner = new HashMap<>();
    for (int thread = 0; thread < privateCaches.length; thread++) {
      for (SetCache cache : privateCaches[thread]) {
        for (long line : cache.lines()) {
          if (line >= 0 && cache.holdsDirty(line)) {
            Integer before = owner.putIfAbsent(line, thread);
            if (before != null && before != thread) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Whether another thread's private levels hold the line: prefetching leaves it to MESI. */
  static boolean heldByOthers(SetCache[][] privateCaches, int thread, long line) {
    for (int other = 0; other < privateCaches.length; other++) {
      if (other != thread) {
        for (SetCache cache : privateCaches[other]) {
          if (cache.find(line) >= 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * A line some threads lost to others' stores and have not missed on since: per victim, who
   * wrote it and which bytes since that victim lost it.
   */
  static final class Pending {
    final int lineSize;
    long victims;
    long[] writers = new long[0];
    ByteMask[] written = new ByteMask[0];

    Pending(int lineSize) {
      this.lineSize = lineSize;
    }

    /** Thread {@code victim} just lost the line to {@code writer}'s store. */
    void lose(int victim, int writer) {
      if (victim >= written.length) {
        written = Arrays.copyOf(written, victim + 1);
        writers = Arrays.copyOf(writers, victim + 1);
      }
      if ((victims & (1L << victim)) == 0) {
        victims |= 1L << victim;
        written[victim] = new ByteMask(lineSize);
        writers[victim] = 0;
      }
      writers[victim] |= 1L << writer;
    }

    /** Thread {@code writer} stored bytes {@code [from, to)}: every other victim sees them. */
    void written(int writer, int from, int to) {
      for (int victim = 0; victim < written.length; victim++) {
        if (victim != writer && (victims & (1L << victim)) != 0) {
          written[victim].or(from, to);
          writers[victim] |= 1L << writer;
        }
      }
    }
  }

  record SharingKey(long line, boolean falseSharing, int victim) {}

  static final class SharingTally {
    long misses;
    long writers;
    final ByteMask victimBytes;
    final ByteMask writtenBytes;

    SharingTally(int lineSize) {
      victimBytes = new ByteMask(lineSize);
      writtenBytes = new ByteMask(lineSize);
    }
  }
}
