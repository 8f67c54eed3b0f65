package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replayer's overlap map against a plain list of live byte ranges: over generated
 * sequences of aligned payloads that are marked live, queried and released, {@code anyMarked}
 * says true exactly when the payload shares a byte with a live one, for granules of 8 and 16
 * bytes at alignments of 8, 16 and 32, and payloads within one word of the map and across many.
 */
class PayloadMapTest {
  private static final long BASE = 0x10000;

  @Test
  void reportsAnOverlapExactlyWhenAPayloadSharesAByteWithALiveOne() {
    qt().withExamples(300)
        .forAll(integers().between(3, 5), integers().between(3, 4),
            lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 400))
        .checkAssert((alignmentShift, granuleShift, codes) -> {
          int shift = Math.min(granuleShift, alignmentShift);
          long alignment = 1L << alignmentShift;
          PayloadMap map = new PayloadMap(BASE, shift);
          List<long[]> live = new ArrayList<>();
          for (int code : codes) {
            int action = code % 3;
            if (action == 2 && !live.isEmpty()) {
              long[] gone = live.remove((code / 3) % live.size());
              map.mark(gone[0], gone[1], false);
              continue;
            }
            // Aligned payloads of 0 to 300 bytes in the first 4 KiB (and now and then far out,
            // to make the map grow), so that they often overlap and often just touch; now and
            // then 17 times larger, to span more than two words of the map.
            long slot = (code / 3) % 128;
            long address = BASE + slot * alignment + ((code & 0x40000000) != 0 ? 1L << 20 : 0);
            long size = (code / 384) % 301 * ((code & 0x20000000) != 0 ? 17 : 1);
            boolean expected = live.stream().anyMatch(
                r -> size > 0 && r[1] > 0 && r[0] < address + size && address < r[0] + r[1]);
            assertThat(map.anyMarked(address, size))
                .as("payload [%x, %x) against %s", address, address + size, describe(live))
                .isEqualTo(expected);
            if (!expected) {
              map.mark(address, size, true);
              live.add(new long[] {address, size});
            }
          }
        });
  }

  @Test
  void adjacentPayloadsAtTheGranuleDoNotOverlap() {
    PayloadMap map = new PayloadMap(BASE, 4);
    map.mark(BASE + 16, 20, true);
    assertThat(map.anyMarked(BASE + 48, 16)).isFalse();
    assertThat(map.anyMarked(BASE, 16)).isFalse();
    assertThat(map.anyMarked(BASE + 32, 1)).isTrue();
    map.mark(BASE + 16, 20, false);
    assertThat(map.anyMarked(BASE + 16, 20)).isFalse();
  }

  @Test
  void refusesABaseNotAlignedToTheGranule() {
    assertThatThrownBy(() -> new PayloadMap(BASE + 8, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String describe(List<long[]> live) {
    StringBuilder text = new StringBuilder();
    for (long[] r : live) {
      text.append(String.format("[%x, %x) ", r[0], r[0] + r[1]));
    }
    return text.toString();
  }
}
