package io.github.memsim.cost;

/**
 * The overlapped timing of a {@link CacheHierarchy}: instead of paying every access's latency
 * one after another (the serial model, which textbooks use), each simulated thread is a core
 * with a clock that lets independent accesses overlap and makes dependent ones wait.
 *
 * <p>The rules, per thread:
 * <ol>
 *   <li>An access issues at the thread's clock, which then moves on by the access's instruction
 *       cost ({@link Work}), not by its latency: the core goes on while the access is under
 *       way. It completes after its latency, the sum of the latencies of the levels it reached
 *       (and memory's, and a TLB miss's), as in the serial model. Write-backs of dirty victims
 *       drain in the background and delay nothing.</li>
 *   <li>An access that misses the first level holds one of {@code outstandingMisses} miss slots
 *       (the first level's fill buffers) until it completes; with every slot held, the next
 *       miss waits for the first to free (counted as {@link Counter#QUEUE_WAIT}).</li>
 *   <li>An access whose address came from a pointer loaded earlier (the memory model tells,
 *       through {@code MemoryListener.onPointerLoad}) cannot issue before that load completed;
 *       nor can a load of bytes that the thread's last store wrote issue before the value that
 *       store wrote was ready (the last load before the store, as in {@code x = x + 1}). The
 *       cycles a thread spends so are {@link Counter#DEPENDENT_WAIT}, charged to the level that
 *       answered the awaited access. This is pointer chasing: a list walk pays each node's
 *       latency, an array walk overlaps its misses.</li>
 *   <li>An access to a line that is still on its way (an earlier miss or a prefetch of it has
 *       not completed) completes when the line arrives, not sooner.</li>
 * </ol>
 * A report's cycles are then elapsed time: each thread's clock, plus the time until its last
 * access completes; the cycles per row are the instruction costs (row {@code instructions}),
 * the allocator's search, and the waits, charged to the level or memory waited for. Hit and
 * miss counts do not depend on the timing.
 *
 * <p>Fed a trace of bare accesses (the {@code cache} command), the simulator knows no pointers:
 * only the rule of the last store makes an access wait there.
 *
 * <p>The model keeps no reorder buffer, ports or branch predictor: what a core does besides
 * memory is the instruction costs of {@link Work}, which are averages.
 *
 * @param outstandingMisses misses a thread may have under way at once, 1 to 64
 */
public record Overlap(int outstandingMisses) {
  /**
   * Checks the bound.
   *
   * @param outstandingMisses misses under way at once, 1 to 64
   */
  public Overlap {
    if (outstandingMisses < 1 || outstandingMisses > 64) {
      throw new IllegalArgumentException("outstandingMisses must be 1 to 64, not "
          + outstandingMisses);
    }
  }
}
