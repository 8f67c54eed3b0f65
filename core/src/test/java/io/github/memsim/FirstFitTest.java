package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;

/** The allocator contract for {@code first-fit}. */
class FirstFitTest extends BoundaryTagContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.firstFit();
  }

  @Override
  HeapRun.Policy policy() {
    return HeapRun.Policy.FIRST_FIT;
  }

  @Override
  String choiceAmongFourHoles() {
    return "b";
  }
}
