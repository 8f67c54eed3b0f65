package io.github.memsim;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.internal.PagedMemory;
import java.util.Objects;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The checked path of one thread's loads and stores: provenance and mapping checks, the access
 * check, the pointer tags a store forgets, and the events an access sends; and the atomic
 * operations, each one indivisible operation built on the same checks. {@link ThreadContext}
 * keeps the public methods and hands each access here, a final field away.
 */
final class AccessPath {
  private final ThreadContext thread;
  private final Object lock;
  private final Events events;
  private final AddressMap addresses;
  private final PointerTags pointerTags;
  /** The access check, or null. */
  private final AccessCheck accessCheck;

  AccessPath(ThreadContext thread, Object lock, Events events, AddressMap addresses,
      PointerTags pointerTags, AccessCheck accessCheck) {
    this.thread = thread;
    this.lock = lock;
    this.events = events;
    this.addresses = addresses;
    this.pointerTags = pointerTags;
    this.accessCheck = accessCheck;
  }

  PointerTags pointerTags() {
    return pointerTags;
  }

  /** Checks a load and returns the memory to read; called with the lock held. */
  PagedMemory forRead(Pointer at, long length) {
    return forRead(at, length, false);
  }

  PagedMemory forRead(Pointer at, long length, boolean atomic) {
    Objects.requireNonNull(at, "at");
    thread.checkOwner();
    try {
      PagedMemory memory = addresses.resolve(at, length, false, thread);
      checkAccess(at.address(), length, true, false, atomic);
      return memory;
    } catch (MemoryFault fault) {
      throw events.fault(thread, fault);
    }
  }

  /** Asks the model's access check, if any, about an access; throws its fault unsent. */
  void checkAccess(long address, long length, boolean reads, boolean writes, boolean atomic) {
    if (accessCheck != null && length > 0) {
      accessCheck.beforeAccess(thread, events.nextOp(), address, length, reads, writes, atomic);
    }
  }

  /** Checks a store, forgets pointer tags under it, and returns the memory to write. */
  PagedMemory forWrite(Pointer at, long length) {
    Objects.requireNonNull(at, "at");
    thread.checkOwner();
    PagedMemory target;
    try {
      target = addresses.resolve(at, length, true, thread);
      checkAccess(at.address(), length, false, true, false);
    } catch (MemoryFault fault) {
      throw events.fault(thread, fault);
    }
    pointerTags.clear(at.address(), length);
    return target;
  }

  void loaded(Pointer at, long length) {
    events.userLoad(thread, at.address(), length, Origin.USER);
    events.completeOp();
  }

  /** A pointer load's events: the load, then the pointer it returned. */
  void loadedPointer(Pointer at, Pointer value) {
    events.userLoad(thread, at.address(), 8, Origin.USER);
    events.pointerLoad(thread, at.address(), value);
    events.completeOp();
  }

  void stored(Pointer at, long length) {
    events.userStore(thread, at.address(), length, Origin.USER);
    events.completeOp();
  }

  // ---------------------------------------------------------------------------------------------
  // Atomic operations: each one operation, one switch point, indivisible and sequentially
  // consistent; its accesses reach listeners as Origin.ATOMIC.

  long atomicLoad(Pointer at, int size) {
    thread.beforeOperation();
    synchronized (lock) {
      PagedMemory memory = forRead(at, size, true);
      long value = size == 4 ? memory.readInt(at.address()) : memory.readLong(at.address());
      events.userLoad(thread, at.address(), size, Origin.ATOMIC);
      events.completeOp();
      return value;
    }
  }

  Pointer atomicLoadPointer(Pointer at) {
    thread.beforeOperation();
    synchronized (lock) {
      long bytes = forRead(at, 8, true).readLong(at.address());
      Pointer value = pointerTags.read(at.address(), bytes);
      events.userLoad(thread, at.address(), 8, Origin.ATOMIC);
      events.pointerLoad(thread, at.address(), value);
      events.completeOp();
      return value;
    }
  }

  /**
   * One indivisible operation: checks that the bytes may be written, reads them, and stores
   * {@code update(old)} if {@code storeIf(old)}; a failed condition stores nothing and keeps
   * the pointer tags there.
   */
  long readModifyWrite(Pointer at, int size, LongPredicate storeIf, LongUnaryOperator update,
      Pointer tagged, boolean reads) {
    return readModifyWrite(at, size, storeIf, update, tagged, reads, null);
  }

  long readModifyWrite(Pointer at, int size, LongPredicate storeIf, LongUnaryOperator update,
      Pointer tagged, boolean reads, Runnable afterAccesses) {
    thread.beforeOperation();
    synchronized (lock) {
      Objects.requireNonNull(at, "at");
      thread.checkOwner();
      PagedMemory memory;
      long old;
      boolean stores;
      try {
        memory = addresses.resolve(at, size, true, thread);
        old = size == 4 ? memory.readInt(at.address()) : memory.readLong(at.address());
        stores = storeIf.test(old);
        checkAccess(at.address(), size, reads, stores, true);
      } catch (MemoryFault fault) {
        throw events.fault(thread, fault);
      }
      if (reads) {
        events.userLoad(thread, at.address(), size, Origin.ATOMIC);
      }
      if (stores) {
        long value = update.applyAsLong(old);
        pointerTags.clear(at.address(), size);
        if (size == 4) {
          memory.writeInt(at.address(), (int) value);
        } else {
          memory.writeLong(at.address(), value);
        }
        if (tagged != null) {
          pointerTags.tag(at.address(), tagged);
        }
        events.userStore(thread, at.address(), size, Origin.ATOMIC);
      }
      if (afterAccesses != null) {
        afterAccesses.run();
      }
      events.completeOp();
      return old;
    }
  }
}
