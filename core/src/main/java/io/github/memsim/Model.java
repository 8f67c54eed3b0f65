package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.internal.PagedMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory model: address space, threads, the shared heap, and the checks every access
 * passes.
 *
 * <p>One lock serialises every operation of every thread, which is what makes the model both
 * safe to share between Java threads and deterministic for a given order of operations. An
 * operation first checks everything that could make it fail, then changes state, then takes the
 * next op number; a rejected operation therefore changes nothing, not even the op counter.
 */
final class Model implements MemoryModel {
  private static final Logger LOG = LoggerFactory.getLogger(Model.class);

  final Object lock = new Object();
  final long heapLimit;
  final long stackSize;
  final long stackStride;
  final SharedHeap heap;
  private final List<ModelThread> threads = new ArrayList<>();
  private final Map<String, ModelThread> threadsByName = new HashMap<>();
  /**
   * Provenance of pointers stored in memory, by the address they were stored at. A tag is valid
   * only while the 8 bytes there still hold the pointer's address; stores over it remove it.
   */
  private final TreeMap<Long, Pointer> pointerTags = new TreeMap<>();

  long operations;
  long loads;
  long stores;
  long pushes;
  long pops;

  Model(AllocatorProvider allocator, BlockLayout layout, long heapLimit, long stackSize) {
    this.heapLimit = heapLimit;
    this.stackSize = stackSize;
    long pages = (stackSize + AddressSpace.PAGE_SIZE - 1) / AddressSpace.PAGE_SIZE;
    this.stackStride = pages * AddressSpace.PAGE_SIZE + AddressSpace.STACK_GUARD_BYTES;
    this.heap = new SharedHeap(this, allocator, layout, heapLimit);
    addThread("main");
    LOG.debug("new model: allocator={} layout={} heapLimit={} stackSize={}", allocator.name(),
        layout.name(), heapLimit, stackSize);
  }

  @Override
  public ThreadContext mainThread() {
    synchronized (lock) {
      return threads.get(0);
    }
  }

  @Override
  public ThreadContext newThread(String name) {
    synchronized (lock) {
      return addThread(name);
    }
  }

