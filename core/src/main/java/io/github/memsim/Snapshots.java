package io.github.memsim;

/**
 * Snapshot and restore of a model's whole state: it gathers what puts back each part (the
 * threads with their stacks, the heap with its allocator and live blocks, the pointer tags, the
 * counters and the op clock) into one action that a restore runs. Memory pages are shared copy
 * on write, so a snapshot costs the bookkeeping kept in Java, not the bytes. Callers hold the
 * model's lock.
 */
final class Snapshots {
  private final Heap heap;
  private final Events events;
  private final PointerTags pointerTags;
  private final ThreadTable threads;

  Snapshots(Heap heap, Events events, PointerTags pointerTags, ThreadTable threads) {
    this.heap = heap;
    this.events = events;
    this.pointerTags = pointerTags;
    this.threads = threads;
  }

  /**
   * {@return what puts the whole state back as it is now}
   *
   * @throws UnsupportedOperationException if the allocator cannot save its state
   */
  Runnable save() {
    Runnable heapState = heap.save();
    Runnable counts = events.counters.save();
    Runnable tags = pointerTags.save();
    Runnable threadStates = threads.save(events.counters.operations);
    return () -> {
      threadStates.run();
      heapState.run();
      tags.run();
      counts.run();
    };
  }
}
