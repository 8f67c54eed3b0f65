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
 * The contract of an allocator whose placement a linear scan restates ({@link #policy()}): the
 * property checks every address and scan count, and small examples pin the choice among holes,
 * growth and reset.
 */
public abstract class PlacementContract extends AllocatorContract {
  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.PLACEMENT);
  }

  @Override
  protected abstract Policy policy();

  /** Free blocks a (80 bytes), b (272), c (144), d (272) separated by live spacers, and a tail. */
  protected final List<Pointer> fourHoles(MemoryModel model) {
    ThreadContext main = model.mainThread();
    List<Pointer> holes = new ArrayList<>();
    List<Pointer> spacers = new ArrayList<>();
    for (long size : new long[] {64, 256, 128, 256}) {
      holes.add(main.malloc(size));
      spacers.add(main.malloc(16));
    }
    for (Pointer hole : holes) {
      main.free(hole);
    }
    return holes;
  }

  /** Which block a 100-byte request (a 128-byte block) takes after {@link #fourHoles}. */
  protected abstract String choiceAmongFourHoles();

  @Test
  void choosesAsThePolicySaysAmongFourHoles() {
    MemoryModel model = model(BlockLayout.standard());
    List<Pointer> holes = fourHoles(model);
    Pointer p = model.mainThread().malloc(100);
    String[] names = {"a", "b", "c", "d"};
    String chosen = "tail";
    for (int i = 0; i < holes.size(); i++) {
      if (holes.get(i).address() == p.address()) {
        chosen = names[i];
      }
    }
    assertThat(chosen).isEqualTo(choiceAmongFourHoles());
    Blocks.assertConsistent(model.heap());
  }

  @Test
  void growsTheHeapOnlyWhenNothingFits() {
    MemoryModel model = model(BlockLayout.standard());
    ThreadContext main = model.mainThread();
    long initial = model.heap().size();
    assertThat(initial).isEqualTo(BlockLayout.standard().initialBytes() + 4096);
    main.malloc(4000);
    assertThat(model.heap().size()).isEqualTo(initial);
    main.malloc(4000);
    assertThat(model.heap().size()).isGreaterThan(initial);
    Blocks.assertConsistent(model.heap());
  }

  /** After a reset the whole heap is free again, and the first block comes back. */
  @Override
  protected void afterReset(MemoryModel model, Pointer first, long size) {
    assertThat(model.statistics().freeBytes())
        .isEqualTo(size - BlockLayout.standard().initialBytes());
    assertThat(model.mainThread().malloc(40).address()).isEqualTo(first.address());
    Blocks.assertConsistent(model.heap());
  }
}