  private ModelThread addThread(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("thread name must not be blank");
    }
    if (threadsByName.containsKey(name) || name.equals("heap reset")) {
      throw new IllegalArgumentException("a thread named '" + name + "' already exists");
    }
    int index = threads.size();
    long top = AddressSpace.stackTop(index, stackStride);
    long bottom = top - stackSize;
    if (index >= Block.RESET
        || bottom - AddressSpace.STACK_GUARD_BYTES < AddressSpace.HEAP_BASE + heapLimit) {
      throw new IllegalStateException("no room for the stack of thread '" + name + "': "
          + index + " stacks of " + stackSize + " bytes already fill the address space");
    }
    ModelThread thread = new ModelThread(this, index, name, bottom, top);
    threads.add(thread);
    threadsByName.put(name, thread);
    return thread;
  }

  @Override
  public List<ThreadContext> threads() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(threads));
    }
  }

  @Override
  public Optional<ThreadContext> thread(String name) {
    synchronized (lock) {
      return Optional.ofNullable(threadsByName.get(name));
    }
  }

  /** {@return a thread's name by index, or "heap reset" for the reset marker} */
  String threadName(int index) {
    return index == Block.RESET ? "heap reset" : threads.get(index).name();
  }

  @Override
  public Heap heap() {
    return heap;
  }

  @Override
  public long stackSize() {
    return stackSize;
  }

  @Override
  public Statistics statistics() {
    return heap.statistics();
  }

  /** {@return the op number the operation under way will get if it succeeds} */
  long nextOp() {
    return operations + 1;
  }

  /** Records a successful operation and returns its op number. */
  long completeOp() {
    return ++operations;
  }

  // ---------------------------------------------------------------------------------------------
  // Access checks

  /**
   * Checks an access of {@code length} bytes through {@code at} and returns the memory that
   * holds them.
   */
  PagedMemory resolve(Pointer at, long length, boolean write, ModelThread thread) {
    Target target = at.target();
    long address = at.address();
    if (target == null) {
      return resolveRaw(address, length, write, thread);
    }
    long offset = address - target.start();
    if (target instanceof Block) {
      Block block = (Block) target;
      if (block.isFreed()) {
        throw new UseAfterFreeFault(address, thread.name(), access(length, write, address) + ", "
            + offsetPhrase(offset) + " block #" + block.id() + " (" + block.size()
            + " bytes), freed by "
            + threadName(Block.threadOf(block.freedOrigin())) + " at op "
            + Block.opOf(block.freedOrigin()) + "; " + allocatedBy(block));
      }
      if (offset < 0 || offset > block.size() - length) {
        throw new OutOfBoundsFault(address, thread.name(), access(length, write, address) + ", "
            + offsetPhrase(offset) + " " + block.describe() + "; " + allocatedBy(block));
      }
      return heap.segment.memory;
    }
    SlotTarget slot = (SlotTarget) target;
    if (!slot.frame.isLive()) {
      throw new DanglingStackPointerFault(address, thread.name(), access(length, write, address)
          + ", " + offsetPhrase(offset) + " " + slot.describe() + ", popped at op "
          + slot.frame.poppedAt());
    }
    if (offset < 0 || offset > slot.length() - length) {
      throw new OutOfBoundsFault(address, thread.name(), access(length, write, address) + ", "
          + offsetPhrase(offset) + " " + slot.describe());
    }
    return slot.frame.thread.memory;
  }

  private PagedMemory resolveRaw(long address, long length, boolean write, ModelThread thread) {
    if (address >= 0 && address < AddressSpace.PAGE_SIZE) {
      throw new NullDereferenceFault(address, thread.name(), access(length, write, address)
          + (address == 0 ? "" : " (" + address + " bytes past null)"));
    }
    PagedMemory memory = mapped(address, length);
    if (memory == null) {
      throw new SegmentationFault(address, thread.name(), access(length, write, address)
          + " is not mapped (" + whereIs(address) + ")");
    }
    return memory;
  }

  /** {@return the memory that maps all of {@code [address, address + length)}, or null} */
  PagedMemory mapped(long address, long length) {
    long heapEnd = AddressSpace.HEAP_BASE + heap.segment.size();
    if (address >= AddressSpace.HEAP_BASE && address < heapEnd) {
      return length <= heapEnd - address ? heap.segment.memory : null;
    }
    ModelThread owner = stackOwner(address);
    if (owner != null && length <= owner.top - address) {
      return owner.memory;
    }
    return null;
  }

  /** {@return the thread whose stack region holds {@code address}, or null} */
  ModelThread stackOwner(long address) {
    if (address >= AddressSpace.STACK_TOP || address < AddressSpace.HEAP_BASE) {
      return null;
    }
    long index = (AddressSpace.STACK_TOP - 1 - address) / stackStride;
    if (index >= threads.size()) {
      return null;
    }
    ModelThread thread = threads.get((int) index);
    return address >= thread.bottom ? thread : null;
  }

  private String whereIs(long address) {
    long heapEnd = AddressSpace.HEAP_BASE + heap.segment.size();
    if (address < 0 || address >= AddressSpace.STACK_TOP) {
      return "above the stacks";
    }
    if (address < AddressSpace.HEAP_BASE) {
      return "below the heap at " + AddressSpace.hex(AddressSpace.HEAP_BASE);
    }
    if (address < heapEnd) {
      return "runs past the heap's break at " + AddressSpace.hex(heapEnd);
    }
    if (address < AddressSpace.HEAP_BASE + heapLimit) {
      return "past the heap's break at " + AddressSpace.hex(heapEnd);
    }
    long index = (AddressSpace.STACK_TOP - 1 - address) / stackStride;
    if (index < threads.size()) {
      ModelThread thread = threads.get((int) index);
      return address >= thread.bottom ? "runs past the top of the stack of " + thread.name()
          : "in the guard gap below the stack of " + thread.name();
    }
    return "between the heap and the stacks";
  }

  private static String access(long length, boolean write, long address) {
    return length + "-byte " + (write ? "write" : "read") + " at " + AddressSpace.hex(address);
  }

  private static String offsetPhrase(long offset) {
    return offset < 0 ? (-offset) + " bytes before" : offset + " bytes into";
  }

  String allocatedBy(Block block) {
    return "allocated by " + threadName(Block.threadOf(block.origin())) + " at op "
        + Block.opOf(block.origin());
  }

  String freedBy(Block block) {
    return "freed by " + threadName(Block.threadOf(block.freedOrigin())) + " at op "
        + Block.opOf(block.freedOrigin());
  }

  // ---------------------------------------------------------------------------------------------
  // Pointers stored in memory

  void tagPointer(long address, Pointer value) {
    clearTags(address, 8);
    if (value.target() != null) {
      pointerTags.put(address, value);
    }
  }

  Pointer taggedPointer(long address, long bytes) {
    Pointer tagged = pointerTags.get(address);
    return tagged != null && tagged.address() == bytes ? tagged : Pointer.raw(bytes);
  }

  /** Forgets the provenance of every pointer stored over {@code [address, address + length)}. */
  void clearTags(long address, long length) {
    if (!pointerTags.isEmpty() && length > 0) {
      pointerTags.subMap(address - 7, true, address + length - 1, true).clear();
    }
  }

  /** Moves the tags of {@code [from, from + length)} to the same offsets from {@code to}. */
  void copyTags(long from, long to, long length) {
    if (pointerTags.isEmpty()) {
      return;
    }
    NavigableMap<Long, Pointer> moved = pointerTags.subMap(from, true, from + length - 8, true);
    List<Map.Entry<Long, Pointer>> entries = new ArrayList<>(moved.entrySet());
    for (Map.Entry<Long, Pointer> entry : entries) {
      pointerTags.put(entry.getKey() - from + to, entry.getValue());
    }
  }

  /** Feeds everything a rejected operation must leave alone to the digest: see the tests. */
  void digestState(java.util.function.LongConsumer longs, PagedMemory.PageVisitor pages) {
    synchronized (lock) {
      heap.segment.memory.forEachPage(pages);
      for (ModelThread thread : threads) {
        thread.memory.forEachPage(pages);
        longs.accept(thread.stack.depth());
        longs.accept(thread.stack.stackPointer());
      }
      for (Map.Entry<Long, Pointer> tag : pointerTags.entrySet()) {
        longs.accept(tag.getKey());
        longs.accept(tag.getValue().address());
      }
      longs.accept(heap.nextBlockId);
      Statistics statistics = heap.statistics();
      longs.accept(statistics.hashCode());
      longs.accept(statistics.operations());
      longs.accept(statistics.probes());
      for (HeapBlock block : heap.liveBlocks()) {
        longs.accept(block.id());
        longs.accept(block.address());
        longs.accept(block.size());
      }
    }
  }
}
