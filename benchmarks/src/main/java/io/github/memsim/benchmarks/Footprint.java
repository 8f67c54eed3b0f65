package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Measures the simulator's own bookkeeping per live block: the JVM heap a model uses beyond its
 * simulated bytes, divided by its live blocks. It allocates N blocks, keeps their pointers
 * (which are the caller's, not the simulator's, and are subtracted), forces a full GC, and
 * compares the live objects before and after, as the class histogram counts them; the
 * simulated pages, byte arrays, are subtracted.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.Footprint [BLOCKS] [ALLOCATOR] [compact|fragmented]}. Compact
 * leaves almost no free blocks; fragmented frees every other block of 2 × BLOCKS, the most
 * free blocks boundary tags allow (one per live block), so the free index is counted in full.
 *
 * <p>Or {@code Footprint trace FILE [ALLOCATOR]}: replays a {@code .rep} trace through the
 * public API up to the operation after which most blocks are live, writing every byte of every
 * block as a program would, and measures there, with the free blocks that trace left.
 */
public final class Footprint {
  private Footprint() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of live blocks (default 100000), the allocator (default first-fit)
   *     and the shape (default compact)
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 1 && args[0].equals("trace")) {
      measureTrace(TraceFormat.read(Path.of(args[1])),
          args.length > 2 ? args[2] : "first-fit");
      return;
    }
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String allocator = args.length > 1 ? args[1] : "first-fit";
    boolean fragmented = args.length > 2 && args[2].equals("fragmented");
    Pointer[] pointers = new Pointer[blocks];
    long[] before = liveObjects();
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
    long[] after = liveObjects();
    report(fragmented ? "fragmented" : "compact", allocator, model, blocks, before, after,
        (long) blocks * 24);
    if (pointers[blocks - 1] == null) {
      throw new AssertionError();
    }
  }

  /** Replays a trace up to its peak of live blocks and measures there. */
  private static void measureTrace(Trace trace, String allocator) {
    int peakAt = -1;
    int liveNow = 0;
    int peak = 0;
    boolean[] isLive = new boolean[Math.toIntExact(trace.idCount())];
    for (int i = 0; i < trace.size(); i++) {
      int id = trace.id(i);
      boolean after = trace.kind(i) != Trace.Kind.FREE && trace.sizeOf(i) > 0;
      liveNow += (after ? 1 : 0) - (isLive[id] ? 1 : 0);
      isLive[id] = after;
      if (liveNow > peak) {
        peak = liveNow;
        peakAt = i;
      }
    }
    Pointer[] pointers = new Pointer[Math.toIntExact(trace.idCount())];
    long[] before = liveObjects();
    MemoryModel model = MemoryModel.builder().allocator(Allocators.byName(allocator))
        .heapLimit(1L << 34).build();
    ThreadContext thread = model.mainThread();
    for (int i = 0; i <= peakAt; i++) {
      int id = trace.id(i);
      switch (trace.kind(i)) {
        case ALLOC, REALLOC -> {
          Pointer old = pointers[id] == null ? Pointer.NULL : pointers[id];
          long size = trace.sizeOf(i);
          pointers[id] = trace.kind(i) == Trace.Kind.ALLOC ? thread.malloc(size)
              : thread.realloc(old, size);
          // Write every byte, as a program would, so each page of live data exists.
          if (size > 0) {
            thread.fill(pointers[id], size, (byte) 0x5A);
          } else {
            pointers[id] = null;
          }
        }
        case FREE -> {
          thread.free(pointers[id]);
          pointers[id] = null;
        }
        default -> throw new AssertionError(trace.kind(i));
      }
    }
    long[] after = liveObjects();
    report("trace " + trace.name() + " at op " + (peakAt + 1), allocator, model, peak,
        before, after, (long) peak * 24);
    Reference.reachabilityFence(pointers);
  }

  private static void report(String shape, String allocator, MemoryModel model, long blocks,
      long[] before, long[] after, long callers) {
    long heapBytes = model.statistics().heapBytes();
    long grown = after[0] - before[0];
    long simulated = after[1] - before[1];
    long bookkeeping = grown - simulated - callers;
    System.out.printf(Locale.ROOT, "%s, %s: %d live blocks, heap %d bytes; JVM heap grew by %d"
            + " bytes; minus the pages (byte arrays: %d bytes) and the caller's pointers (%d"
            + " bytes): %.1f bytes of bookkeeping per live block (free index included: %d free"
            + " blocks)%n", shape, allocator, blocks, heapBytes, grown, simulated, callers,
        (double) bookkeeping / blocks, model.statistics().freeBlocks());
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

  /**
   * {@return the bytes of all live objects, and of live byte arrays} Both come from the class
   * histogram that {@code jcmd GC.class_histogram} prints, taken after full GCs: it counts live
   * objects exactly. The simulated pages are byte arrays, created when first written, so not
   * every page of the heap need exist.
   */
  private static long[] liveObjects() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = -1;
    long bytes = -1;
    try {
      ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
      String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(name,
          "gcClassHistogram", new Object[] {null}, new String[] {String[].class.getName()});
      for (String line : histogram.split("\n")) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length >= 4 && fields[3].equals("[B")) {
          bytes = Long.parseLong(fields[2]);
        } else if (fields.length == 3 && fields[0].equals("Total")) {
          used = Long.parseLong(fields[2]);
        }
      }
      if (used < 0 || bytes < 0) {
        throw new IllegalStateException("no byte[] or total line in the class histogram");
      }
      return new long[] {used, bytes};
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
