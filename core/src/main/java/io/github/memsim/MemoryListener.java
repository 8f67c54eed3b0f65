package io.github.memsim;

/**
 * An observer of every memory event of a model: loads and stores with their origin, the pointers
 * that pointer loads return, heap calls, frame pushes and pops, thread starts, spawns and joins,
 * and faults. Register listeners on the builder with
 * {@link MemoryModel.Builder#listener(MemoryListener)}; they are called in registration order,
 * in the order the events happen, each event attributed to a thread and an op number.
 *
 * <pre>{@code
 * long[] tagReads = {0};
 * MemoryModel model = MemoryModel.builder()
 *     .listener(new MemoryListener() {
 *       @Override
 *       public void onLoad(ThreadContext thread, long op, long address, long length,
 *           Origin origin) {
 *         if (origin == Origin.ALLOCATOR) {
 *           tagReads[0]++;
 *         }
 *       }
 *     })
 *     .build();
 * model.mainThread().malloc(16);               // reads the tags of the free block it splits
 * }</pre>
 *
 * <h2>Op numbers and order</h2>
 * Events of an operation carry the number that the operation gets when it succeeds (the
 * model's {@link Statistics#operations()} afterwards). Accesses come as they happen, and the
 * event that sums the operation up ({@link #onHeapCall}, {@link #onPush}, {@link #onPop}) comes
 * last. An operation that is rejected may already have read memory (the checks that find a
 * damaged heap read its tags); its accesses are followed by {@link #onFault}, and then the
 * fault is thrown with the state unchanged, so the op number is used again by the next
 * operation. Events outside any operation (a thread start, the heap checker's and the heap
 * map's reads) carry the number of the last completed operation.
 *
 * <h2>Design</h2>
 * Loads and stores, which are most of the stream, are delivered as primitives, so that a
 * model with listeners builds no object per access and a listener that wants values (a
 * recorder) makes exactly the ones it keeps. The other events are rare enough to come as
 * immutable values ({@link HeapCall}, {@link Frame}, {@link MemoryFault}) that may be kept.
 * A model without listeners does not call into the stream at all: each place that emits an
 * event first checks one field.
 *
 * <h2>Threads and failures</h2>
 * Listeners are called while the model's lock is held, one event at a time, on the Java thread
 * that drives the operation; a listener must not call back into the model. A listener that
 * throws does not disturb the model: it is detached at once (it receives nothing more), the
 * operation under way completes (or faults) exactly as it would have, and then a
 * {@link ListenerException} carrying the listener's exception is thrown to the caller of that
 * operation (for a fault, the listener's exception is added to the fault as suppressed). Every
 * method has an empty default, so a listener implements only what it needs.
 */
public interface MemoryListener {
  /** Why an access to simulated memory happened. */
  enum Origin {
    /** A load or store through a {@link Pointer}, or a frame slot accessor: the program's own. */
    USER,
    /** A push writing, or a pop reading, the saved frame pointer and the return address. */
    FRAME_LINKAGE,
    /** An allocator reading or writing its bookkeeping (tags, links) during a heap call. */
    ALLOCATOR,
    /** calloc clearing its new block. */
    ZEROING,
    /** realloc copying the kept bytes: one read of the old block and one write of the new. */
    COPY,
    /**
     * Reads made only to look at the heap: {@link Heap#check()}, {@link Heap#map()} and
     * {@link Heap#describe()} walking the tags. A running program would not make them; a cost
     * model should not charge them.
     */
    INSPECTION,
    /**
     * The load and the store of an atomic operation of the program ({@link
     * ThreadContext#compareAndSetLong} and the like): the program's own, made indivisibly and
     * sequentially consistent, which a race detector does not count as a race.
     */
    ATOMIC
  }

  /**
   * Receives a load.
   *
   * @param thread the thread that loads, or null for {@link Origin#INSPECTION} and for the
   *     allocator's loads during {@link Heap#reset()}
   * @param op the op number of the operation (see the class comment)
   * @param address the first byte read
   * @param length the bytes read
   * @param origin why
   */
  default void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {}

