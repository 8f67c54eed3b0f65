package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.util.List;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * A simulated process's memory: one stack per thread, a heap shared by all threads and managed
 * by a pluggable allocator, and the address space they live in.
 *
 * <pre>{@code
 * MemoryModel model = MemoryModel.builder()
 *     .allocator(Allocators.bestFit())
 *     .heapLimit(16 << 20)
 *     .stackSize(64 << 10)
 *     .build();
 * ThreadContext main = model.mainThread();
 * Pointer p = main.malloc(24);
 * }</pre>
 *
 * <p>A model is safe to use from several Java threads at once, each driving its own
 * {@link ThreadContext}; operations are serialised, so every run of the same operations in the
 * same order gives the same addresses, statistics and faults.
 */
public interface MemoryModel {
  /**
   * {@return a builder with the defaults: first-fit, standard layout, 16 MiB heap, 1 MiB stacks}
   */
  static Builder builder() {
    return new Builder();
  }

  /** {@return the thread every model starts with, named {@code main}} */
  ThreadContext mainThread();

  /**
   * Starts a new simulated thread with its own stack below the existing ones.
   *
   * @param name a name for messages; unique within the model
   * @return the new thread
   * @throws IllegalArgumentException if the name is blank or taken
   * @throws IllegalStateException if the address space has no room for another stack
   */
  ThreadContext newThread(String name);

  /** {@return the threads in the order they were started} */
  List<ThreadContext> threads();

  /**
   * Finds a thread by name.
   *
   * @param name the thread's name
   * @return the thread, if there is one
   */
  Optional<ThreadContext> thread(String name);

  /** {@return the shared heap} */
  Heap heap();

  /** {@return the stack size of every thread, in bytes} */
  long stackSize();

  /** {@return a snapshot of the statistics} */
  Statistics statistics();

  /** Builds a {@link MemoryModel}. */
  final class Builder {
    private AllocatorProvider allocator = Allocators.firstFit();
    private BlockLayout layout = BlockLayout.standard();
    private long heapLimit = 16L << 20;
    private long stackSize = 1L << 20;

    Builder() {}

    /**
     * Sets the allocation strategy.
     *
     * @param provider the strategy
     * @return this builder
     */
    public Builder allocator(AllocatorProvider provider) {
      this.allocator = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets the allocation strategy by name.
     *
     * @param name a strategy name, such as {@code best-fit}
     * @return this builder
     * @throws IllegalArgumentException if no strategy has that name
     * @see Allocators#byName(String)
     */
    public Builder allocator(String name) {
      this.allocator = Allocators.byName(name);
      return this;
    }

    /**
     * Sets the block format the allocator writes.
     *
     * @param blockLayout the block format
     * @return this builder
     */
    public Builder layout(BlockLayout blockLayout) {
      this.layout = Objects.requireNonNull(blockLayout, "blockLayout");
      return this;
    }

    /**
     * Sets how far the heap may grow, in bytes.
     *
     * @param bytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException unless it is between 4 KiB and
     * {@link AddressSpace#MAX_HEAP_LIMIT}
     */
    public Builder heapLimit(long bytes) {
      checkArgument(bytes >= AddressSpace.PAGE_SIZE && bytes <= AddressSpace.MAX_HEAP_LIMIT,
          "heap limit must be between %s and %s bytes but was %s", AddressSpace.PAGE_SIZE,
          AddressSpace.MAX_HEAP_LIMIT, bytes);
      this.heapLimit = bytes;
      return this;
    }

    /**
     * Sets the stack size of every thread, in bytes.
     *
     * @param bytes the stack size in bytes
     * @return this builder
     * @throws IllegalArgumentException unless it is a positive multiple of 16 up to
     * {@link AddressSpace#MAX_STACK_SIZE}
     */
    public Builder stackSize(long bytes) {
      checkArgument(bytes >= FrameLayout.FRAME_ALIGNMENT && bytes <= AddressSpace.MAX_STACK_SIZE
          && bytes % FrameLayout.FRAME_ALIGNMENT == 0,
          "stack size must be a multiple of 16 between 16 and %s bytes but was %s",
          AddressSpace.MAX_STACK_SIZE, bytes);
      this.stackSize = bytes;
      return this;
    }

    /**
     * Returns a new model with its main thread.
     *
     * @return the model
     * @throws IllegalArgumentException if the heap limit cannot hold the layout's initial heap
     */
    public MemoryModel build() {
      return new Model(allocator, layout, heapLimit, stackSize);
    }
  }
}
