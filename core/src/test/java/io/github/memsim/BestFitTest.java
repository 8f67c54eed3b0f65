package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.testing.AllocatorContract.Policy;
import io.github.memsim.testing.BoundaryTagContract;

/** The allocator contract for {@code best-fit}. */
class BestFitTest extends BoundaryTagContract {
  @Override
  protected AllocatorProvider provider() {
    return Allocators.bestFit();
  }

  @Override
  protected Policy policy() {
    return Policy.BEST_FIT;
  }

  @Override
  protected String choiceAmongFourHoles() {
    return "c";
  }
}
