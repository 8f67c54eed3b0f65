package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.internal.PagedMemory;
import java.util.Objects;

/**
 * A simulated thread: it owns a {@link Stack}, shares the model's {@link Heap}, and is where
 * loads, stores and heap calls happen, so that each is attributed to a thread.
 *
 * <p>Every access through a {@link Pointer} is checked against the pointer's provenance and the
 * mapping; a failed check throws a {@link MemoryFault} and changes nothing. Values are stored
 * little-endian.
 *
 * <p>A context is driven by one Java thread at a time. While frames are on its stack it belongs
 * to the Java thread that pushed the first of them, and an operation from any other Java thread
 * is refused with an {@link IllegalStateException} (interleaved calls would tangle the stack);
 * once the stack is empty again, another Java thread may take it over.
 */
public final class ThreadContext {
  private final MemoryModel model;
  private final Events events;
  private final Object lock;
  /** The scheduler's switch point, or null. */
  private final SwitchPoint switchPoint;
  private final Heap heap;
  private final CallSite.Table sites;
  private final AccessPath access;
  private final int index;
  private final String name;
  private final long bottom;
  private final long top;
  private final PagedMemory memory;
  private final Stack stack;
  /** The Java thread that drives this context while frames are on its stack, else null. */
  private Thread owner;
  /** Set when a restore went back to before the thread started. */
  private boolean undone;

  ThreadContext(MemoryModel model, int index, String name, long bottom, long top) {
    ModelParts parts = model.parts();
    this.model = model;
    this.events = parts.events();
    this.lock = parts.lock();
    this.switchPoint = parts.switchPoint();
    this.heap = parts.heap();
    this.sites = parts.sites();
    this.access = new AccessPath(this, lock, events, parts.addresses(), parts.pointerTags(),
        parts.accessCheck());
    this.index = index;
    this.name = name;
    this.bottom = bottom;
    this.top = top;
    this.memory = new PagedMemory(bottom, top - bottom);
    this.stack = new Stack(this);
  }

  /** {@return the thread's name} */
  public String name() {
    return name;
  }

  /** {@return the thread's stack} */
  public Stack stack() {
    return stack;
  }

  /** {@return the shared heap} */
  public Heap heap() {
    return heap;
  }

  /** {@return the model this thread belongs to} */
  public MemoryModel model() {
    return model;
  }

  // ---------------------------------------------------------------------------------------------
  // Heap calls

  /**
   * Allocates {@code size} bytes; their contents are whatever the memory held.
   *
   * @param size the bytes wanted; 0 gives a unique pointer that may be freed but not dereferenced
   * @return a pointer to the new block, with the block as its provenance
   * @throws IllegalArgumentException if the size is negative
   * @throws OutOfMemoryFault if the heap cannot serve it within its limit
   */
  public Pointer malloc(long size) {
    beforeOperation();
    checkArgument(size >= 0, "malloc size must not be negative but was %s", size);
    synchronized (lock) {
      checkOwner();
      try {
        return heap.malloc(this, size);
      } catch (MemoryFault fault) {
        throw events.fault(this, fault);
      }
    }
  }

  /**
   * Allocates {@code count × size} bytes, all zero.
   *
   * @param count the number of elements
   * @param size the size of one element in bytes
   * @return a pointer to the new, zeroed block
   * @throws IllegalArgumentException if a factor is negative
   * @throws OutOfMemoryFault if the product overflows or the heap cannot serve it
   */
  public Pointer calloc(long count, long size) {
    beforeOperation();
    checkArgument(count >= 0, "calloc count must not be negative but was %s", count);
    checkArgument(size >= 0, "calloc size must not be negative but was %s", size);
    synchronized (lock) {
      checkOwner();
      try {
        return heap.calloc(this, count, size);
      } catch (MemoryFault fault) {
        throw events.fault(this, fault);
      }
    }
  }

