package io.github.memsim.benchmarks;

import java.util.Arrays;

/**
 * The least form of the replayer's own check that no two live payloads overlap: a bit per
 * granule of the heap (the layout's alignment), set while a live payload covers it. Taking a
 * payload tests its bits and sets them; giving it back clears them. One word is read and written
 * for most payloads, which is all the replayer's payload map does on its hot path too, so
 * {@link LayerReplay}'s {@code checked} layer pays for this check what the replayer must.
 */
final class PayloadBits {
  private final long base;
  private final int shift;
  private long[] words = new long[1 << 10];

  /**
   * @param base the heap's first address
   * @param granule the unit of every payload's address; a power of two
   */
  PayloadBits(long base, int granule) {
    if (Integer.bitCount(granule) != 1) {
      throw new IllegalArgumentException("granule " + granule + " is not a power of two");
    }
    this.base = base;
    this.shift = Integer.numberOfTrailingZeros(granule);
  }

  /**
   * Marks {@code [address, address + size)} live.
   *
   * @throws IllegalStateException if a live payload already covers a granule of it; nothing
   *     is marked then
   */
  void take(long address, long size) {
    if (size == 0) {
      return;
    }
    long first = (address - base) >>> shift;
    long last = (address - base + size - 1) >>> shift;
    if ((last >>> 6) >= words.length) {
      words = Arrays.copyOf(words, (int) Math.max((last >>> 6) + 1, words.length * 2L));
    }
    for (long word = first >>> 6; word <= last >>> 6; word++) {
      if ((words[(int) word] & bits(word, first, last)) != 0) {
        throw new IllegalStateException("payload at " + address + " of " + size
            + " bytes overlaps a live one");
      }
    }
    for (long word = first >>> 6; word <= last >>> 6; word++) {
      words[(int) word] |= bits(word, first, last);
    }
  }

  /** Marks {@code [address, address + size)}, which {@link #take} marked, no longer live. */
  void release(long address, long size) {
    if (size == 0) {
      return;
    }
    long first = (address - base) >>> shift;
    long last = (address - base + size - 1) >>> shift;
    for (long word = first >>> 6; word <= last >>> 6; word++) {
      words[(int) word] &= ~bits(word, first, last);
    }
  }

  /** {@return the bits of word {@code word} that lie in granules {@code first} to {@code last}} */
  private static long bits(long word, long first, long last) {
    // Shifts take their count modulo 64: from first within its word, up to last within its own.
    long from = word == first >>> 6 ? -1L << first : -1L;
    long to = word == last >>> 6 ? -1L >>> ~last : -1L;
    return from & to;
  }
}
