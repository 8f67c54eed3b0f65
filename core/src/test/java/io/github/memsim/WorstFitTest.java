package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.testing.AllocatorContract.Policy;
import io.github.memsim.testing.BoundaryTagContract;

/** The allocator contract for {@code worst-fit}. */
class WorstFitTest extends BoundaryTagContract {
  @Override
  protected AllocatorProvider provider() {
    return Allocators.worstFit();
  }

  @Override
  protected Policy policy() {
    return Policy.WORST_FIT;
  }

  @Override
  protected String choiceAmongFourHoles() {
    return "tail";
  }
}