  /**
   * Resizes a block the textbook way: allocates a new block, copies the bytes both blocks hold,
   * frees the old one. {@code realloc(NULL, n)} is {@code malloc(n)}; {@code realloc(p, 0)} frees
   * {@code p} and returns {@link Pointer#NULL}. If the new block cannot be had, nothing changes.
   *
   * @param block the block to resize, or {@link Pointer#NULL}
   * @param size the new size in bytes
   * @return a pointer to the new block, or {@link Pointer#NULL} after {@code realloc(p, 0)}
   * @throws IllegalArgumentException if the size is negative
   * @throws MemoryFault if {@code block} is not a live block (as for {@link #free(Pointer)}, with a
   * use after free for a freed block), or {@link OutOfMemoryFault}
   */
  public Pointer realloc(Pointer block, long size) {
    beforeOperation();
    Objects.requireNonNull(block, "block");
    checkArgument(size >= 0, "realloc size must not be negative but was %s", size);
    synchronized (lock) {
      checkOwner();
      try {
        return heap.realloc(this, block, size);
      } catch (MemoryFault fault) {
        throw events.fault(this, fault);
      }
    }
  }

  /**
   * Frees a block; freeing {@link Pointer#NULL} does nothing.
   *
   * @param block a pointer returned by malloc, calloc or realloc
   * @throws DoubleFreeFault if the block was already freed
   * @throws InvalidFreeFault if the pointer is not the start of a live heap block
   */
  public void free(Pointer block) {
    beforeOperation();
    Objects.requireNonNull(block, "block");
    synchronized (lock) {
      checkOwner();
      try {
        heap.free(this, block);
      } catch (MemoryFault fault) {
        throw events.fault(this, fault);
      }
    }
  }

  /**
   * Returns the payload bytes a live block can hold, as C's {@code malloc_usable_size} does:
   * what was requested plus any slack. The same as {@link Heap#usableSize(Pointer)}, with
   * faults that name this thread.
   *
   * @param block a pointer to the start of a live block
   * @return the usable bytes
   * @throws IllegalArgumentException if the pointer is null, raw or not the start of a block
   * @throws UseAfterFreeFault if the block was freed
   * @throws HeapCorruptionFault if the block's tags are damaged
   */
  public long usableSize(Pointer block) {
    beforeOperation();
    Objects.requireNonNull(block, "block");
    synchronized (lock) {
      checkOwner();
      try {
        return heap.usableSize(this, block);
      } catch (MemoryFault fault) {
        throw events.fault(this, fault);
      }
    }
  }

