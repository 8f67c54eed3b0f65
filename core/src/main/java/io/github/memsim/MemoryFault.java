package io.github.memsim;

import java.util.Optional;

/**
 * A fault of the simulated program: a bad access, a bad free, exhausted memory, a broken stack
 * discipline or a damaged heap. The operation that faulted was rejected, and the simulated
 * state is exactly what it was before it.
 *
 * <p>Messages follow one grammar: the kind, a colon, the facts, and after a semicolon the
 * history (who allocated or freed what, at which op) and the thread that faulted, e.g.
 * {@code double free: block #17 (24 bytes at 0x10020) was freed by main at op 5; allocated by
 * main at op 2; on main}. A call made outside any thread ({@link Heap#check()},
 * {@link Heap#usableSize(Pointer)}) ends {@code "; on no thread"}. "Op" numbers count the
 * model's completed operations from 1. Messages are ASCII.
 */
public abstract sealed class MemoryFault extends RuntimeException
    permits NullDereferenceFault, SegmentationFault, OutOfBoundsFault, UseAfterFreeFault,
        DoubleFreeFault, InvalidFreeFault, OutOfMemoryFault, StackOverflowFault,
        LifoViolationFault, DanglingStackPointerFault, HeapCorruptionFault, UnlockFault,
        DeadlockFault, DataRaceFault, OwnershipFault {
  private static final long serialVersionUID = 1L;
  /** What a message says in place of a thread when none asked: {@link Heap#check()} and the like. */
  static final String NO_THREAD = Phrases.NO_THREAD;

  /** The kinds of fault, one per subclass. */
  public enum Kind {
    /** A load or store through a null pointer (an address in the first page). */
    NULL_DEREFERENCE("null dereference"),
    /** A load or store at an address that is not mapped. */
    SEGMENTATION_FAULT("segmentation fault"),
    /** A load or store outside the block or slot the pointer came from. */
    OUT_OF_BOUNDS("out of bounds"),
    /** A load, store or realloc through a pointer to a freed block. */
    USE_AFTER_FREE("use after free"),
    /** A free of a block that was already freed. */
    DOUBLE_FREE("double free"),
    /** A free of something malloc did not return: an interior, stack or never-allocated pointer. */
    INVALID_FREE("invalid free"),
    /** A request the heap cannot serve within its limit. */
    OUT_OF_MEMORY("out of memory"),
    /** A push past the thread's stack size. */
    STACK_OVERFLOW("stack overflow"),
    /** A pop or close of a frame that is not on top. */
    LIFO_VIOLATION("LIFO violation"),
    /** A load or store through a pointer into a frame that was popped. */
    DANGLING_STACK_POINTER("dangling stack pointer"),
    /** Allocator bookkeeping in the heap that disagrees with itself. */
    HEAP_CORRUPTION("heap corruption"),
    /** An unlock of a mutex the thread does not hold. */
    BAD_UNLOCK("bad unlock"),
    /** No thread can run and some wait: for mutexes that the waiting threads hold. */
    DEADLOCK("deadlock"),
    /** An access that races with an earlier one, refused by a race detector set to fault. */
    DATA_RACE("data race"),
    /** A use of a value after it was moved out of its variable (Rust's E0382). */
    USE_OF_MOVED_VALUE("use of moved value"),
    /** A use of a reference after a conflicting borrow or write of what it borrows. */
    BORROW_CONFLICT("borrow conflict"),
    /** A use of a reference after what it borrows was dropped or moved away. */
    DANGLING_REFERENCE("dangling reference");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@return the words that open every message of this kind} */
    public String label() {
      return label;
    }
  }

  /** The kind of fault. */
  private final Kind kind;
  /** The address involved. */
  private final long address;
  /** The faulting thread's name, or null. */
  private final String thread;
  /** The facts: the message without its kind and thread. */
  private final String facts;

  MemoryFault(Kind kind, long address, String thread, String facts) {
    this(kind, address, thread, facts, null);
  }

  MemoryFault(Kind kind, long address, String thread, String facts, Throwable cause) {
    super(Phrases.fault(kind, facts, thread), cause);
    this.kind = kind;
    this.address = address;
    this.thread = thread;
    this.facts = facts;
  }

  /** {@return the facts alone: the message without the kind before them and the thread after} */
  String facts() {
    return facts;
  }

  /** {@return the kind of fault} */
  public Kind kind() {
    return kind;
  }

  /** {@return the address involved: the one accessed, freed, or where damage was found} */
  public long address() {
    return address;
  }

  /** {@return the name of the thread whose operation faulted, if a thread did} */
  public Optional<String> thread() {
    return Optional.ofNullable(thread);
  }
}
