package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.testing.AllocatorContract.Capability;
import io.github.memsim.testing.AllocatorContract.Policy;
import io.github.memsim.testing.PlacementContract;
import java.util.EnumSet;
import java.util.Set;

/** The allocator contract for {@code bump}. */
class BumpTest extends PlacementContract {
  @Override
  protected AllocatorProvider provider() {
    return Allocators.bump();
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.PLACEMENT, Capability.ARENA);
  }

  @Override
  protected Policy policy() {
    return Policy.BUMP;
  }

  @Override
  protected String choiceAmongFourHoles() {
    return "tail";
  }
}
