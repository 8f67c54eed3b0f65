package io.github.memsim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The least layer's provenance ({@link Handles}) checks a free as the model does, and adds
 * nothing to the allocator's calls: a replay with it makes the same calls as one without.
 */
class HandlesTest {
  @Test
  void aCheckedFreeRefusesABlockFreedBeforeAndChangesNothing() {
    Handles handles = new Handles(2);
    handles.allocated(1, 4096, 24);
    Handles.Handle handle = handles.get(1);
    assertThat(handle.record().number).isEqualTo(1);
    assertThat(handle.record().size).isEqualTo(24);

    assertThat(Handles.release(handle, 7)).isEqualTo(4096);
    assertThat(handle.record().freedAt).isEqualTo(8);
    assertThatThrownBy(() -> Handles.release(handle, 9))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("block 1 freed twice");
    assertThat(handle.record().freedAt).isEqualTo(8);
  }

  @Test
  void theCheckedReplayMakesTheAllocatorsCallsOfThePlainOne() {
    Trace.Builder builder = Trace.builder("calls");
    builder.add(Trace.Kind.ALLOC, 0, 40, 1);
    builder.add(Trace.Kind.ALLOC, 1, 8, 2);
    builder.add(Trace.Kind.REALLOC, 0, 100, 3);
    builder.add(Trace.Kind.FREE, 1, 0, 4);
    builder.add(Trace.Kind.ALLOC, 1, 16, 5);
    builder.add(Trace.Kind.REALLOC, 0, 0, 6);
    builder.add(Trace.Kind.FREE, 0, 0, 7);
    builder.add(Trace.Kind.ALLOC, 2, 24, 8);
    builder.add(Trace.Kind.FREE, 1, 0, 9);
    Trace trace = builder.build();
    int[] slots = new int[trace.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = trace.id(i);
    }

    List<String> plain = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    long plainSum = LayerReplay.drive(trace, slots, 3, allocator(plain), free(plain));
    long checkedSum = LayerReplay.driveChecked(trace, slots, 3, allocator(checked),
        free(checked));

    assertThat(checked).isEqualTo(plain)
        .containsExactly("malloc 40 -> 4096", "malloc 8 -> 4112", "malloc 100 -> 4128",
            "free 4096", "free 4112", "malloc 16 -> 4144", "free 4128", "malloc 24 -> 4160",
            "free 4144");
    assertThat(checkedSum).isEqualTo(plainSum);
  }

  /** An allocator that hands out addresses 16 apart and writes down every call. */
  private static LongUnaryOperator allocator(List<String> calls) {
    long[] next = {4096};
    return size -> {
      long address = next[0];
      next[0] += 16;
      calls.add("malloc " + size + " -> " + address);
      return address;
    };
  }

  private static LongConsumer free(List<String> calls) {
    return address -> calls.add("free " + address);
  }
}
