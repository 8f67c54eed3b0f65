package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;

/** The allocator contract for {@code best-fit}. */
class BestFitTest extends BoundaryTagContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.bestFit();
  }

  @Override
  HeapRun.Policy policy() {
    return HeapRun.Policy.BEST_FIT;
  }

  @Override
  String choiceAmongFourHoles() {
    return "c";
  }
}
