package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The heap's state digest moves with every change of its bytes or books, and only then. */
class HeapStateDigestTest {
  private final MemoryModel model = MemoryModel.builder().heapLimit(64 << 10).build();
  private final ThreadContext main = model.mainThread();

  @Test
  void aRejectedOperationLeavesTheDigestAndAnyChangeMovesIt() {
    Pointer p = main.malloc(24);
    String before = model.heap().stateDigest();
    assertThat(model.heap().stateDigest()).as("taking it changes nothing").isEqualTo(before);
    assertThatThrownBy(() -> main.free(p.plus(8))).isInstanceOf(InvalidFreeFault.class);
    assertThatThrownBy(() -> main.writeLong(p.plus(24), 1)).isInstanceOf(OutOfBoundsFault.class);
    assertThat(model.heap().stateDigest()).isEqualTo(before);

    main.writeByte(p.plus(23), (byte) 1);
    String written = model.heap().stateDigest();
    assertThat(written).as("a byte of a payload").isNotEqualTo(before);
    main.free(p);
    assertThat(model.heap().stateDigest()).as("a free").isNotEqualTo(written);
  }

  @Test
  void twoModelsThatDidTheSameHaveTheSameDigest() {
    MemoryModel other = MemoryModel.builder().heapLimit(64 << 10).build();
    for (MemoryModel each : new MemoryModel[] {model, other}) {
      Pointer p = each.mainThread().malloc(100);
      each.mainThread().writeLong(p, 42);
    }
    assertThat(other.heap().stateDigest()).isEqualTo(model.heap().stateDigest());
  }
}