  /**
   * Runs {@link Heap#check()} on behalf of this thread: the same walk of the heap's tags and
   * the allocator's structures against the live blocks, with faults that name this thread.
   *
   * @throws HeapCorruptionFault at the first disagreement
   */
  public void checkHeap() {
    beforeOperation();
    synchronized (lock) {
      checkOwner();
      heap.check(this);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Atomic operations: each one operation, one switch point, indivisible and sequentially
  // consistent; its accesses reach listeners as Origin.ATOMIC.

  /**
   * Loads a long atomically.
   *
   * @param at where, 8 bytes
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  public long atomicLoadLong(Pointer at) {
    return access.atomicLoad(at, 8);
  }

  /**
   * Loads an int atomically.
   *
   * @param at where, 4 bytes
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  public int atomicLoadInt(Pointer at) {
    return (int) access.atomicLoad(at, 4);
  }

  /**
   * Loads a pointer atomically, with its provenance if its bytes are intact.
   *
   * @param at where, 8 bytes
   * @return the pointer
   * @throws MemoryFault if the access is not allowed
   */
  public Pointer atomicLoadPointer(Pointer at) {
    return access.atomicLoadPointer(at);
  }

  /**
   * Stores a long atomically.
   *
   * @param at where, 8 bytes
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  public void atomicStoreLong(Pointer at, long value) {
    access.readModifyWrite(at, 8, old -> true, old -> value, null, false);
  }

  /**
   * Stores an int atomically.
   *
   * @param at where, 4 bytes
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  public void atomicStoreInt(Pointer at, int value) {
    access.readModifyWrite(at, 4, old -> true, old -> value, null, false);
  }

  /**
   * Stores a pointer atomically.
   *
   * @param at where, 8 bytes
   * @param value the pointer
   * @throws MemoryFault if the access is not allowed
   */
  public void atomicStorePointer(Pointer at, Pointer value) {
    Objects.requireNonNull(value, "value");
    access.readModifyWrite(at, 8, old -> true, old -> value.address(), value, false);
  }

  /**
   * Stores a long and returns the one it replaced, atomically.
   *
   * @param at where, 8 bytes
   * @param value the new value
   * @return the old value
   * @throws MemoryFault if the access is not allowed
   */
  public long atomicExchangeLong(Pointer at, long value) {
    return access.readModifyWrite(at, 8, old -> true, old -> value, null, true);
  }

  /**
   * Stores an int and returns the one it replaced, atomically.
   *
   * @param at where, 4 bytes
   * @param value the new value
   * @return the old value
   * @throws MemoryFault if the access is not allowed
   */
  public int atomicExchangeInt(Pointer at, int value) {
    return (int) access.readModifyWrite(at, 4, old -> true, old -> value, null, true);
  }

  /**
   * Stores {@code value} if the long there equals {@code expected}, atomically.
   *
   * @param at where, 8 bytes
   * @param expected the value it must hold
   * @param value the new value
   * @return whether it held {@code expected} and now holds {@code value}
   * @throws MemoryFault if the access is not allowed
   */
  public boolean compareAndSetLong(Pointer at, long expected, long value) {
    return access.readModifyWrite(at, 8, old -> old == expected, old -> value, null, true) == expected;
  }

  /**
   * Stores {@code value} if the int there equals {@code expected}, atomically.
   *
   * @param at where, 4 bytes
   * @param expected the value it must hold
   * @param value the new value
   * @return whether it held {@code expected} and now holds {@code value}
   * @throws MemoryFault if the access is not allowed
   */
  public boolean compareAndSetInt(Pointer at, int expected, int value) {
    return (int) access.readModifyWrite(at, 4, old -> (int) old == expected, old -> value, null, true)
        == expected;
  }

  /**
   * Stores {@code value} if the pointer there has {@code expected}'s address, atomically. As in
   * hardware, only the bits are compared: a pointer to a block freed and reallocated at the same
   * address compares equal (the ABA problem).
   *
   * @param at where, 8 bytes
   * @param expected the pointer it must hold
   * @param value the new pointer
   * @return whether it held {@code expected}'s address and now holds {@code value}
   * @throws MemoryFault if the access is not allowed
   */
  public boolean compareAndSetPointer(Pointer at, Pointer expected, Pointer value) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(value, "value");
    Pointer[] before = new Pointer[1];
    long old = access.readModifyWrite(at, 8, bits -> {
      if (bits == expected.address()) {
        before[0] = access.pointerTags().read(at.address(), bits);
      }
      return bits == expected.address();
    }, bits -> value.address(), value, true, () -> {
      if (before[0] != null && expected.provenance() instanceof Block stale && stale.isFreed()
          && before[0].provenance() instanceof Block now && now != stale) {
        events.staleCompareAndSet(this, at.address(), stale, now);
      }
    });
    return old == expected.address();
  }

  /**
   * Adds to a long and returns the value before, atomically.
   *
   * @param at where, 8 bytes
   * @param delta what to add (wrapping on overflow, as hardware does)
   * @return the old value
   * @throws MemoryFault if the access is not allowed
   */
  public long fetchAndAddLong(Pointer at, long delta) {
    return access.readModifyWrite(at, 8, old -> true, old -> old + delta, null, true);
  }

  /**
   * Adds to an int and returns the value before, atomically.
   *
   * @param at where, 4 bytes
   * @param delta what to add (wrapping on overflow)
   * @return the old value
   * @throws MemoryFault if the access is not allowed
   */
  public int fetchAndAddInt(Pointer at, int delta) {
    return (int) access.readModifyWrite(at, 4, old -> true, old -> (int) old + delta, null, true);
  }

  /**
   * Loads one byte.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  public byte readByte(Pointer at) {
    beforeOperation();
    synchronized (lock) {
      byte value = access.forRead(at, 1).readByte(at.address());
      access.loaded(at, 1);
      return value;
    }
  }

  /**
   * Stores one byte.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  public void writeByte(Pointer at, byte value) {
    beforeOperation();
    synchronized (lock) {
      access.forWrite(at, 1).writeByte(at.address(), value);
      access.stored(at, 1);
    }
  }

  /**
   * Loads a 4-byte int.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  public int readInt(Pointer at) {
    beforeOperation();
    synchronized (lock) {
      int value = access.forRead(at, 4).readInt(at.address());
      access.loaded(at, 4);
      return value;
    }
  }

  /**
   * Stores a 4-byte int.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  public void writeInt(Pointer at, int value) {
    beforeOperation();
    synchronized (lock) {
      access.forWrite(at, 4).writeInt(at.address(), value);
      access.stored(at, 4);
    }
  }

  /**
   * Loads an 8-byte long.
   *
   * @param at where to load from
   * @return the value
   * @throws MemoryFault if the access is not allowed
   */
  public long readLong(Pointer at) {
    beforeOperation();
    synchronized (lock) {
      long value = access.forRead(at, 8).readLong(at.address());
      access.loaded(at, 8);
      return value;
    }
  }

  /**
   * Stores an 8-byte long.
   *
   * @param at where to store
   * @param value the value
   * @throws MemoryFault if the access is not allowed
   */
  public void writeLong(Pointer at, long value) {
    beforeOperation();
    synchronized (lock) {
      access.forWrite(at, 8).writeLong(at.address(), value);
      access.stored(at, 8);
    }
  }

  /**
   * Loads an 8-byte pointer. If the same pointer was stored there with
   * {@link #writePointer(Pointer, Pointer)} and the bytes have not changed since, it comes back
   * with its provenance; otherwise the bytes come back as a {@linkplain Pointer#raw(long) raw}
   * pointer.
   *
   * @param at where to load from
   * @return the pointer
   * @throws MemoryFault if the access is not allowed
   */
  public Pointer readPointer(Pointer at) {
    beforeOperation();
    synchronized (lock) {
      long bytes = access.forRead(at, 8).readLong(at.address());
      Pointer value = access.pointerTags().read(at.address(), bytes);
      access.loadedPointer(at, value);
      return value;
    }
  }

  /**
   * Stores an 8-byte pointer (its address) and remembers its provenance.
   *
   * @param at where to store
   * @param value the pointer to store
   * @throws MemoryFault if the access is not allowed
   */
  public void writePointer(Pointer at, Pointer value) {
    beforeOperation();
    Objects.requireNonNull(value, "value");
    synchronized (lock) {
      access.forWrite(at, 8).writeLong(at.address(), value.address());
      access.pointerTags().tag(at.address(), value);
      access.stored(at, 8);
    }
  }

  /**
   * Loads {@code length} bytes.
   *
   * @param at where to load from
   * @param length how many bytes
   * @return the bytes
   * @throws IllegalArgumentException if the length is negative
   * @throws MemoryFault if the access is not allowed
   */
  public byte[] readBytes(Pointer at, int length) {
    beforeOperation();
    checkArgument(length >= 0, "length must not be negative but was %s", length);
    synchronized (lock) {
      // Checked before the array is made, so a bad length faults instead of exhausting memory.
      PagedMemory memory = access.forRead(at, length);
      byte[] bytes = new byte[length];
      memory.read(at.address(), bytes, 0, length);
      access.loaded(at, length);
      return bytes;
    }
  }

  /**
   * Loads {@code length} bytes into {@code into}, from {@code offset} on: the same load as
   * {@link #readBytes(Pointer, int)}, into an array the caller keeps (a loop that reads many
   * blocks need not make an array for each).
   *
   * @param at where to load from
   * @param into the array to load into
   * @param offset where in {@code into} the first byte goes
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within
   *     {@code into}; nothing is loaded then
   * @throws MemoryFault if the access is not allowed; {@code into} is left as it was
   */
  public void readBytes(Pointer at, byte[] into, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, into.length);
    beforeOperation();
    synchronized (lock) {
      access.forRead(at, length).read(at.address(), into, offset, length);
      access.loaded(at, length);
    }
  }

