package io.github.memsim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.HeapMap;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
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
public abstract class BoundaryTagContract extends PlacementContract {
  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.PLACEMENT, Capability.COALESCES);
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
      Blocks.assertConsistent(model.heap());
    }
    assertThat(model.heap().map().entries(HeapMap.State.FREE)).hasSize(1);
    assertThat(model.statistics().freeBytes())
        .isEqualTo(model.heap().size() - BlockLayout.standard().initialBytes());
  }
}
