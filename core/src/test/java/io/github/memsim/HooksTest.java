package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Switch points and access checks take several registrants, called in order. */
class HooksTest {
  private final List<String> calls = new ArrayList<>();

  @Test
  void switchPointsAreCalledInTheOrderAddedAndTheFirstOneFirst() {
    MemoryModel model = MemoryModel.builder()
        .switchPoint(thread -> calls.add("recording"))
        .switchPoint(null)
        .switchPoint(thread -> calls.add("cost"))
        .switchPointFirst(thread -> calls.add("scheduler"))
        .build();
    model.mainThread().malloc(8);
    assertThat(calls).containsExactly("scheduler", "recording", "cost");
  }

  @Test
  void everyAccessCheckIsAskedAndTheFirstToRefuseDecides() {
    MemoryModel model = MemoryModel.builder()
        .accessCheck((thread, op, address, length, reads, writes, atomic) -> calls.add("first"))
        .accessCheck((thread, op, address, length, reads, writes, atomic) -> {
          if (writes) {
            throw new DataRaceFault(address, thread.name(), "refused by the second check");
          }
        })
        .build();
    ThreadContext main = model.mainThread();
    Pointer p = main.calloc(1, 8);
    assertThat(main.readLong(p)).isZero();
    assertThatThrownBy(() -> main.writeLong(p, 1)).isInstanceOf(DataRaceFault.class)
        .hasMessage("data race: refused by the second check; on main");
    assertThat(main.readLong(p)).isZero();
    assertThat(calls).containsExactly("first", "first", "first");
  }
}
