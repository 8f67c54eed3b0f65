package io.github.memsim.cost;

import java.util.Arrays;

/**
 * The triggers of a hierarchy's {@link Prefetcher}s: per thread and origin (the stand-in for a
 * load instruction), the last line, address and stride seen; for each access, the lines each
 * level's prefetcher asks for. A {@link CacheSimulator} brings them in.
 */
final class PrefetchRules {
  /** Where the lines asked for go. */
  interface Sink {
    void fetch(int level, long line);
  }

  private static final int PAGE_SHIFT = 12;

  private final Prefetcher[] levels;
  private final int lineShift;
  private final int origins;
  private long[] lastLine = new long[0];
  private long[] lastAddress = new long[0];
  private long[] lastStride = new long[0];

  PrefetchRules(Prefetcher[] levels, int lineShift, int origins) {
    this.levels = levels.clone();
    this.lineShift = lineShift;
    this.origins = origins;
  }

  /** {@return whether any level prefetches} */
  static boolean any(Prefetcher[] levels) {
    return Arrays.stream(levels).anyMatch(Prefetcher::active);
  }

  void addThread() {
    int n = lastLine.length + origins;
    lastLine = Arrays.copyOf(lastLine, n);
    lastAddress = Arrays.copyOf(lastAddress, n);
    lastStride = Arrays.copyOf(lastStride, n);
    Arrays.fill(lastLine, n - origins, n, -2);
    Arrays.fill(lastAddress, n - origins, n, -1);
  }

  /**
   * Feeds one access (of bytes {@code [address, end)}) and asks {@code sink} for what the
   * prefetchers fetch: a stride's line only within the page of the access.
   */
  void access(int thread, int origin, long address, long end, Sink sink) {
    int key = thread * origins + origin;
    long line = address >>> lineShift;
    long page = address >>> PAGE_SHIFT;
    boolean ascending = line == lastLine[key] + 1;
    long stride = lastAddress[key] < 0 ? 0 : address - lastAddress[key];
    boolean strided = stride != 0 && stride == lastStride[key];
    for (int level = 0; level < levels.length; level++) {
      Prefetcher rules = levels[level];
      if (ascending) {
        // A stream runs on into the next page, as the next-page prefetcher of recent cores
        // lets it; strides stay within their page.
        for (int ahead = 1; ahead <= rules.nextLines(); ahead++) {
          sink.fetch(level, line + ahead);
        }
      }
      if (strided && Math.abs(stride) <= rules.maxStride()) {
        long target = address + stride;
        if (target >= 0 && target >>> PAGE_SHIFT == page) {
          sink.fetch(level, target >>> lineShift);
        }
      }
    }
    lastLine[key] = (end - 1) >>> lineShift;
    lastAddress[key] = address;
    lastStride[key] = stride;
  }
}
