package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Measures the simulator's own bookkeeping per live block: the JVM heap a model uses beyond its
 * simulated bytes, divided by its live blocks. It allocates N blocks, keeps their pointers
 * (which are the caller's, not the simulator's, and are subtracted), forces a full GC, and
 * compares used heap before and after.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.Footprint [BLOCKS] [ALLOCATOR] [compact|fragmented]}. Compact
 * leaves almost no free blocks; fragmented frees every other block of 2 × BLOCKS, the most
 * free blocks boundary tags allow (one per live block), so the free index is counted in full.
 */
public final class Footprint {
  private Footprint() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of live blocks (default 100000), the allocator (default first-fit)
   *     and the shape (default compact)
   */
  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String allocator = args.length > 1 ? args[1] : "first-fit";
    boolean fragmented = args.length > 2 && args[2].equals("fragmented");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Pointer[] pointers = new Pointer[blocks];
    long before = used(memory);
    MemoryModel model = MemoryModel.builder().allocator(Allocators.byName(allocator))
        .heapLimit(1L << 34).build();
    ThreadContext thread = model.mainThread();
    if (fragmented) {
      fillWithHoles(thread, pointers);
    }
    for (int i = 0; i < blocks && !fragmented; i++) {
      pointers[i] = thread.malloc(8 + (i % 16) * 8);
      if (i % 3 == 2) {
        thread.free(pointers[i - 1]);
        pointers[i - 1] = thread.malloc(8 + (i % 16) * 8);
      }
    }
    long after = used(memory);
    long heapBytes = model.statistics().heapBytes();
    long pages = (heapBytes + 4095) / 4096;
    long simulated = pages * 4096;
    long pointerObjects = (long) blocks * 24;
    long bookkeeping = after - before - simulated - pointerObjects;
    System.out.printf(Locale.ROOT, "%s, %s: %d live blocks, heap %d bytes in %d pages (%d simulated"
            + " bytes); JVM heap grew by %d bytes; minus pages and the caller's %d pointers"
            + " (%d bytes): %.1f bytes of bookkeeping per live block (free index included: %d free"
            + " blocks)%n", fragmented ? "fragmented" : "compact", allocator, blocks, heapBytes, pages, simulated, after - before,
        blocks, pointerObjects, (double) bookkeeping / blocks, model.statistics().freeBlocks());
    if (pointers[blocks - 1] == null) {
      throw new AssertionError();
    }
  }

  /** Allocates a hole and a live block, alternately, then frees every hole. */
  private static void fillWithHoles(ThreadContext thread, Pointer[] live) {
    Pointer[] holes = new Pointer[live.length];
    for (int i = 0; i < live.length; i++) {
      holes[i] = thread.malloc(8 + (i % 16) * 8);
      live[i] = thread.malloc(8 + (i % 16) * 8);
    }
    for (Pointer hole : holes) {
      thread.free(hole);
    }
  }

  private static long used(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
