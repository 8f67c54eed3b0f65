package io.github.memsim.cost;

/**
 * A cache level's hardware prefetcher: the rules by which it brings lines in before they are
 * asked for. Two rules, after the data prefetchers that Intel's <i>64 and IA-32 Architectures
 * Optimization Reference Manual</i> describes for its client cores (section "Data Prefetching":
 * the L1 "DCU" and "IP-based stride" prefetchers, the L2 "streamer"):
 *
 * <ul>
 *   <li><b>Next line</b> ({@code nextLines > 0}): when a thread's accesses of one origin move
 *       from line {@code L - 1} to line {@code L} (an ascending stream), the lines {@code L + 1}
 *       to {@code L + nextLines} are brought in. The streamer fetches up to 20 lines ahead.</li>
 *   <li><b>Stride</b> ({@code maxStride > 0}): when a thread's access of one origin lies the
 *       same distance {@code d} from its last as that one lay from the one before, with
 *       {@code 0 < |d| <= maxStride} bytes, the line at {@code address + d} is brought in. The
 *       hardware keys strides by the load instruction's address, which memsim does not have;
 *       the origin stands in for it. Intel's stride prefetcher follows strides up to 2 KiB.</li>
 * </ul>
 *
 * <p>The stride rule never crosses a 4 KiB page (the hardware works on physical addresses and
 * cannot know the next page's frame); a stream runs on into the next page, as the next-page
 * prefetcher of Intel's cores since Ivy Bridge lets it. A prefetch touches no TLB and counts no
 * loads: a
 * line it brings in is counted as {@link Counter#PREFETCHES} at the level, and the demand
 * access that later finds it hits. The line arrives after the latency of the levels it came
 * from; with an overlapped hierarchy ({@link Overlap}) an access that finds it still on its
 * way waits for the rest. A level's prefetcher is fed every access of the thread, hit or miss,
 * and fills the level and the levels outside it.
 *
 * @param nextLines lines fetched ahead of an ascending stream, 0 (off) to 64
 * @param maxStride the largest stride followed, in bytes, 0 (off) to 4096
 */
public record Prefetcher(int nextLines, int maxStride) {
  /** No prefetching. */
  public static final Prefetcher NONE = new Prefetcher(0, 0);

  /**
   * Checks the bounds.
   *
   * @param nextLines lines fetched ahead of an ascending stream, 0 to 64
   * @param maxStride the largest stride followed, 0 to 4096 bytes
   */
  public Prefetcher {
    if (nextLines < 0 || nextLines > 64) {
      throw new IllegalArgumentException("nextLines must be 0 to 64, not " + nextLines);
    }
    if (maxStride < 0 || maxStride > 4096) {
      throw new IllegalArgumentException("maxStride must be 0 to 4096, not " + maxStride);
    }
  }

  /** {@return whether either rule is on} */
  public boolean active() {
    return nextLines > 0 || maxStride > 0;
  }
}
