package io.github.memsim.concurrent;

import java.util.Arrays;

/**
 * What one step of a run touched, for deciding which steps are dependent: the byte ranges it
 * read and wrote in simulated memory (every origin: the program's, the allocator's, a frame's
 * linkage), the scheduler's own places it read or wrote (what a thread waits for, a thread's
 * end), and flags for what touches shared bookkeeping that is not in simulated memory (heap
 * calls, spawns, blocking, thread ends).
 *
 * <p>Two steps of different threads are dependent when swapping them could change what either
 * does or what the run ends with: overlapping bytes with at least one write, the same scheduler
 * place with at least one write (a wait and the wake at the same address, a thread's end and a
 * join of it, a thread's end and a spawn that looked at its slot), two heap calls (the
 * allocator's choices depend on their order), two spawns (the new threads' numbers and stacks
 * do), and a failing or yielding step with anything. Nothing else: a dependence that is not
 * real (two waits, say) would make the reduction keep orders that do not matter.
 */
final class Footprint {
  /** A heap call: dependent with every other heap call. */
  static final int HEAP = 1;
  /** A spawn: dependent with every other spawn (the model numbers threads in spawn order). */
  static final int SPAWN = 2;
  /** A thread's last step (its slot is a scheduler place it writes). */
  static final int END = 4;
  /** A step that stopped being runnable (what it waits at is a scheduler place it writes). */
  static final int BLOCK = 8;
  /** A failing step, a yield, or a step resumed after a yield: dependent with everything. */
  static final int GLOBAL = 16;

  private static final long[] NONE = new long[0];

  /** Ranges as triples: first byte, byte after the last, 1 if written. */
  private long[] ranges = NONE;
  private int rangeCount;
  /** Scheduler places as pairs: the key, 1 if written. */
  private long[] keys = NONE;
  private int keyCount;
  private int flags;

  void access(long address, long length, boolean write) {
    long end = address + length;
    if (rangeCount > 0) {
      int last = (rangeCount - 1) * 3;
      // Accesses come in runs over neighbouring bytes (a calloc's zeroing, a struct's fields).
      if (ranges[last + 2] == (write ? 1 : 0) && ranges[last + 1] == address) {
        ranges[last + 1] = end;
        return;
      }
    }
    if ((rangeCount + 1) * 3 > ranges.length) {
      ranges = Arrays.copyOf(ranges, Math.max(12, ranges.length * 2));
    }
    int at = rangeCount * 3;
    ranges[at] = address;
    ranges[at + 1] = end;
    ranges[at + 2] = write ? 1 : 0;
    rangeCount++;
  }

  void key(long key, boolean write) {
    for (int i = 0; i < keyCount; i++) {
      if (keys[2 * i] == key) {
        keys[2 * i + 1] |= write ? 1 : 0;
        return;
      }
    }
    if ((keyCount + 1) * 2 > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(8, keys.length * 2));
    }
    keys[2 * keyCount] = key;
    keys[2 * keyCount + 1] = write ? 1 : 0;
    keyCount++;
  }

  void flag(int flag) {
    flags |= flag;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** {@return whether swapping a step with this footprint and one with {@code other} matters} */
  boolean dependsOn(Footprint other) {
    int mine = flags;
    int theirs = other.flags;
    if (((mine | theirs) & GLOBAL) != 0 || (mine & theirs & (HEAP | SPAWN)) != 0) {
      return true;
    }
    for (int i = 0; i < keyCount; i++) {
      for (int j = 0; j < other.keyCount; j++) {
        if (keys[2 * i] == other.keys[2 * j]
            && (keys[2 * i + 1] | other.keys[2 * j + 1]) != 0) {
          return true;
        }
      }
    }
    for (int i = 0; i < rangeCount * 3; i += 3) {
      for (int j = 0; j < other.rangeCount * 3; j += 3) {
        if (ranges[i] < other.ranges[j + 1] && other.ranges[j] < ranges[i + 1]
            && (ranges[i + 2] | other.ranges[j + 2]) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("footprint");
    for (int i = 0; i < rangeCount * 3; i += 3) {
      out.append(ranges[i + 2] == 1 ? " w[" : " r[").append(Long.toHexString(ranges[i]))
          .append(',').append(Long.toHexString(ranges[i + 1])).append(')');
    }
    for (int i = 0; i < keyCount; i++) {
      out.append(keys[2 * i + 1] == 1 ? " wk" : " rk").append(keys[2 * i]);
    }
    return out.append(" flags ").append(flags).toString();
  }
}