  /**
   * Receives the pointer that a pointer load returned ({@link ThreadContext#readPointer},
   * {@link Frame#getPointer}, {@link ThreadContext#atomicLoadPointer}), just after that load's
   * {@link #onLoad}: the one event that says which later accesses depend on a load, since an
   * access through {@code value} cannot start before the load that produced it has finished
   * (pointer chasing). A cost model uses it to make such accesses wait.
   *
   * @param thread the thread that loaded the pointer
   * @param op the op number of the load
   * @param address where the pointer was loaded from
   * @param value the pointer loaded, with its provenance if its bytes were intact
   */
  default void onPointerLoad(ThreadContext thread, long op, long address, Pointer value) {}

  /**
   * Receives a store.
   *
   * @param thread the thread that stores, or null for the allocator's stores that lay down the
   *     empty heap as the model is built and that {@link Heap#reset()} makes
   * @param op the op number of the operation
   * @param address the first byte written
   * @param length the bytes written
   * @param origin why
   */
  default void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {}

  /**
   * Receives a completed heap call, after the accesses it made.
   *
   * @param call what was asked and what came of it
   */
  default void onHeapCall(HeapCall call) {}

  /**
   * Receives a push, after the frame's linkage was written.
   *
   * @param thread the thread whose stack grew
   * @param op the op number of the push
   * @param frame the new frame, on top
   */
  default void onPush(ThreadContext thread, long op, Frame frame) {}

  /**
   * Receives a pop, after the frame's linkage was read.
   *
   * @param thread the thread whose stack shrank
   * @param op the op number of the pop
   * @param frame the frame that was popped
   */
  default void onPop(ThreadContext thread, long op, Frame frame) {}

  /**
   * Receives the start of a thread (the main thread's too, as the model is built).
   *
   * @param thread the new thread
   * @param op the number of the last completed operation
   */
  default void onThreadStart(ThreadContext thread, long op) {}

  /**
   * Receives a spawn: {@code parent} started {@code child}, which it may later join; the child's
   * {@link #onThreadStart} came just before. Sent by {@link MemoryModel#spawn}, which
   * {@code io.github.memsim.concurrent} calls for a body that spawns a thread.
   *
   * @param parent the spawning thread
   * @param child the new thread
   * @param op the number of the last completed operation
   */
  default void onSpawn(ThreadContext parent, ThreadContext child, long op) {}

  /**
   * Receives a join: {@code parent} has waited for {@code child} to end, so everything the child
   * did comes before what the parent does next. Sent by {@link MemoryModel#joined}, which
   * {@code io.github.memsim.concurrent} calls when a join returns and when a run joins its
   * bodies into the main thread at the end.
   *
   * @param parent the thread that waited
   * @param child the thread that ended
   * @param op the number of the last completed operation
   */
  default void onJoin(ThreadContext parent, ThreadContext child, long op) {}

  /**
   * Receives a compare-and-set of a pointer that succeeded only because the bits matched: the
   * expected pointer was derived from a block that has been freed, and the block now at that
   * address is another one (the ABA problem, which only provenance can name). Called after the
   * operation's accesses.
   *
   * @param thread the thread whose compare-and-set it was
   * @param op its op number
   * @param address where the pointer was stored
   * @param expected the freed block the expected pointer came from
   * @param found the block the stored pointer leads to now
   */
  default void onStaleCompareAndSet(ThreadContext thread, long op, long address,
      HeapBlock expected, HeapBlock found) {}

  /**
   * Receives a fault before it is thrown; the model's state is already what it was before the
   * rejected operation.
   *
   * @param thread the thread whose operation faulted, or null (the heap checker)
   * @param op the op number the rejected operation would have had
   * @param fault the fault about to be thrown
   */
  default void onFault(ThreadContext thread, long op, MemoryFault fault) {}
}
