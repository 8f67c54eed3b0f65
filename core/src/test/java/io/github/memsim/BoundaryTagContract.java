package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.BlockLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of a boundary-tag allocator with immediate coalescing: on top of placement, no
 * two free blocks are ever adjacent, and every block not in use is free to hand out.
 */
abstract class BoundaryTagContract extends PlacementContract {
  @Override
  Set<HeapRun.Capability> capabilities() {
    return EnumSet.of(HeapRun.Capability.PLACEMENT, HeapRun.Capability.COALESCES);
  }

  @Test
  void freeingEveryBlockInAnyOrderLeavesOneFreeBlock() {
    MemoryModel model = model(BlockLayout.standard());
    ThreadContext main = model.mainThread();
    List<Pointer> blocks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      blocks.add(main.malloc(16 + (i * 37) % 200));
    }
    for (int i = 0; i < blocks.size(); i++) {
      main.free(blocks.get((i * 29) % blocks.size()));
      HeapAssert.assertThat(model.heap()).isConsistent();
    }
    assertThat(model.heap().map().entries(HeapMap.State.FREE)).hasSize(1);
    assertThat(model.statistics().freeBytes())
        .isEqualTo(model.heap().size() - BlockLayout.standard().initialBytes());
  }
}
