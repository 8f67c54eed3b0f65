package io.github.memsim;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;

/** The allocator contract for {@code bump}. */
class BumpTest extends AllocatorContract {
  @Override
  AllocatorProvider provider() {
    return Allocators.bump();
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
