package io.github.memsim.trace;

import java.util.Arrays;

/**
 * The replayer's own record of which heap bytes live payloads cover, to catch an allocator that
 * hands out a payload overlapping a live one: one bit per granule, set while a live payload
 * covers any of its bytes.
 *
 * <p>A granule is {@code 1 << shift} bytes, at most the alignment that every payload is checked
 * to have before it is marked. Then two payloads overlap exactly when they share a granule: a
 * payload {@code [a, a + n)} covers granules {@code a >> shift} to {@code (a + n - 1) >> shift},
 * and a payload that starts at an aligned {@code b >= a + n} starts in a later granule. Granules
 * of the alignment rather than of 8 bytes halve the map at the default 16 bytes, so that it
 * stays in the processor's cache for a heap twice as large.
 */
final class PayloadMap {
  private final long base;
  private final int shift;
  private long[] granules = new long[64];

  /**
   * Creates an empty map.
   *
   * @param base the heap's first address, aligned to the granule
   * @param shift log2 of the granule in bytes
   */
  PayloadMap(long base, int shift) {
    if (shift < 0 || shift > 12 || (base & ((1L << shift) - 1)) != 0) {
      throw new IllegalArgumentException("granule 2^" + shift + " for a heap at " + base);
    }
    this.base = base;
    this.shift = shift;
  }

  /** Marks {@code [address, address + size)} live, or (unless {@code live}) no longer live. */
  void mark(long address, long size, boolean live) {
    if (size == 0) {
      return;
    }
    long first = (address - base) >>> shift;
    long end = (address - base + size + (1L << shift) - 1) >>> shift;
    int lastWord = (int) ((end - 1) >>> 6);
    if (lastWord >= granules.length) {
      granules = Arrays.copyOf(granules, Math.max(lastWord + 1, granules.length * 2));
    }
    for (long g = first; g < end; ) {
      int word = (int) (g >>> 6);
      int from = (int) (g & 63);
      int to = (int) Math.min(64, from + (end - g));
      long bits = (to == 64 ? -1L : (1L << to) - 1) & (-1L << from);
      granules[word] = live ? granules[word] | bits : granules[word] & ~bits;
      g += to - from;
    }
  }

  /** {@return whether any granule of {@code [address, address + size)} is marked live} */
  boolean anyMarked(long address, long size) {
    if (size == 0) {
      return false;
    }
    long first = (address - base) >>> shift;
    long end = (address - base + size + (1L << shift) - 1) >>> shift;
    for (long g = first; g < end; ) {
      int word = (int) (g >>> 6);
      if (word >= granules.length) {
        return false;
      }
      int from = (int) (g & 63);
      int to = (int) Math.min(64, from + (end - g));
      long bits = (to == 64 ? -1L : (1L << to) - 1) & (-1L << from);
      if ((granules[word] & bits) != 0) {
        return true;
      }
      g += to - from;
    }
    return false;
  }
}
