package io.github.memsim.cost;

import java.util.BitSet;

/** Which bytes of a line were touched: a bit per byte. */
final class ByteMask {
  private final BitSet bits;

  ByteMask(int lineSize) {
    bits = new BitSet(lineSize);
  }

  void or(int from, int to) {
    bits.set(from, to);
  }

  void or(ByteMask other) {
    bits.or(other.bits);
  }

  boolean overlaps(int from, int to) {
    int next = bits.nextSetBit(from);
    return next >= 0 && next < to;
  }

  /** {@return the runs of touched bytes, e.g. {@code "0-7, 16-23"}} */
  String ranges() {
    StringBuilder out = new StringBuilder();
    for (int start = bits.nextSetBit(0); start >= 0; start = bits.nextSetBit(start)) {
      int end = bits.nextClearBit(start);
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(start).append('-').append(end - 1);
      start = end;
    }
    return out.toString();
  }
}
