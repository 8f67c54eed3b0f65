/**
 * Pictures of memory: {@link io.github.memsim.picture.StatePicture} draws a model's state
 * (from {@link io.github.memsim.MemoryModel#view()}) as SVG, with stacks, heap blocks and the
 * pointers between them, and writes the same state as versioned JSON for other visualizers.
 *
 * <p>This package depends on the root API only; nothing in the root package refers to it.
 */
package io.github.memsim.picture;
