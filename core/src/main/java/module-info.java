/**
 * memsim: an embeddable, deterministic model of a process's memory: per-thread stacks, a heap
 * shared by all threads and managed by a pluggable allocator, checked pointers, and the faults
 * that come with them.
 *
 * <p>{@code io.github.memsim} holds the model; {@code io.github.memsim.alloc} holds the allocator
 * service interface and the built-in strategies; {@code io.github.memsim.cost} charges a model's
 * traffic to a simulated cache hierarchy; {@code io.github.memsim.ownership} keeps Rust's
 * ownership rules on owned values in simulated memory. Allocators from outside are found through
 * {@link java.util.ServiceLoader} as {@link io.github.memsim.alloc.AllocatorProvider}s.
 */
module io.github.memsim {
  requires com.google.common;
  requires org.slf4j;

  exports io.github.memsim;
  exports io.github.memsim.alloc;
  exports io.github.memsim.concurrent;
  exports io.github.memsim.cost;
  exports io.github.memsim.ownership;
  exports io.github.memsim.picture;
  exports io.github.memsim.trace;

  uses io.github.memsim.alloc.AllocatorProvider;
  // Only to ask whether the application has bound SLF4J, before a warning is logged.
  uses org.slf4j.spi.SLF4JServiceProvider;
}