  /**
   * Stores the bytes.
   *
   * @param at where to store
   * @param bytes the bytes
   * @throws MemoryFault if the access is not allowed
   */
  public void writeBytes(Pointer at, byte[] bytes) {
    beforeOperation();
    Objects.requireNonNull(bytes, "bytes");
    synchronized (lock) {
      access.forWrite(at, bytes.length).write(at.address(), bytes, 0, bytes.length);
      access.stored(at, bytes.length);
    }
  }

  /**
   * Stores {@code length} copies of {@code value}, like {@code memset}.
   *
   * @param at where to start
   * @param length how many bytes
   * @param value the byte to store
   * @throws IllegalArgumentException if the length is negative
   * @throws MemoryFault if the access is not allowed
   */
  public void fill(Pointer at, long length, byte value) {
    beforeOperation();
    checkArgument(length >= 0, "length must not be negative but was %s", length);
    synchronized (lock) {
      access.forWrite(at, length).fill(at.address(), length, value);
      access.stored(at, length);
    }
  }

  @Override
  public String toString() {
    return Phrases.thread(name);
  }

  // ---------------------------------------------------------------------------------------------
  // For the model's own classes

  /** Calls the scheduler's switch point, if any, before an operation of this thread. */
  void beforeOperation() {
    if (switchPoint != null) {
      switchPoint.beforeOperation(this);
    }
  }

