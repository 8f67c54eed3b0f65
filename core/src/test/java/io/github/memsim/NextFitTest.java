package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.testing.AllocatorContract.Policy;
import io.github.memsim.testing.BoundaryTagContract;

/** The allocator contract for {@code next-fit}. */
class NextFitTest extends BoundaryTagContract {
  @Override
  protected AllocatorProvider provider() {
    return Allocators.nextFit();
  }

  @Override
  protected Policy policy() {
    return Policy.NEXT_FIT;
  }

  @Override
  protected String choiceAmongFourHoles() {
    return "tail";
  }
}
