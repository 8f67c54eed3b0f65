package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.testing.AllocatorContract.Policy;
import io.github.memsim.testing.BoundaryTagContract;

/** The allocator contract for {@code first-fit}. */
class FirstFitTest extends BoundaryTagContract {
  @Override
  protected AllocatorProvider provider() {
    return Allocators.firstFit();
  }

  @Override
  protected Policy policy() {
    return Policy.FIRST_FIT;
  }

  @Override
  protected String choiceAmongFourHoles() {
    return "b";
  }
}
