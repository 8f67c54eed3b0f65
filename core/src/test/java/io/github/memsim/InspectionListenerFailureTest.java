package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A listener that throws while the model is only looked at (the heap map of a view, the heap
 * check, usableSize): the failure surfaces from that call, and the next, unrelated operation
 * keeps its result.
 */
class InspectionListenerFailureTest {
  /** Throws at the first inspection read. */
  private static final class ThrowsOnInspection implements MemoryListener {
    @Override
    public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
      if (origin == Origin.INSPECTION) {
        throw new IllegalStateException("broken listener");
      }
    }
  }

  private final MemoryModel model = MemoryModel.builder().listener(new ThrowsOnInspection())
      .build();
  private final ThreadContext main = model.mainThread();

  @Test
  void aFailureDuringViewSurfacesFromView() {
    Pointer p = main.malloc(8);
    assertThatThrownBy(model::view).isInstanceOf(ListenerException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    Pointer q = main.malloc(8);
    assertThat(q.address()).as("the next malloc keeps its result").isEqualTo(p.address() + 32);
  }

  @Test
  void aFailureDuringTheHeapCheckSurfacesFromTheCheck() {
    main.malloc(8);
    assertThatThrownBy(() -> model.heap().check()).isInstanceOf(ListenerException.class);
    assertThat(main.malloc(8)).isNotNull();
  }

  @Test
  void aFailureDuringAThreadsHeapCheckSurfacesFromIt() {
    main.malloc(8);
    assertThatThrownBy(main::checkHeap).isInstanceOf(ListenerException.class);
    main.writeLong(main.malloc(8), 1);
  }
}
