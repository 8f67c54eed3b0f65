package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four coalescing cases of a boundary-tag free, for every boundary-tag strategy. */
class CoalescingTest {
  private MemoryModel model;
  private ThreadContext main;
  private Pointer a;
  private Pointer b;
  private Pointer c;

  private void setUp(String allocator) {
    model = MemoryModel.builder().allocator(Allocators.byName(allocator)).build();
    main = model.mainThread();
    a = main.malloc(40);
    b = main.malloc(40);
    c = main.malloc(40);
    main.malloc(40);
  }

  /** Returns the free blocks as (address, size) pairs, in address order. */
  private List<List<Long>> freeBlocks() {
    List<List<Long>> free = new ArrayList<>();
    for (HeapMap.Entry entry : model.heap().map().entries(HeapMap.State.FREE)) {
      free.add(List.of(entry.address(), entry.size()));
    }
    return free.subList(0, free.size() - 1);
  }

  private static long header(Pointer p) {
    return p.address() - 8;
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit"})
  void bothNeighboursAllocated(String allocator) {
    setUp(allocator);
    main.free(b);
    assertThat(freeBlocks()).containsExactly(List.of(header(b), 64L));
    HeapAssert.assertThat(model.heap()).isConsistent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit"})
  void previousNeighbourFree(String allocator) {
    setUp(allocator);
    main.free(a);
    main.free(b);
    assertThat(freeBlocks()).containsExactly(List.of(header(a), 128L));
    HeapAssert.assertThat(model.heap()).isConsistent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit"})
  void nextNeighbourFree(String allocator) {
    setUp(allocator);
    main.free(c);
    main.free(b);
    assertThat(freeBlocks()).containsExactly(List.of(header(b), 128L));
    HeapAssert.assertThat(model.heap()).isConsistent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit"})
  void bothNeighboursFree(String allocator) {
    setUp(allocator);
    main.free(a);
    main.free(c);
    main.free(b);
    assertThat(freeBlocks()).containsExactly(List.of(header(a), 192L));
    assertThat(model.statistics().freeBlocks()).isEqualTo(2);
    HeapAssert.assertThat(model.heap()).isConsistent();
  }
}
