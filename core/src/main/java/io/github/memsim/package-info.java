/**
 * The memory model: a simulated process's stacks, shared heap and checked pointers, and the
 * stream of events that every other part of memsim watches.
 *
 * <pre>{@code
 * MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit()).build();
 * ThreadContext main = model.mainThread();
 * FrameLayout layout = FrameLayout.builder("push_node").pointerSlot("node").build();
 * try (Frame frame = main.stack().push(layout)) {   // a call; closing the frame returns
 *   Pointer node = main.malloc(16);
 *   frame.setPointer("node", node);
 *   main.writeLong(node, 42);
 * }
 * System.out.print(model.heap().describe());        // every block and tag, in address order
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link MemoryModel} is the process and the entry point: built once with its allocator,
 *       block layout, heap limit, default stack size, listeners and hooks, it owns the address
 *       space, the threads and the heap, and takes {@linkplain MemoryModel#snapshot()
 *       snapshots} and restores them.</li>
 *   <li>{@link ThreadContext} is a simulated thread, and the only place where memory is used:
 *       {@code malloc}, {@code calloc}, {@code realloc}, {@code free}, checked loads and stores
 *       of every width, atomics. Each has its own {@link Stack} of {@link Frame}s, laid out
 *       before the call by a {@link FrameLayout} (typed slots at natural alignment, plus a saved
 *       frame pointer and return address written as real bytes).</li>
 *   <li>{@link Heap} is shared by all threads and managed by an allocator of
 *       {@link io.github.memsim.alloc}; it knows each live block's provenance
 *       ({@link HeapBlock}: number, size, thread, op and allocation site), checks itself
 *       ({@link Heap#check()}), draws itself ({@link HeapMap}) and finds leaks
 *       ({@link LeakReport}).</li>
 *   <li>{@link Pointer} is an immutable address with provenance: the heap block or stack slot
 *       it came from. {@link Pointer#raw(long)} is what a cast from an integer gives.</li>
 *   <li>{@link MemoryFault} is the sealed family of what can go wrong, one final class per kind
 *       (null dereference, segmentation fault, out of bounds, use after free, double free,
 *       invalid free, out of memory, stack overflow, LIFO violation, dangling stack pointer,
 *       heap corruption, data race, deadlock, bad unlock).</li>
 *   <li>{@link Statistics}, {@link HeapMap}, {@link ModelView} and {@link LeakReport} are
 *       read-only values taken at a moment; reading them changes nothing.</li>
 *   <li>{@link MemoryListener} sees every event; {@link HeapCall} sums up one heap call.
 *       {@link SwitchPoint} (before every operation of a thread) and {@link AccessCheck} (before
 *       every access, after the model's own checks) are the hooks a scheduler and a race
 *       detector use. {@link Finding} is something a tool found at an address, for a picture
 *       to show.</li>
 *   <li>{@link AddressSpace} names the layout's constants.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * The data path runs one way: a {@code ThreadContext} call is checked against the pointer's
 * provenance (is the block still live, the frame still on the stack, the access inside it),
 * then goes to the heap and its allocator, then to the simulated bytes; every step emits
 * events, in order, to the listeners. Addresses are {@code long}s in a sparse space: the first
 * page is never mapped (so address 0 is a null dereference), the heap grows up from
 * {@code 0x10000} to its limit, and each thread's stack lies below {@code 0x7fff00000000},
 * one under the other, with unmapped guard gaps. Pages are made on first write, so a large
 * limit costs only what is touched.
 *
 * <p>Statistics, costs ({@code io.github.memsim.cost}), races
 * ({@code io.github.memsim.concurrent}), pictures and recordings
 * ({@code io.github.memsim.picture}) and replays ({@code io.github.memsim.trace}) are all
 * consumers of the event stream or users of this API; this package imports none of them.
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li><b>Deterministic.</b> The same operations give the same addresses, block numbers,
 *       values, op numbers, faults and statistics, on every machine and in every locale.</li>
 *   <li><b>A rejected operation changes nothing.</b> An operation checks everything that could
 *       make it fail, then changes state, then takes its op number; a fault leaves memory,
 *       stacks, statistics and the op counter as they were.</li>
 *   <li><b>One grammar for faults:</b> kind, facts, then history and thread, for example
 *       {@code double free: block #2 (16 bytes at 0x10040) was freed by main in main at op 52;
 *       allocated by main in main at op 34; on main}.</li>
 *   <li><b>Safe to share.</b> One lock serialises every operation of every thread. A
 *       {@code ThreadContext} with frames on its stack belongs to the Java thread that pushed
 *       them; another Java thread's call on it is refused until the stack is empty.</li>
 *   <li><b>Observing costs nothing when nobody observes.</b> Loads and stores reach listeners
 *       as primitives and the rest as values; a model without listeners builds nothing. A
 *       listener that throws is detached, the operation completes without it, and the caller
 *       gets a {@link ListenerException}.</li>
 *   <li><b>Step-back is exact.</b> After {@link MemoryModel#restore}, every operation gives what
 *       it gave the first time; what happened since is undone and faults say so. Listeners are
 *       not rewound.</li>
 * </ul>
 */
package io.github.memsim;
