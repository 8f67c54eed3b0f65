package io.github.memsim;

import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions about a {@link Heap}: {@code HeapAssert.assertThat(heap).isConsistent()}. */
final class HeapAssert extends AbstractAssert<HeapAssert, Heap> {
  private HeapAssert(Heap heap) {
    super(heap, HeapAssert.class);
  }

  static HeapAssert assertThat(Heap heap) {
    return new HeapAssert(heap);
  }

  /** Runs the heap checker and fails with its message if it finds anything. */
  HeapAssert isConsistent() {
    isNotNull();
    try {
      actual.check();
    } catch (HeapCorruptionFault fault) {
      failWithMessage("expected a consistent heap but the checker said: %s%n%s",
          fault.getMessage(), actual.describe());
    }
    return this;
  }
}
