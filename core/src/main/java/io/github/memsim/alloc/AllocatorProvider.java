package io.github.memsim.alloc;

/**
 * A named allocation strategy: the service interface through which strategies are found.
 *
 * <p>The built-in strategies come from {@link Allocators}. A strategy from outside the library
 * becomes available to {@link Allocators#byName(String)} (and to every tool that takes a strategy
 * name) by registering an implementation with {@link java.util.ServiceLoader}: a
 * {@code provides io.github.memsim.alloc.AllocatorProvider with ...} clause on the module path,
 * or a {@code META-INF/services/io.github.memsim.alloc.AllocatorProvider} file on the class path.
 * Implementations need a public no-argument constructor.
 */
public interface AllocatorProvider {
  /**
   * {@return the strategy's name, such as {@code best-fit}; lower case with dashes by convention}
   */
  String name();

  /** {@return a one-line description for listings} */
  default String description() {
    return name();
  }

  /**
   * Creates an allocator that manages {@code region} with blocks of the given layout. The region
   * is empty; the allocator lays down its initial structure (padding, prologue, epilogue) itself.
   *
   * @param region the empty region to manage
   * @param layout the block format to write
   * @return a new allocator, owning the region from now on
   * @throws IllegalArgumentException if the region's limit cannot hold the initial structure
   */
  Allocator create(HeapRegion region, BlockLayout layout);
}
