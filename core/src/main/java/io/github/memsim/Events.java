package io.github.memsim;

import io.github.memsim.MemoryListener.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The event dispatcher: the one path by which every memory event reaches the
 * {@link Counters} and the registered {@link MemoryListener}s, and the model's clock (op numbers).
 *
 * <p>Every emitting site checks {@link #observed} before it builds anything for listeners, so a
 * model without listeners pays one field read per event. Listener failures are caught here: the
 * listener is detached, and the failure is thrown by {@link #completeOp()} once the operation
 * has finished, or attached to the fault that ends it. Callers hold the model's lock.
 */
final class Events {
  final Counters counters = new Counters();
  private final Object lock;
  private final ThreadTable threads;
  private MemoryListener[] listeners;
  /** Whether any listener is attached: the one check on every emitting path. */
  boolean observed;
  /** The thread whose heap call is under way, to which the allocator's accesses belong. */
  private ThreadContext regionThread;
  private Origin regionOrigin = Origin.ALLOCATOR;
  private ListenerException failure;

  Events(Object lock, ThreadTable threads, List<MemoryListener> listeners) {
    this.lock = lock;
    this.threads = threads;
    this.listeners = listeners.toArray(new MemoryListener[0]);
    this.observed = this.listeners.length > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // The clock

  /** {@return the op number the operation under way will get if it succeeds} */
  long nextOp() {
    return counters.operations + 1;
  }

  /**
   * Records a successful operation and returns its op number; must be the operation's last
   * step, because it throws a listener's failure.
   */
  long completeOp() {
    long op = ++counters.operations;
    throwFailure();
    return op;
  }

  /**
   * Throws a listener's failure recorded since the last one was thrown, if any: the last step
   * of {@link #completeOp()}, and of every call that sends events but counts no op (the heap
   * map, the heap check, usableSize), so that a failure surfaces from the call that caused it.
   */
  void throwFailure() {
    if (failure != null) {
      ListenerException thrown = failure;
      failure = null;
      throw thrown;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Emitting

  /** A load of the program's own ({@link Origin#USER} or {@link Origin#ATOMIC}): counted, then sent. */
  void userLoad(ThreadContext thread, long address, long length, Origin origin) {
    counters.onUserLoad();
    if (observed) {
      load(thread, address, length, origin);
    }
  }

  /** A store of the program's own ({@link Origin#USER} or {@link Origin#ATOMIC}). */
  void userStore(ThreadContext thread, long address, long length, Origin origin) {
    counters.onUserStore();
    if (observed) {
      store(thread, address, length, origin);
    }
  }

  /** Sends a load to the listeners; callers check {@link #observed} first. */
  void load(ThreadContext thread, long address, long length, Origin origin) {
    long op = origin == Origin.INSPECTION ? counters.operations : nextOp();
    for (MemoryListener listener : listeners) {
      try {
        listener.onLoad(thread, op, address, length, origin);
      } catch (RuntimeException | Error e) {
        failed(listener, op, e);
      }
    }
  }

  /** The pointer a pointer load returned, after that load's event; sent only when observed. */
  void pointerLoad(ThreadContext thread, long address, Pointer value) {
    if (observed) {
      long op = nextOp();
      for (MemoryListener listener : listeners) {
        try {
          listener.onPointerLoad(thread, op, address, value);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
    }
  }

  /** Sends a store to the listeners; callers check {@link #observed} first. */
  void store(ThreadContext thread, long address, long length, Origin origin) {
    long op = nextOp();
    for (MemoryListener listener : listeners) {
      try {
        listener.onStore(thread, op, address, length, origin);
      } catch (RuntimeException | Error e) {
        failed(listener, op, e);
      }
    }
  }

  /** Marks the accesses of the allocator from now on as made for {@code thread}'s heap call. */
  void enterHeapCall(ThreadContext thread, Origin origin) {
    // Only listeners read these; without them, spare the hot path two reference stores.
    if (observed) {
      regionThread = thread;
      regionOrigin = origin;
    }
  }

  /** A load by the allocator (or the heap checker) through the heap region. */
  void regionLoad(long address, long length) {
    load(regionThread, address, length, regionOrigin);
  }

  /** A store by the allocator through the heap region. */
  void regionStore(long address, long length) {
    store(regionThread, address, length, regionOrigin);
  }

  void heapCall(HeapCall.Kind kind, ThreadContext thread, long requested, Block block,
      Block oldBlock, long indexProbes, long scanProbes) {
    counters.onHeapCall(kind, indexProbes, scanProbes);
    if (observed) {
      HeapCall call = new HeapCall(kind, thread, nextOp(), requested, lock, threads, block, oldBlock,
          indexProbes, scanProbes);
      for (MemoryListener listener : listeners) {
        try {
          listener.onHeapCall(call);
        } catch (RuntimeException | Error e) {
          failed(listener, call.op(), e);
        }
      }
    }
  }

  void push(ThreadContext thread, Frame frame) {
    counters.onPush();
    if (observed) {
      long op = nextOp();
      for (MemoryListener listener : listeners) {
        try {
          listener.onPush(thread, op, frame);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
    }
  }

  void pop(ThreadContext thread, Frame frame) {
    counters.onPop();
    if (observed) {
      long op = nextOp();
      for (MemoryListener listener : listeners) {
        try {
          listener.onPop(thread, op, frame);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
    }
  }

  /** Tells listeners of a pointer compare-and-set that succeeded on a stale pointer's bits. */
  void staleCompareAndSet(ThreadContext thread, long address, Block expected, Block found) {
    if (observed) {
      long op = nextOp();
      HeapBlock was = threads.heapBlock(expected);
      HeapBlock now = threads.heapBlock(found);
      for (MemoryListener listener : listeners) {
        try {
          listener.onStaleCompareAndSet(thread, op, address, was, now);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
    }
  }

  void threadStarted(ThreadContext thread) {
    if (observed) {
      long op = counters.operations;
      for (MemoryListener listener : listeners) {
        try {
          listener.onThreadStart(thread, op);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
      throwFailure();
    }
  }

  /** Tells the listeners that {@code parent} spawned {@code child}. */
  void spawn(ThreadContext parent, ThreadContext child) {
    threadEvent(parent, child, true);
  }

  /** Tells the listeners that {@code parent} joined {@code child}. */
  void join(ThreadContext parent, ThreadContext child) {
    threadEvent(parent, child, false);
  }

  private void threadEvent(ThreadContext parent, ThreadContext child, boolean spawn) {
    if (observed) {
      long op = counters.operations;
      for (MemoryListener listener : listeners) {
        try {
          if (spawn) {
            listener.onSpawn(parent, child, op);
          } else {
            listener.onJoin(parent, child, op);
          }
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
      throwFailure();
    }
  }

  /**
   * Tells the listeners of a fault and returns it, to be thrown; a listener failure of the same
   * operation travels with it as a suppressed exception.
   */
  MemoryFault fault(ThreadContext thread, MemoryFault fault) {
    if (observed) {
      regionOrigin = Origin.ALLOCATOR;
      long op = nextOp();
      for (MemoryListener listener : listeners) {
        try {
          listener.onFault(thread, op, fault);
        } catch (RuntimeException | Error e) {
          failed(listener, op, e);
        }
      }
    }
    if (failure != null) {
      fault.addSuppressed(failure);
      failure = null;
    }
    return fault;
  }

  /** Detaches a listener that threw; the first failure of an operation is the one reported. */
  private void failed(MemoryListener listener, long op, Throwable e) {
    List<MemoryListener> kept = new ArrayList<>(Arrays.asList(listeners));
    kept.remove(listener);
    listeners = kept.toArray(new MemoryListener[0]);
    observed = listeners.length > 0;
    if (failure == null) {
      failure = new ListenerException(listener, op, e);
    } else {
      failure.addSuppressed(e);
    }
  }
}
