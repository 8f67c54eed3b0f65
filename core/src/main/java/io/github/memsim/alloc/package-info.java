/**
 * Heap allocation strategies: the service interface ({@link io.github.memsim.alloc.Allocator},
 * {@link io.github.memsim.alloc.AllocatorProvider}, {@link io.github.memsim.alloc.HeapRegion}),
 * the block format ({@link io.github.memsim.alloc.BlockLayout}) and the built-in strategies,
 * found through {@link io.github.memsim.alloc.Allocators}.
 *
 * <p>This package sees addresses and sizes only; it knows nothing of threads, pointers or the
 * model that uses it.
 */
package io.github.memsim.alloc;
