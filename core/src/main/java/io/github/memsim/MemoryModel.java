package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.internal.Text;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated process's memory: one stack per thread, a heap shared by all threads and managed
 * by a pluggable allocator, and the address space they live in.
 *
 * <pre>{@code
 * MemoryModel model = MemoryModel.builder()
 *     .allocator(Allocators.bestFit())
 *     .heapLimit(16 << 20)
 *     .stackSize(64 << 10)
 *     .build();
 * ThreadContext main = model.mainThread();
 * Pointer p = main.malloc(24);
 * }</pre>
 *
 * <p>A model is safe to use from several Java threads at once, each driving its own
 * {@link ThreadContext}. One lock serialises every operation of every thread, so every run of
 * the same operations in the same order gives the same addresses, statistics and faults. An
 * operation first checks everything that could make it fail, then changes state, then takes
 * the next op number; a rejected operation therefore changes nothing, not even the op counter.
 *
 * <p>The model is a façade: its builder makes the package-private collaborators that do the
 * work (the thread table, the address map and its provenance checks, the heap, snapshot and
 * restore, the state digest; see {@link ModelParts}) and hands them to it.
 */
public final class MemoryModel {
  /** The most threads a model holds: thread indices are packed into 16 bits, one reserved. */
  public static final int MAX_THREADS = Block.RESET;

  private final ModelParts parts;
  private final Object lock;
  private final ThreadTable threads;
  private final long stackSize;

  private MemoryModel(ModelParts parts, long stackSize) {
    this.parts = parts;
    this.lock = parts.lock();
    this.threads = parts.threads();
    this.stackSize = stackSize;
    synchronized (lock) {
      threads.add(this, "main", stackSize);
    }
  }

  /**
   * {@return a builder with the defaults: first-fit, standard layout, 16 MiB heap, 1 MiB stacks,
   * no listeners}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the thread every model starts with, named {@code main}} */
  public ThreadContext mainThread() {
    synchronized (lock) {
      return threads.get(0);
    }
  }

  /**
   * Starts a new simulated thread with a stack of the model's default size below the existing
   * ones.
   *
   * @param name a name for messages; unique within the model
   * @return the new thread
   * @throws IllegalArgumentException if the name is blank, taken or reserved
   * @throws IllegalStateException if the model already has {@link #MAX_THREADS} threads
   */
  public ThreadContext newThread(String name) {
    return newThread(name, stackSize);
  }

  /**
   * Starts a new simulated thread with a stack of its own size below the existing ones.
   *
   * @param name a name for messages; unique within the model
   * @param threadStackSize the thread's stack size: a multiple of 16 up to
   * {@link AddressSpace#MAX_STACK_SIZE}
   * @return the new thread
   * @throws IllegalArgumentException if the name is blank, taken or reserved, or the size is not
   * a valid stack size
   * @throws IllegalStateException if the model already has {@link #MAX_THREADS} threads
   */
  public ThreadContext newThread(String name, long threadStackSize) {
    ThreadTable.checkStackSize(threadStackSize);
    synchronized (lock) {
      ThreadContext thread = threads.add(this, name, threadStackSize);
      parts.events().threadStarted(thread);
      return thread;
    }
  }

  /**
   * Starts a new simulated thread that {@code parent} spawns, as {@link #newThread(String)}
   * does; listeners receive {@link MemoryListener#onThreadStart} and then
   * {@link MemoryListener#onSpawn}.
   *
   * @param parent the spawning thread, of this model
   * @param name a name for messages; unique within the model
   * @return the new thread
   * @throws IllegalArgumentException if the parent is another model's, or as for
   *     {@link #newThread(String)}
   */
  public ThreadContext spawn(ThreadContext parent, String name) {
    checkArgument(parent.model() == this, "%s is another model's", parent);
    synchronized (lock) {
      ThreadContext child = newThread(name);
      parts.events().spawn(parent, child);
      return child;
    }
  }

  /**
   * Tells the model that {@code parent} has waited for {@code child} to end, as a join does; it
   * waits for nothing itself (a scheduler does), counts no op, and sends
   * {@link MemoryListener#onJoin} to the listeners.
   *
   * @param parent the thread that waited
   * @param child the thread that ended
   * @throws IllegalArgumentException if either is another model's
   */
  public void joined(ThreadContext parent, ThreadContext child) {
    checkArgument(parent.model() == this && child.model() == this, "%s or %s is another"
        + " model's", parent, child);
    synchronized (lock) {
      parts.events().join(parent, child);
    }
  }


  /** {@return the threads in the order they were started} */
  public List<ThreadContext> threads() {
    synchronized (lock) {
      return Collections.unmodifiableList(threads.all());
    }
  }

