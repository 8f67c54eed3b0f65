package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;

/** The allocator contract for {@code next-fit}. */
class NextFitTest extends BoundaryTagContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.nextFit();
  }

  @Override
  HeapRun.Policy policy() {
    return HeapRun.Policy.NEXT_FIT;
  }

  @Override
  String choiceAmongFourHoles() {
    return "tail";
  }
}