  /** {@return the checked path of this thread's accesses} */
  AccessPath access() {
    return access;
  }

  CallSite.Table sites() {
    return sites;
  }

  Object lock() {
    return lock;
  }

  int index() {
    return index;
  }

  long bottom() {
    return bottom;
  }

  long top() {
    return top;
  }

  PagedMemory memory() {
    return memory;
  }

  Events events() {
    return events;
  }

  /** Writes a frame's linkage: 8 bytes at {@code address}, reported as frame linkage. */
  void writeLinkage(long address, long value) {
    memory.writeLong(address, value);
    if (events.observed) {
      events.store(this, address, 8, Origin.FRAME_LINKAGE);
    }
  }

  /** Reads a frame's linkage word, reported as frame linkage. */
  long readLinkage(long address) {
    long value = memory.readLong(address);
    if (events.observed) {
      events.load(this, address, 8, Origin.FRAME_LINKAGE);
    }
    return value;
  }

  /**
   * Refuses an operation from a Java thread other than the one that owns this context while its
   * stack holds frames. Called with the lock held.
   */
  void checkOwner() {
    if (undone) {
      throw new IllegalStateException(Phrases.threadUndone(name));
    }
    Thread current = owner;
    if (current != null && current != Thread.currentThread()) {
      throw new IllegalStateException(Phrases.drivenElsewhere(name, current.getName(),
          stack.depthLocked(), Thread.currentThread().getName()));
    }
  }

  /** {@return what puts the thread back as it is now: its stack's bytes and frames} */
  Runnable save() {
    PagedMemory.Snapshot bytes = memory.snapshot();
    Runnable frames = stack.save();
    Thread savedOwner = owner;
    return () -> {
      memory.restore(bytes);
      frames.run();
      owner = savedOwner;
      undone = false;
    };
  }

  /** Marks a thread that a restore to {@code op} undid: refused, its frames gone with it. */
  void undo(long op) {
    undone = true;
    stack.undoFrames(op);
  }

  /** Called by the stack after a push or pop, with the lock held. */
  void stackChanged(int depth) {
    owner = depth == 0 ? null : Thread.currentThread();
  }
}
