package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;

/** Heaps that several benchmarks measure. */
final class Heaps {
  private Heaps() {}

  /**
   * {@return a model whose heap holds 100,000 blocks of 16 to 64 bytes: 75,000 live, each
   * holding a pointer to the one before, and 25,000 freed between them}
   */
  static MemoryModel hundredThousandBlocks() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    Pointer previous = Pointer.NULL;
    for (int i = 0; i < 100_000; i++) {
      Pointer block = main.malloc(16 + i % 4 * 16);
      main.writePointer(block, previous);
      if (i % 4 == 3) {
        main.free(block);
      } else {
        previous = block;
      }
    }
    return model;
  }
}
