/**
 * The memory model: a simulated process's stacks, shared heap and checked pointers.
 *
 * <p>Start with {@link io.github.memsim.MemoryModel#builder()}. A model has
 * {@link io.github.memsim.ThreadContext threads}, each with its own
 * {@link io.github.memsim.Stack} of {@link io.github.memsim.Frame frames} laid out by a
 * {@link io.github.memsim.FrameLayout}, and one {@link io.github.memsim.Heap} shared by all of
 * them; loads, stores and heap calls go through {@link io.github.memsim.Pointer pointers} that
 * carry their provenance, and a bad one throws a {@link io.github.memsim.MemoryFault}.
 * {@link io.github.memsim.Statistics} and {@link io.github.memsim.HeapMap} are read-only
 * snapshots; a {@link io.github.memsim.MemoryListener} sees every memory event as it happens.
 */
package io.github.memsim;