  /**
   * Finds a thread by name.
   *
   * @param name the thread's name
   * @return the thread, if there is one
   */
  public Optional<ThreadContext> thread(String name) {
    synchronized (lock) {
      return Optional.ofNullable(threads.byName(name));
    }
  }

  /** {@return the shared heap} */
  public Heap heap() {
    return parts.heap();
  }

  /** {@return the default stack size of a thread, in bytes (a thread may have its own)} */
  public long stackSize() {
    return stackSize;
  }

  /** {@return a snapshot of the statistics} */
  public Statistics statistics() {
    return parts.heap().statistics();
  }

  /**
   * Reads everything a picture needs at this moment: stacks with their slots' values, the heap
   * map, every stored pointer with where it leads, the statistics. It changes no state, counts
   * no op and no statistic; the heap map's reads of the allocator's tags reach listeners as
   * {@link MemoryListener.Origin#INSPECTION}, as {@link Heap#map()}'s do.
   *
   * @return the view
   */
  public ModelView view() {
    synchronized (lock) {
      HeapMap map = parts.heap().map();
      Statistics statistics = parts.heap().statistics();
      return ModelView.of(threads.all(), parts.pointerTags(), map, statistics,
          statistics.operations());
    }
  }

  /**
   * A model's whole state at one moment, taken by {@link #snapshot()} and put back by
   * {@link #restore(Snapshot)} any number of times.
   */
  public static final class Snapshot {
    private final MemoryModel model;
    private final long op;
    private final Runnable restore;

    private Snapshot(MemoryModel model, long op, Runnable restore) {
      this.model = model;
      this.op = op;
      this.restore = restore;
    }

    /** {@return the op number of the last operation before the snapshot (0 for none)} */
    public long op() {
      return op;
    }

    @Override
    public String toString() {
      return "snapshot at op " + op;
    }
  }

  /**
   * Takes a snapshot of the whole state: memory, stacks and their frames, the heap with its
   * allocator's state and live blocks, pointer provenance, threads, statistics and the op
   * clock. It is cheap: memory pages are shared copy on write (a page is copied at its first
   * write after the snapshot, by the model or at a restore), and the bookkeeping kept in Java
   * (the free index, the live-block table, the pointer tags, the frame lists) is copied, in
   * time proportional to its size. Taking one changes nothing and counts no op.
   *
   * @return the snapshot
   * @throws UnsupportedOperationException if the allocator cannot save its state (see
   *     {@link Allocator#save()}); the built-in ones can
   */
  public Snapshot snapshot() {
    synchronized (lock) {
      return new Snapshot(this, parts.events().counters.operations, parts.snapshots().save());
    }
  }

  /**
   * Puts the model back in the state of a snapshot, exactly: afterwards every operation gives
   * the result it gave the first time from that state (addresses, values, block ids, op
   * numbers, faults, statistics). What happened since is undone: a frame pushed since is popped
   * (pointers into it dangle), a block allocated since is gone (using a pointer to it is a use
   * after free, "undone by a restore"), a thread started since no longer exists (its
   * operations throw {@link IllegalStateException}); a block freed since is live again and a
   * frame popped since is on its stack again. Listeners are not told: a listener that keeps
   * history of its own (a race detector, a cost model) does not go back with the model.
   *
   * @param snapshot a snapshot of this model
   * @throws IllegalArgumentException if it is another model's
   */
  public void restore(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    checkArgument(snapshot.model == this, "a snapshot of another model");
    synchronized (lock) {
      snapshot.restore.run();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "memory model (" + parts.heap().allocatorName() + ", "
          + parts.heap().layout().name() + " layout, " + Text.count(threads.size(), "thread")
          + ")";
    }
  }

  /** {@return the collaborators, for the model's own classes} */
  ModelParts parts() {
    return parts;
  }

  /**
   * Builds a {@link MemoryModel}: its setters are {@link ModelSettings}'s, documented here as
   * the builder's own.
   */
  public static final class Builder extends ModelSettings {
    private Builder() {}

    /**
     * Returns a new model with its main thread.
     *
     * @return the model
     * @throws IllegalArgumentException if the heap limit cannot hold the layout's initial heap,
     * or is more than the layout's tags can describe ({@link BlockLayout#maximumHeapLimit()})
     */
    public MemoryModel build() {
      ModelParts parts = assemble();
      MemoryModel model = new MemoryModel(parts, stackSize);
      synchronized (parts.lock()) {
        parts.events().threadStarted(parts.threads().get(0));
      }
      return model;
    }
  }
}
