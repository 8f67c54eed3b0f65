package io.github.memsim.concurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of one run as an exploration sees them: a step is what the thread chosen at a
 * switch point did until the next one, and the trace keeps, per step, that thread's slot, the
 * threads that could have run instead, what the step touched ({@link Footprint}), and the step
 * that spawned the thread when it is the thread's first.
 */
final class Trace {
  private int[] slots = new int[64];
  private long[] runnables = new long[64];
  private int[] spawnedBy = new int[64];
  private final List<Footprint> footprints = new ArrayList<>();
  /** Per slot, the step that spawned the thread now in it, until that thread's first step. */
  private final int[] pendingSpawn = new int[64];

  Trace() {
    Arrays.fill(pendingSpawn, -1);
  }

  /** Starts the step that a choice of {@code slot} among {@code runnable} begins. */
  void begin(int slot, long runnable) {
    int step = footprints.size();
    if (step == slots.length) {
      slots = Arrays.copyOf(slots, step * 2);
      runnables = Arrays.copyOf(runnables, step * 2);
      spawnedBy = Arrays.copyOf(spawnedBy, step * 2);
    }
    slots[step] = slot;
    runnables[step] = runnable;
    spawnedBy[step] = pendingSpawn[slot];
    pendingSpawn[slot] = -1;
    footprints.add(new Footprint());
  }

  /** {@return the footprint of the step under way, or null before the first} */
  Footprint current() {
    return footprints.isEmpty() ? null : footprints.get(footprints.size() - 1);
  }

  /** Notes that the step under way spawned the thread now in {@code slot}. */
  void spawned(int slot) {
    pendingSpawn[slot] = footprints.size() - 1;
  }

  int size() {
    return footprints.size();
  }

  int slot(int step) {
    return slots[step];
  }

  long runnable(int step) {
    return runnables[step];
  }

  Footprint footprint(int step) {
    return footprints.get(step);
  }

  /** {@return the step that spawned the thread whose first step {@code step} is, or -1} */
  int spawnedBy(int step) {
    return spawnedBy[step];
  }
}
