package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.Sets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thread table of a model: its threads in the order they started, their names, where each
 * one's stack lies, and the names that a block's packed thread index stands for. Stacks are
 * placed downward from {@link AddressSpace#STACK_TOP}, each below the previous one's guard gap,
 * so a thread's index orders its stack: the higher the index, the lower the stack. Callers hold
 * the model's lock.
 */
final class ThreadTable {
  private final long heapLimit;
  private final List<ThreadContext> threads = new ArrayList<>();
  private final Map<String, ThreadContext> byName = new HashMap<>();
  /**
   * Every thread's name by index, those a restore undid included: a thread's index is never
   * given again, so a block or frame that outlives its thread in a pointer still names it.
   */
  private final List<String> names = new ArrayList<>();
  /** The lowest address any stack's guard gap reaches: the next stack's top lies below it. */
  private long nextStackTop = AddressSpace.STACK_TOP;

  ThreadTable(long heapLimit) {
    this.heapLimit = heapLimit;
  }

  static void checkStackSize(long bytes) {
    checkArgument(bytes >= FrameLayout.FRAME_ALIGNMENT && bytes <= AddressSpace.MAX_STACK_SIZE
        && bytes % FrameLayout.FRAME_ALIGNMENT == 0,
        "stack size must be a multiple of 16 between 16 and %s bytes but was %s",
        AddressSpace.MAX_STACK_SIZE, bytes);
  }

  /** Starts a thread of {@code model} with a stack of {@code size} bytes below the others. */
  ThreadContext add(MemoryModel model, String name, long size) {
    checkArgument(name != null && !name.isBlank(), "thread name must not be blank");
    checkArgument(!name.equals(Phrases.RESET), "'%s' is reserved: messages use it for blocks"
        + " freed by Heap.reset()", Phrases.RESET);
    checkArgument(!byName.containsKey(name), "a thread named '%s' already exists",
        Phrases.name(name));
    int index = names.size();
    if (index >= MemoryModel.MAX_THREADS) {
      throw new IllegalStateException("no room for thread '" + Phrases.name(name) + "': a model"
          + " holds at most " + MemoryModel.MAX_THREADS + " threads"
          + (threads.size() < index ? ", counting those undone by restores" : ""));
    }
    long top = nextStackTop;
    long bottom = top - size;
    // The thread limit is what binds: MAX_THREADS stacks of MAX_STACK_SIZE with their guard
    // gaps take 64 TiB, far less than the space between the largest heap and STACK_TOP.
    assert bottom - AddressSpace.STACK_GUARD_BYTES >= AddressSpace.HEAP_BASE + heapLimit;
    ThreadContext thread = new ThreadContext(model, index, name, bottom, top);
    threads.add(thread);
    byName.put(name, thread);
    names.add(name);
    long pages = (size + AddressSpace.PAGE_SIZE - 1) / AddressSpace.PAGE_SIZE;
    nextStackTop = top - pages * AddressSpace.PAGE_SIZE - AddressSpace.STACK_GUARD_BYTES;
    return thread;
  }

  ThreadContext get(int index) {
    return threads.get(index);
  }

  int size() {
    return threads.size();
  }

  /** {@return the threads, a copy} */
  List<ThreadContext> all() {
    return new ArrayList<>(threads);
  }

  ThreadContext byName(String name) {
    return byName.get(name);
  }

  /** {@return a thread's name by index, or "heap reset" for the reset marker} */
  String name(int index) {
    return index == Block.RESET ? Phrases.RESET : names.get(index);
  }

  /** {@return the thread whose stack region holds {@code address}, or null} */
  ThreadContext stackOwner(long address) {
    ThreadContext below = lowestStackAbove(address);
    return below != null && address >= below.bottom() ? below : null;
  }

  /** {@return the thread with the lowest stack top above {@code address}, or null} */
  ThreadContext lowestStackAbove(long address) {
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

  /** {@return the lowest address of the unmapped gap below {@code thread}'s stack} */
  static long guardBottom(ThreadContext thread) {
    long pages = (thread.top() - thread.bottom() + AddressSpace.PAGE_SIZE - 1)
        / AddressSpace.PAGE_SIZE;
    return thread.top() - pages * AddressSpace.PAGE_SIZE - AddressSpace.STACK_GUARD_BYTES;
  }

  /** {@return {@code "allocated by main in f <- main at op 3"}} */
  String allocatedBy(Block block) {
    return Phrases.allocatedBy(name(block.threadIndex()), block.allocationSite(), block.op());
  }

  /** {@return {@code "freed by main in g <- main at op 5"}, or that a restore undid it} */
  String freedBy(Block block) {
    if (block.isUndone()) {
      return Phrases.undone(Block.opOf(block.freedOrigin()));
    }
    return Phrases.freedBy(name(Block.threadOf(block.freedOrigin())), block.freeSite(),
        Block.opOf(block.freedOrigin()));
  }

  /** {@return a public snapshot of a block and its provenance} */
  HeapBlock heapBlock(Block block) {
    CallSite site = block.allocationSite();
    return new HeapBlock(block.id(), block.address(), block.size(), name(block.threadIndex()),
        block.op(), site == null ? List.of() : site.functions());
  }

  /**
   * {@return what puts the threads back as they are now: each one's stack bytes and frames,
   * and the table} A thread started since is undone: its operations are refused, and pointers
   * into its frames dangle.
   *
   * @param op the op number of the state saved, which messages about what is undone give
   */
  Runnable save(long op) {
    List<ThreadContext> saved = new ArrayList<>(threads);
    List<Runnable> states = new ArrayList<>();
    for (ThreadContext thread : threads) {
      states.add(thread.save());
    }
    long savedStackTop = nextStackTop;
    return () -> {
      Set<ThreadContext> kept = Sets.newIdentityHashSet();
      kept.addAll(saved);
      for (ThreadContext thread : threads) {
        if (!kept.contains(thread)) {
          thread.undo(op);
        }
      }
      threads.clear();
      threads.addAll(saved);
      byName.clear();
      for (ThreadContext thread : saved) {
        byName.put(thread.name(), thread);
      }
      states.forEach(Runnable::run);
      nextStackTop = savedStackTop;
    };
  }
}
