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
 *
 * <p>Not thread-safe.
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
    long last = (address - base + size - 1) >>> shift;
    int firstWord = (int) (first >>> 6);
    int lastWord = (int) (last >>> 6);
    if (lastWord >= granules.length) {
      granules = Arrays.copyOf(granules, Math.max(lastWord + 1, granules.length * 2));
    }
    long[] words = granules;
    // Shifts take their count modulo 64: these are the bits from first, and up to last.
    long head = -1L << first;
    long tail = -1L >>> ~last;
    if (firstWord == lastWord) {
      long bits = head & tail;
      words[firstWord] = live ? words[firstWord] | bits : words[firstWord] & ~bits;
    } else if (live) {
      words[firstWord] |= head;
      Arrays.fill(words, firstWord + 1, lastWord, -1L);
      words[lastWord] |= tail;
    } else {
      words[firstWord] &= ~head;
      Arrays.fill(words, firstWord + 1, lastWord, 0L);
      words[lastWord] &= ~tail;
    }
  }

  /** {@return whether any granule of {@code [address, address + size)} is marked live} */
  boolean anyMarked(long address, long size) {
    if (size == 0) {
      return false;
    }
    long first = (address - base) >>> shift;
    long last = (address - base + size - 1) >>> shift;
    int firstWord = (int) (first >>> 6);
    if (firstWord >= granules.length) {
      return false;
    }
    int lastWord = (int) Math.min(last >>> 6, granules.length - 1L);
    long[] words = granules;
    long head = -1L << first;
    long tail = lastWord == (int) (last >>> 6) ? -1L >>> ~last : -1L;
    if (firstWord == lastWord) {
      return (words[firstWord] & head & tail) != 0;
    }
    long any = (words[firstWord] & head) | (words[lastWord] & tail);
    for (int w = firstWord + 1; w < lastWord && any == 0; w++) {
      any = words[w];
    }
    return any != 0;
  }
}
