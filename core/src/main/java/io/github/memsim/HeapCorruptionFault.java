package io.github.memsim;

import io.github.memsim.alloc.HeapCorruptionException;

/**
 * Allocator bookkeeping in the heap that disagrees with itself or with the model's live blocks,
 * found by {@link Heap#check()} or by an operation that met it before changing anything. The
 * usual cause is a raw write over a block's tags.
 */
public final class HeapCorruptionFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  HeapCorruptionFault(HeapCorruptionException cause, String thread) {
    super(Kind.HEAP_CORRUPTION, cause.address(), thread, cause.getMessage(), cause);
  }

  HeapCorruptionFault(long address, String facts) {
    super(Kind.HEAP_CORRUPTION, address, null, facts);
  }

  HeapCorruptionFault(long address, String thread, String facts) {
    super(Kind.HEAP_CORRUPTION, address, thread, facts);
  }

  HeapCorruptionFault(long address, String thread, String facts, Throwable cause) {
    super(Kind.HEAP_CORRUPTION, address, thread, facts, cause);
  }
}
