package io.github.memsim;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapCorruptionException;

/**
 * The heap checker's comparison of the allocator's structures with the model's books: the
 * allocator checks itself, then every allocated block its walk shows must be a live block of
 * the model with room for the bytes requested, and the counts must agree. The heap translates
 * what it throws into faults; callers hold the model's lock.
 */
final class HeapCheck {
  private HeapCheck() {}

  /**
   * Checks {@code allocator} against {@code live}.
   *
   * @throws HeapCorruptionException if the allocator or its walk finds damage
   * @throws HeapCorruptionFault if the counts disagree
   */
  static void run(Allocator allocator, LiveBlockTable live, long heapBase,
      ThreadContext thread) {
    allocator.check();
    long[] allocated = new long[1];
    BlockLayout layout = allocator.layout();
    allocator.walk((blockAddress, blockSize, payload, isAllocated) -> {
      if (!isAllocated) {
        return;
      }
      allocated[0]++;
      Block block = live.get(payload);
      if (block == null) {
        throw new HeapCorruptionException(blockAddress,
            Phrases.notLiveBlock(blockAddress, blockSize));
      }
      long usable = blockSize - layout.headerBytes() - layout.footerBytes();
      if (usable < block.size()) {
        throw new HeapCorruptionException(blockAddress,
            Phrases.tooSmall(block.describe(), blockSize, usable));
      }
    });
    if (allocated[0] != live.size()) {
      throw new HeapCorruptionFault(heapBase, thread == null ? null : thread.name(),
          Phrases.countMismatch(live.size(), allocated[0]));
    }
  }
}
