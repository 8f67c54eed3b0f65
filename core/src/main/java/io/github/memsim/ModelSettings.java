package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a model being built: what {@link MemoryModel.Builder} sets, and the wiring of
 * the collaborators a model is a façade over ({@link #assemble()}).
 */
abstract sealed class ModelSettings permits MemoryModel.Builder {
  AllocatorProvider allocator = Allocators.firstFit();
  BlockLayout layout = BlockLayout.standard();
  long heapLimit = 16L << 20;
  long stackSize = 1L << 20;
  final List<MemoryListener> listeners = new ArrayList<>();
  private final List<SwitchPoint> switchPoints = new ArrayList<>();
  private final List<AccessCheck> accessChecks = new ArrayList<>();

  ModelSettings() {}

  private MemoryModel.Builder self() {
    return (MemoryModel.Builder) this;
  }

  /**
   * Sets the allocation strategy.
   *
   * @param provider the strategy
   * @return this builder
   */
  public MemoryModel.Builder allocator(AllocatorProvider provider) {
    this.allocator = Objects.requireNonNull(provider, "provider");
    return self();
  }

  /**
   * Sets the allocation strategy by name.
   *
   * @param name a strategy name, such as {@code best-fit}
   * @return this builder
   * @throws IllegalArgumentException if no strategy has that name
   * @see Allocators#byName(String)
   */
  public MemoryModel.Builder allocator(String name) {
    this.allocator = Allocators.byName(name);
    return self();
  }

  /**
   * Sets the block format the allocator writes.
   *
   * @param blockLayout the block format
   * @return this builder
   */
  public MemoryModel.Builder layout(BlockLayout blockLayout) {
    this.layout = Objects.requireNonNull(blockLayout, "blockLayout");
    return self();
  }

  /**
   * Sets how far the heap may grow, in bytes.
   *
   * @param bytes the limit in bytes
   * @return this builder
   * @throws IllegalArgumentException unless it is between 4 KiB and
   * {@link AddressSpace#MAX_HEAP_LIMIT}
   */
  public MemoryModel.Builder heapLimit(long bytes) {
    checkArgument(bytes >= AddressSpace.PAGE_SIZE && bytes <= AddressSpace.MAX_HEAP_LIMIT,
        "heap limit must be between %s and %s bytes but was %s", AddressSpace.PAGE_SIZE,
        AddressSpace.MAX_HEAP_LIMIT, bytes);
    this.heapLimit = bytes;
    return self();
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
  public MemoryModel.Builder stackSize(long bytes) {
    ThreadTable.checkStackSize(bytes);
    this.stackSize = bytes;
    return self();
  }

  /**
   * Adds a point called before every operation of a thread (see {@link SwitchPoint}). A model
   * takes several, as it takes several listeners: they are called in the order added, each
   * after the one before has returned. None by default.
   *
   * @param point the switch point; null adds none
   * @return this builder
   * @see #switchPointFirst(SwitchPoint)
   */
  public MemoryModel.Builder switchPoint(SwitchPoint point) {
    if (point != null) {
      switchPoints.add(point);
    }
    return self();
  }

  /**
   * Adds a switch point called before all the others: a scheduler's, which decides when the
   * thread goes on, so that the others (a recording's) run on the thread whose turn it is,
   * between the operations the schedule puts in order. {@code io.github.memsim.concurrent}
   * adds its scheduler this way.
   *
   * @param point the switch point
   * @return this builder
   */
  public MemoryModel.Builder switchPointFirst(SwitchPoint point) {
    switchPoints.add(0, Objects.requireNonNull(point, "point"));
    return self();
  }

  /**
   * Adds a check consulted before every access a program makes, which may refuse one with a
   * fault (see {@link AccessCheck}). A model takes several: they are asked in the order added,
   * and the first to refuse decides. None by default.
   *
   * @param check the check; null adds none
   * @return this builder
   */
  public MemoryModel.Builder accessCheck(AccessCheck check) {
    if (check != null) {
      accessChecks.add(check);
    }
    return self();
  }

  /**
   * Adds a listener to the model's event stream. Listeners are called in the order they were
   * added; the same listener added twice is called twice.
   *
   * @param listener the listener
   * @return this builder
   */
  public MemoryModel.Builder listener(MemoryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return self();
  }

  /** {@return the collaborators of a new model, wired as these settings say} */
  ModelParts assemble() {
    // Past this, coalescing or a reset could make a free block whose size its tags cannot hold.
    checkArgument(heapLimit <= layout.maximumHeapLimit(), "a heap limit of %s bytes is more"
        + " than layout %s can describe: its %s-byte tags hold blocks of at most %s bytes, so"
        + " its heap may grow to at most %s bytes", heapLimit, layout.name(),
        layout.headerBytes(), layout.maximumBlock(), layout.maximumHeapLimit());
    Object lock = new Object();
    ThreadTable threads = new ThreadTable(heapLimit);
    Events events = new Events(lock, threads, listeners);
    PointerTags pointerTags = new PointerTags();
    HeapSegment segment = new HeapSegment(heapLimit);
    Heap heap = new Heap(lock, events, segment, threads, pointerTags,
        new LeakScan(segment, threads), allocator, layout);
    return new ModelParts(lock, events, threads, heap,
        new AddressMap(segment, threads, heapLimit), pointerTags, new CallSite.Table(),
        new Snapshots(heap, events, pointerTags, threads),
        new StateDigest(lock, heap, threads, pointerTags), switchPoint(), accessCheck());
  }

  /** {@return the switch points as one, or null for none: one call per operation either way} */
  private SwitchPoint switchPoint() {
    if (switchPoints.size() <= 1) {
      return switchPoints.isEmpty() ? null : switchPoints.get(0);
    }
    SwitchPoint[] all = switchPoints.toArray(new SwitchPoint[0]);
    return thread -> {
      for (SwitchPoint point : all) {
        point.beforeOperation(thread);
      }
    };
  }

  /** {@return the access checks as one, or null for none} */
  private AccessCheck accessCheck() {
    if (accessChecks.size() <= 1) {
      return accessChecks.isEmpty() ? null : accessChecks.get(0);
    }
    AccessCheck[] all = accessChecks.toArray(new AccessCheck[0]);
    return (thread, op, address, length, reads, writes, atomic) -> {
      for (AccessCheck check : all) {
        check.beforeAccess(thread, op, address, length, reads, writes, atomic);
      }
    };
  }
}
