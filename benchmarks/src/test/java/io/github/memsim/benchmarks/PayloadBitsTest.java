package io.github.memsim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The checked layer's payload bitmap refuses exactly the payloads that overlap a live one, as a
 * plain list of live ranges says, and a refused payload marks nothing; and the checked replay
 * takes a realloc's old payload back before the new one is placed.
 */
class PayloadBitsTest {
  private static final long BASE = 0x10000;

  @Test
  void refusesExactlyTheOverlapsOfAListOfLiveRangesAndChangesNothingWhenItDoes() {
    qt().withExamples(200).withShrinkCycles(50)
        .forAll(lists().of(longs().all()).ofSizeBetween(1, 300))
        .checkAssert(codes -> {
          PayloadBits bits = new PayloadBits(BASE, 16);
          List<long[]> live = new ArrayList<>();
          for (long code : codes) {
            if (Math.floorMod(code, 3L) == 0 && !live.isEmpty()) {
              long[] range = live.remove((int) Math.floorMod(code >>> 2, (long) live.size()));
              bits.release(range[0], range[1]);
              continue;
            }
            // Granule addresses in 64 KiB (4,096 granules, 64 words), sizes up to 3 KiB.
            long address = BASE + 16 * Math.floorMod(code >>> 2, 4096L);
            long size = Math.floorMod(code >>> 20, 3072L);
            boolean overlaps = size > 0 && live.stream()
                .anyMatch(r -> r[0] < address + size && address < r[0] + r[1]);
            if (overlaps) {
              assertThatThrownBy(() -> bits.take(address, size))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage("payload at " + address + " of " + size
                      + " bytes overlaps a live one");
            } else {
              bits.take(address, size);
              if (size > 0) {
                live.add(new long[] {address, size});
              }
            }
          }
        });
  }

  @Test
  void theCheckedReplayGivesARealocsOldPayloadBackBeforePlacingTheNewOne() {
    Trace.Builder builder = Trace.builder("moves");
    builder.add(Trace.Kind.ALLOC, 0, 64, 1);
    builder.add(Trace.Kind.REALLOC, 0, 128, 2); // placed over its own old payload
    builder.add(Trace.Kind.ALLOC, 1, 16, 3); // placed over the live one: refused
    Trace trace = builder.build();
    int[] slots = {0, 0, 1};
    long[] addresses = {BASE, BASE + 32, BASE + 64};
    int[] next = {0};
    LongUnaryOperator allocator = size -> addresses[next[0]++];
    List<Long> freed = new ArrayList<>();

    assertThatThrownBy(() -> LayerReplay.driveChecked(trace, slots, 2, allocator,
        freed::add, new PayloadBits(BASE, 16)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("payload at " + (BASE + 64) + " of 16 bytes overlaps a live one");
    assertThat(next[0]).isEqualTo(3);
    assertThat(freed).containsExactly(BASE);
  }
}
