package io.github.memsim;

import io.github.memsim.internal.PagedMemory;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leak scan, as Valgrind's Memcheck makes it at exit: it classifies every live block as
 * still reachable (a pointer to its start is reachable from some thread's stack), possibly lost
 * (only pointers into its middle are), indirectly lost (only other lost blocks point to it) or
 * definitely lost. The roots are every thread's stack from its stack pointer to its top; the
 * scan reads every 8-byte-aligned word there and in each block it reaches, and counts any word
 * whose value lies inside a live block as a pointer to it. Of a cycle of lost blocks, the one at
 * the lowest address is definitely lost and the others indirectly. Reading changes nothing: no
 * event, no op, no statistic. Callers hold the model's lock.
 */
final class LeakScan {
  private final HeapSegment heap;
  private final ThreadTable threads;

  LeakScan(HeapSegment heap, ThreadTable threads) {
    this.heap = heap;
    this.threads = threads;
  }

  /** {@return the report on {@code blocks}, the live blocks in address order} */
  LeakReport scan(List<Block> blocks) {
    int n = blocks.size();
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = blocks.get(i).address();
    }
    // 0 unreached, 1 possibly (interior pointers only), 2 reachable (a start pointer).
    byte[] reach = new byte[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (ThreadContext thread : threads.all()) {
      scan(thread.memory(), thread.stack().stackPointerLocked(), thread.top(), starts, blocks,
          (target, start) -> {
            byte state = start ? (byte) 2 : (byte) 1;
            if (state > reach[target]) {
              reach[target] = state;
              queue.add(target);
            }
          });
    }
    while (!queue.isEmpty()) {
      int from = queue.poll();
      byte fromState = reach[from];
      Block block = blocks.get(from);
      scan(heap.memory(), block.address(), block.address() + block.size(), starts, blocks,
          (target, start) -> {
            byte state = start && fromState == 2 ? (byte) 2 : (byte) 1;
            if (state > reach[target]) {
              reach[target] = state;
              queue.add(target);
            }
          });
    }
    // Unreached blocks: each is the leader of the blocks it leads to, unless a later leader
    // leads to it, which makes it indirectly lost.
    int[] leader = new int[n];
    Arrays.fill(leader, -1);
    for (int i = 0; i < n; i++) {
      if (reach[i] != 0 || leader[i] >= 0) {
        continue;
      }
      int head = i;
      leader[head] = head;
      ArrayDeque<Integer> lost = new ArrayDeque<>();
      lost.add(head);
      while (!lost.isEmpty()) {
        Block block = blocks.get(lost.poll());
        scan(heap.memory(), block.address(), block.address() + block.size(), starts, blocks,
            (target, start) -> {
              if (reach[target] == 0 && target != head
                  && (leader[target] < 0 || leader[target] == target)) {
                leader[target] = head;
                lost.add(target);
              }
            });
      }
    }
    Map<Block, LeakReport.Kind> classified = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      classified.put(blocks.get(i), reach[i] == 2 ? LeakReport.Kind.STILL_REACHABLE
          : reach[i] == 1 ? LeakReport.Kind.POSSIBLY_LOST
          : leader[i] == i ? LeakReport.Kind.DEFINITELY_LOST : LeakReport.Kind.INDIRECTLY_LOST);
    }
    return new LeakReport(threads, classified);
  }

  /** Where a scanned word points: the block's index, and whether at its start. */
  private interface PointerFound {
    void at(int target, boolean start);
  }

  /** Calls {@code found} for every aligned word of {@code [from, to)} that points into a block. */
  private static void scan(PagedMemory memory, long from, long to, long[] starts,
      List<Block> blocks, PointerFound found) {
    for (long at = (from + 7) & ~7L; at + 8 <= to; at += 8) {
      long value = memory.readLong(at);
      int index = Arrays.binarySearch(starts, value);
      if (index >= 0) {
        found.at(index, true);
        continue;
      }
      int below = -index - 2;
      if (below >= 0 && value < starts[below] + blocks.get(below).size()) {
        found.at(below, false);
      }
    }
  }
}
