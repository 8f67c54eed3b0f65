package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import java.util.EnumSet;
import java.util.Set;

/** The allocator contract for {@code bump}. */
class BumpTest extends PlacementContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.bump();
  }

  @Override
  Set<HeapRun.Capability> capabilities() {
    return EnumSet.of(HeapRun.Capability.PLACEMENT, HeapRun.Capability.ARENA);
  }

  @Override
  HeapRun.Policy policy() {
    return HeapRun.Policy.BUMP;
  }

  @Override
  String choiceAmongFourHoles() {
    return "tail";
  }
}
