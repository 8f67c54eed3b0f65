/**
 * Heap allocation strategies: the service interface a strategy implements, the block format,
 * and the built-in strategies, found by name.
 *
 * <pre>{@code
 * AllocatorProvider bestFit = Allocators.byName("best-fit");   // or Allocators.bestFit()
 * MemoryModel model = MemoryModel.builder().allocator(bestFit).layout(BlockLayout.textbook())
 *     .build();
 * System.out.println(Allocators.names());                      // every strategy found
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link AllocatorProvider} names a strategy and makes an {@link Allocator} for a
 *       {@link HeapRegion} and a {@link BlockLayout}. {@link Allocators} holds the built-in
 *       ones and finds others through {@link java.util.ServiceLoader}; an unknown name fails
 *       with the list of known ones.</li>
 *   <li>{@link Allocator} allocates a payload of n bytes (or answers {@link
 *       Allocator#NO_MEMORY}), frees a payload address, tells a block's usable size, walks its
 *       blocks for a {@link BlockVisitor}, checks its own structures, reports
 *       {@link AllocatorStatistics}, and can {@linkplain Allocator#save() save} its state for a
 *       snapshot. {@link ForwardingAllocator} wraps one to watch or change a few calls.</li>
 *   <li>{@link HeapRegion} is what a strategy works on: a base, a size it can grow
 *       ({@code sbrk}-like, failing at the limit), word accessors to simulated memory, and
 *       counters for probes.</li>
 *   <li>{@link BlockLayout} is the byte format: header and footer sizes, alignment, minimum
 *       block and growth. {@link BlockLayout#standard()} is a 64-bit C library's;
 *       {@link BlockLayout#textbook()} the implicit free list of the CS:APP textbook.</li>
 *   <li>{@link HeapCorruptionException} is what a strategy throws when its tags disagree.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * The heap of the model asks its allocator for blocks and hands it frees; the allocator keeps
 * its books (headers, footers and, where a strategy keeps them in memory, free-list links) in
 * the simulated bytes of its region, as a real allocator does, so that a stray write corrupts
 * them and the heap checker finds it. The heap starts with a padding word, a prologue block and
 * an epilogue header, so that every block has tagged neighbours:
 *
 * <pre>
 *   | padding | prologue | hdr | payload ... | ftr | hdr | free ... | ftr | ... | epilogue |
 * </pre>
 *
 * <p>First-fit, next-fit, best-fit and worst-fit share one boundary-tag engine with immediate
 * coalescing; they differ only in which free block they choose, and each chooses exactly the
 * block that the textbook's linear scan would choose. To find it fast, the engine keeps an index
 * of free blocks beside the heap: for first-fit and next-fit a B+tree by address whose inner
 * entries hold the largest block and the number of blocks below them; for best-fit and
 * worst-fit size bins (one small tree per size below 256 units of alignment, a bitmap of the bins
 * in use, and one tree by size for larger blocks). A search visits a few nodes, and the rank of
 * the chosen block gives the scan count without another search. Bump is an arena: a cursor that
 * only moves up, whose {@code free} releases nothing until the heap is reset.
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li>This package sees addresses and sizes only: it knows nothing of threads, pointers'
 *       provenance or the model that uses it, and imports none of it.</li>
 *   <li>Placement is the textbook's, exactly; the tests compare each built-in strategy with a
 *       linear scan on every allocation. Index probes count the index's own work, scan probes
 *       what the linear scan would have examined.</li>
 *   <li>A call that fails changes nothing. {@link Allocator#checkFree} lets {@code realloc}
 *       ask whether a block can be freed before it allocates the new one. The requested size
 *       passed to {@link Allocator#free(long, long)} is a hint that must never be trusted.</li>
 *   <li>An allocator from outside the library is checked, not trusted: every block it returns
 *       must be inside the heap, aligned and clear of every live block, or the model reports
 *       heap corruption naming it.</li>
 * </ul>
 */
package io.github.memsim.alloc;
