package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.Sets;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.internal.PagedMemory;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

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
 */
public final class MemoryModel {
  /** The most threads a model holds: thread indices are packed into 16 bits, one reserved. */
  public static final int MAX_THREADS = Block.RESET;
  private static final String RESET_NAME = Phrases.RESET;

  private final Object lock = new Object();
  private final long heapLimit;
  private final long stackSize;
  private final Heap heap;
  private final Events events;
  private final PointerTags pointerTags = new PointerTags();
  /** The scheduler's switch point, or null. */
  private final SwitchPoint switchPoint;
  private final AccessCheck accessCheck;
  private final CallSite.Table sites = new CallSite.Table();
  private final List<ThreadContext> threads = new ArrayList<>();
  private final Map<String, ThreadContext> threadsByName = new HashMap<>();
  /** The lowest address any stack's guard gap reaches: the next stack's top lies below it. */
  private long nextStackTop = AddressSpace.STACK_TOP;

  private MemoryModel(Builder builder) {
    this.heapLimit = builder.heapLimit;
    this.stackSize = builder.stackSize;
    this.events = new Events(this, builder.listeners);
    this.switchPoint = builder.switchPoint;
    this.accessCheck = builder.accessCheck;
    this.heap = new Heap(this, builder.allocator, builder.layout, heapLimit);
    synchronized (lock) {
      addThread("main", stackSize);
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
    checkStackSize(threadStackSize);
    synchronized (lock) {
      ThreadContext thread = addThread(name, threadStackSize);
      events.threadStarted(thread);
      return thread;
    }
  }

  private ThreadContext addThread(String name, long size) {
    checkArgument(name != null && !name.isBlank(), "thread name must not be blank");
    checkArgument(!name.equals(RESET_NAME), "'%s' is reserved: messages use it for blocks freed"
        + " by Heap.reset()", RESET_NAME);
    checkArgument(!threadsByName.containsKey(name), "a thread named '%s' already exists",
        Phrases.name(name));
    int index = threads.size();
    if (index >= MAX_THREADS) {
      throw new IllegalStateException("no room for thread '" + Phrases.name(name) + "': a model holds at most "
          + MAX_THREADS + " threads");
    }
    long top = nextStackTop;
    long bottom = top - size;
    // The thread limit is what binds: MAX_THREADS stacks of MAX_STACK_SIZE with their guard
    // gaps take 64 TiB, far less than the space between the largest heap and STACK_TOP.
    assert bottom - AddressSpace.STACK_GUARD_BYTES >= AddressSpace.HEAP_BASE + heapLimit;
    ThreadContext thread = new ThreadContext(this, index, name, bottom, top);
    threads.add(thread);
    threadsByName.put(name, thread);
    long pages = (size + AddressSpace.PAGE_SIZE - 1) / AddressSpace.PAGE_SIZE;
    nextStackTop = top - pages * AddressSpace.PAGE_SIZE - AddressSpace.STACK_GUARD_BYTES;
    return thread;
  }

  static void checkStackSize(long bytes) {
    checkArgument(bytes >= FrameLayout.FRAME_ALIGNMENT && bytes <= AddressSpace.MAX_STACK_SIZE
        && bytes % FrameLayout.FRAME_ALIGNMENT == 0,
        "stack size must be a multiple of 16 between 16 and %s bytes but was %s",
        AddressSpace.MAX_STACK_SIZE, bytes);
  }

  /** {@return the threads in the order they were started} */
  public List<ThreadContext> threads() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(threads));
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
      return Optional.ofNullable(threadsByName.get(name));
    }
  }

  /** {@return the shared heap} */
  public Heap heap() {
    return heap;
  }

  /** {@return the default stack size of a thread, in bytes (a thread may have its own)} */
  public long stackSize() {
    return stackSize;
  }

  /** {@return a snapshot of the statistics} */
  public Statistics statistics() {
    return heap.statistics();
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
      HeapMap map = heap.map();
      Statistics statistics = heap.statistics();
      return ModelView.of(this, map, statistics, statistics.operations());
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
   *     {@link io.github.memsim.alloc.Allocator#save()}); the built-in ones can
   */
  public Snapshot snapshot() {
    synchronized (lock) {
      Runnable heapState = heap.save();
      Runnable counts = events.counters.save();
      Runnable tags = pointerTags.save();
      List<ThreadContext> savedThreads = new ArrayList<>(threads);
      List<Runnable> threadStates = new ArrayList<>();
      for (ThreadContext thread : threads) {
        threadStates.add(thread.save());
      }
      long savedStackTop = nextStackTop;
      return new Snapshot(this, events.counters.operations, () -> {
        Set<ThreadContext> kept = Sets.newIdentityHashSet();
        kept.addAll(savedThreads);
        for (ThreadContext thread : threads) {
          if (!kept.contains(thread)) {
            thread.undo();
          }
        }
        threads.clear();
        threads.addAll(savedThreads);
        threadsByName.clear();
        for (ThreadContext thread : savedThreads) {
          threadsByName.put(thread.name(), thread);
        }
        threadStates.forEach(Runnable::run);
        nextStackTop = savedStackTop;
        heapState.run();
        tags.run();
        counts.run();
      });
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
      return "memory model (" + heap.allocatorName() + ", " + heap.layout().name() + " layout, "
          + Text.count(threads.size(), "thread") + ")";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // For the model's own classes

  /** {@return the access check, or null} */
  AccessCheck accessCheck() {
    return accessCheck;
  }

  Object lock() {
    return lock;
  }

  Events events() {
    return events;
  }

  /** Calls the scheduler's switch point, if any, before an operation of {@code thread}. */
  void beforeOperation(ThreadContext thread) {
    if (switchPoint != null) {
      switchPoint.beforeOperation(thread);
    }
  }

  PointerTags pointerTags() {
    return pointerTags;
  }

  CallSite.Table sites() {
    return sites;
  }

  /** {@return a thread's name by index, or "heap reset" for the reset marker} */
  String threadName(int index) {
    return index == Block.RESET ? RESET_NAME : threads.get(index).name();
  }

  /** {@return {@code "allocated by main in f <- main at op 3"}} */
  String allocatedBy(Block block) {
    return Phrases.allocatedBy(threadName(block.threadIndex()), block.allocationSite(),
        block.op());
  }

  /** {@return {@code "freed by main in g <- main at op 5"}} */
  String freedBy(Block block) {
    if (block.isUndone()) {
      return Phrases.undone(Block.opOf(block.freedOrigin()));
    }
    return Phrases.freedBy(threadName(Block.threadOf(block.freedOrigin())), block.freeSite(),
        Block.opOf(block.freedOrigin()));
  }

  HeapBlock snapshot(Block block) {
    CallSite site = block.allocationSite();
    return new HeapBlock(block.id(), block.address(), block.size(),
        threadName(block.threadIndex()), block.op(),
        site == null ? List.of() : site.functions());
  }

  // ---------------------------------------------------------------------------------------------
  // Access checks

  /**
   * Checks an access of {@code length} bytes through {@code at} and returns the memory that
   * holds them.
   */
  PagedMemory resolve(Pointer at, long length, boolean write, ThreadContext thread) {
    Provenance provenance = at.provenance();
    long address = at.address();
    if (provenance == null) {
      return resolveRaw(address, length, write, thread);
    }
    long offset = address - provenance.start();
    if (provenance instanceof Block block) {
      if (block.isFreed()) {
        throw new UseAfterFreeFault(address, thread.name(), Phrases.useAfterFree(
            Phrases.access(length, write, address), Phrases.where(offset, length, block.size(),
                Phrases.blockOfSize(block.id(), block.size())), freedBy(block),
            allocatedBy(block)));
      }
      if (offset < 0 || offset > block.size() - length) {
        throw new OutOfBoundsFault(address, thread.name(), Phrases.outOfBlock(
            Phrases.access(length, write, address),
            Phrases.where(offset, length, block.size(), block.describe()), allocatedBy(block)));
      }
      return heap.segment().memory();
    }
    StackSlot slot = (StackSlot) provenance;
    Frame frame = slot.frame();
    if (!frame.isLiveLocked()) {
      throw new DanglingStackPointerFault(address, thread.name(), Phrases.dangling(
          Phrases.access(length, write, address),
          Phrases.where(offset, length, slot.length(), slot.describe()),
          Phrases.poppedAt(frame.poppedAt())));
    }
    if (offset < 0 || offset > slot.length() - length) {
      throw new OutOfBoundsFault(address, thread.name(), Phrases.access(length, write, address)
          + ", " + Phrases.where(offset, length, slot.length(), slot.describe()));
    }
    return frame.thread().memory();
  }

  private PagedMemory resolveRaw(long address, long length, boolean write, ThreadContext thread) {
    if (address >= 0 && address < AddressSpace.PAGE_SIZE) {
      throw new NullDereferenceFault(address, thread.name(),
          Phrases.nullAccess(Phrases.access(length, write, address), address));
    }
    PagedMemory memory = mapped(address, length);
    if (memory == null) {
      throw new SegmentationFault(address, thread.name(),
          Phrases.unmapped(Phrases.access(length, write, address), whereIs(address)));
    }
    return memory;
  }

  /** {@return the memory that maps all of {@code [address, address + length)}, or null} */
  private PagedMemory mapped(long address, long length) {
    long heapEnd = heap.segment().end();
    if (address >= AddressSpace.HEAP_BASE && address < heapEnd) {
      return length <= heapEnd - address ? heap.segment().memory() : null;
    }
    ThreadContext owner = stackOwner(address);
    if (owner != null && length <= owner.top() - address) {
      return owner.memory();
    }
    return null;
  }

  /** {@return the thread whose stack region holds {@code address}, or null} */
  ThreadContext stackOwner(long address) {
    ThreadContext below = lowestStackAbove(address);
    return below != null && address >= below.bottom() ? below : null;
  }

  /** {@return the thread with the lowest stack top above {@code address}, or null} */
  private ThreadContext lowestStackAbove(long address) {
    if (address >= AddressSpace.STACK_TOP || address < AddressSpace.HEAP_BASE) {
      return null;
    }
    // Tops fall with the index: find the last thread whose top is above the address.
    int low = 0;
    int high = threads.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (threads.get(middle).top() > address) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return threads.get(low);
  }

  private String whereIs(long address) {
    long heapEnd = heap.segment().end();
    if (address < 0 || address >= AddressSpace.STACK_TOP) {
      return Phrases.aboveStacks();
    }
    if (address < AddressSpace.HEAP_BASE) {
      return Phrases.belowHeap(AddressSpace.HEAP_BASE);
    }
    if (address < heapEnd) {
      return Phrases.pastBreak(true, heapEnd);
    }
    if (address < AddressSpace.HEAP_BASE + heapLimit) {
      return Phrases.pastBreak(false, heapEnd);
    }
    ThreadContext above = lowestStackAbove(address);
    if (above != null && address >= above.bottom()) {
      return Phrases.pastStackTop(above.name());
    }
    if (above != null && address >= above.guardBottom()) {
      return Phrases.guardGap(above.name());
    }
    return Phrases.betweenHeapAndStacks();
  }

  /** Feeds everything a rejected operation must leave alone to the digest: see the tests. */
  void digestState(LongConsumer longs, PagedMemory.PageVisitor pages) {
    synchronized (lock) {
      heap.segment().memory().forEachPage(pages);
      for (ThreadContext thread : threads) {
        thread.memory().forEachPage(pages);
        longs.accept(thread.stack().depthLocked());
        longs.accept(thread.stack().stackPointerLocked());
      }
      pointerTags.digest(longs);
      heap.digest(longs);
    }
  }

  /** Builds a {@link MemoryModel}. */
  public static final class Builder {
    private AllocatorProvider allocator = Allocators.firstFit();
    private BlockLayout layout = BlockLayout.standard();
    private long heapLimit = 16L << 20;
    private long stackSize = 1L << 20;
    private final List<MemoryListener> listeners = new ArrayList<>();
    private SwitchPoint switchPoint;
    private AccessCheck accessCheck;

    private Builder() {}

    /**
     * Sets the allocation strategy.
     *
     * @param provider the strategy
     * @return this builder
     */
    public Builder allocator(AllocatorProvider provider) {
      this.allocator = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets the allocation strategy by name.
     *
     * @param name a strategy name, such as {@code best-fit}
     * @return this builder
     * @throws IllegalArgumentException if no strategy has that name
     * @see Allocators#byName(String)
     */
    public Builder allocator(String name) {
      this.allocator = Allocators.byName(name);
      return this;
    }

    /**
     * Sets the block format the allocator writes.
     *
     * @param blockLayout the block format
     * @return this builder
     */
    public Builder layout(BlockLayout blockLayout) {
      this.layout = Objects.requireNonNull(blockLayout, "blockLayout");
      return this;
    }

    /**
     * Sets how far the heap may grow, in bytes.
     *
     * @param bytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException unless it is between 4 KiB and
     * {@link AddressSpace#MAX_HEAP_LIMIT}
     */
    public Builder heapLimit(long bytes) {
      checkArgument(bytes >= AddressSpace.PAGE_SIZE && bytes <= AddressSpace.MAX_HEAP_LIMIT,
          "heap limit must be between %s and %s bytes but was %s", AddressSpace.PAGE_SIZE,
          AddressSpace.MAX_HEAP_LIMIT, bytes);
      this.heapLimit = bytes;
      return this;
    }

    /**
     * Sets the default stack size of a thread, in bytes; the main thread has it, and so does
     * every thread started without a size of its own.
     *
     * @param bytes the stack size in bytes
     * @return this builder
     * @throws IllegalArgumentException unless it is a positive multiple of 16 up to
     * {@link AddressSpace#MAX_STACK_SIZE}
     */
    public Builder stackSize(long bytes) {
      checkStackSize(bytes);
      this.stackSize = bytes;
      return this;
    }

    /**
     * Sets the point that a scheduler is called at before every operation of a thread (see
     * {@link SwitchPoint}); {@code io.github.memsim.concurrent} sets it. None by default.
     *
     * @param point the switch point, or null for none
     * @return this builder
     */
    public Builder switchPoint(SwitchPoint point) {
      this.switchPoint = point;
      return this;
    }

    /**
     * Sets the check consulted before every access a program makes, which may refuse one with
     * a fault (see {@link AccessCheck}). None by default.
     *
     * @param check the check, or null for none
     * @return this builder
     */
    public Builder accessCheck(AccessCheck check) {
      this.accessCheck = check;
      return this;
    }

    /**
     * Adds a listener to the model's event stream. Listeners are called in the order they were
     * added; the same listener added twice is called twice.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(MemoryListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Returns a new model with its main thread.
     *
     * @return the model
     * @throws IllegalArgumentException if the heap limit cannot hold the layout's initial heap,
     * or is more than the layout's tags can describe ({@link BlockLayout#maximumHeapLimit()})
     */
    public MemoryModel build() {
      // Past this, coalescing or a reset could make a free block whose size its tags cannot hold.
      checkArgument(heapLimit <= layout.maximumHeapLimit(), "a heap limit of %s bytes is more"
          + " than layout %s can describe: its %s-byte tags hold blocks of at most %s bytes, so"
          + " its heap may grow to at most %s bytes", heapLimit, layout.name(),
          layout.headerBytes(), layout.maximumBlock(), layout.maximumHeapLimit());
      MemoryModel model = new MemoryModel(this);
      synchronized (model.lock) {
        model.events.threadStarted(model.threads.get(0));
      }
      return model;
    }
  }
}
