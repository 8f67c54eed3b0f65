package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;

/** The allocator contract for {@code worst-fit}. */
class WorstFitTest extends BoundaryTagContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.worstFit();
  }

  @Override
  HeapRun.Policy policy() {
    return HeapRun.Policy.WORST_FIT;
  }

  @Override
  String choiceAmongFourHoles() {
    return "tail";
  }
}
