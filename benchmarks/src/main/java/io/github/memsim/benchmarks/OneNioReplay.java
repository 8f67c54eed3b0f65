package io.github.memsim.benchmarks;

import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Locale;
import one.nio.mem.Malloc;
import sun.misc.Unsafe;

/**
 * Replays a {@code .rep} trace through one-nio's {@code Malloc}, a production off-heap
 * allocator in Java with boundary tags and immediate coalescing, and prints the best nanoseconds
 * per operation over the repeats, as {@code benchmarks/native/replay.c} does for the C library:
 * the trace is read once, only the replay loop is timed, blocks are not written, and realloc is
 * malloc, copy and free (one-nio has no realloc). Every repeat uses the same allocator, emptied
 * between repeats outside the timing.
 *
 * <p>With {@code provenance} as the fourth argument, the replay also keeps the least that a
 * checked free needs beside the allocator: each malloc makes a pointer object holding the address
 * and a provenance record (a block number, the size and the op of the free), and each free reads
 * the pointer and its record, refuses a block already freed, and records the free, as memsim's
 * model does with its {@code Pointer} and block records. Nothing else of memsim is added: no
 * table of live blocks, no events, no checks of tags. It measures what those two objects cost
 * on top of a production allocator.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.OneNioReplay TRACE.rep [REPEATS] [CAPACITY_MIB] [provenance]}.
 */
public final class OneNioReplay {
  private OneNioReplay() {}

  /**
   * Runs the replay.
   *
   * @param args the trace, the repeats (default 5), the allocator's capacity in MiB (default
   *     1024)
   * @throws IOException if the trace cannot be read
   * @throws ReflectiveOperationException if {@code Unsafe} cannot be reached
   */
  public static void main(String[] args) throws IOException, ReflectiveOperationException {
    Trace trace = TraceFormat.read(Path.of(args[0]));
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long capacity = (args.length > 2 ? Long.parseLong(args[2]) : 1024) << 20;
    int count = trace.size();
    char[] kinds = new char[count];
    int[] ids = new int[count];
    int[] sizes = new int[count];
    int maxId = 0;
    for (int i = 0; i < count; i++) {
      kinds[i] = trace.kind(i).letter();
      ids[i] = trace.id(i);
      sizes[i] = (int) Math.max(1, trace.sizeOf(i));
      maxId = Math.max(maxId, ids[i]);
    }
    Field field = Unsafe.class.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    Unsafe unsafe = (Unsafe) field.get(null);
    Malloc malloc = new Malloc(capacity);
    boolean provenance = args.length > 3 && args[3].equals("provenance");
    double best = provenance ? withProvenance(malloc, unsafe, kinds, ids, sizes, maxId, repeats)
        : plain(malloc, unsafe, kinds, ids, sizes, maxId, repeats);
    System.out.printf(Locale.ROOT, "%.1f%n", best);
  }

  private static double plain(Malloc malloc, Unsafe unsafe, char[] kinds, int[] ids,
      int[] sizes, int maxId, int repeats) {
    int count = kinds.length;
    long[] blocks = new long[maxId + 1];
    int[] held = new int[maxId + 1];
    double best = Double.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        switch (kinds[i]) {
          case 'a' -> {
            blocks[id] = malloc.malloc(sizes[i]);
            held[id] = sizes[i];
          }
          case 'r' -> {
            long moved = malloc.malloc(sizes[i]);
            if (blocks[id] != 0) {
              unsafe.copyMemory(blocks[id], moved, Math.min(held[id], sizes[i]));
              malloc.free(blocks[id]);
            }
            blocks[id] = moved;
            held[id] = sizes[i];
          }
          default -> {
            if (blocks[id] != 0) {
              malloc.free(blocks[id]);
              blocks[id] = 0;
            }
          }
        }
      }
      best = Math.min(best, (double) (System.nanoTime() - start) / count);
      for (int id = 0; id <= maxId; id++) {
        if (blocks[id] != 0) {
          malloc.free(blocks[id]);
          blocks[id] = 0;
        }
      }
    }
    return best;
  }

  private static double withProvenance(Malloc malloc, Unsafe unsafe, char[] kinds, int[] ids,
      int[] sizes, int maxId, int repeats) {
    int count = kinds.length;
    Handles handles = new Handles(maxId + 1);
    double best = Double.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        switch (kinds[i]) {
          case 'a' -> handles.allocated(id, malloc.malloc(sizes[i]), sizes[i]);
          case 'r' -> {
            Handles.Handle old = handles.get(id);
            handles.allocated(id, malloc.malloc(sizes[i]), sizes[i]);
            if (old != null) {
              unsafe.copyMemory(old.address(), handles.get(id).address(),
                  Math.min(old.record().size, sizes[i]));
              malloc.free(Handles.release(old, i));
            }
          }
          default -> {
            Handles.Handle old = handles.get(id);
            if (old != null) {
              malloc.free(Handles.release(old, i));
              handles.clear(id);
            }
          }
        }
      }
      best = Math.min(best, (double) (System.nanoTime() - start) / count);
      for (int id = 0; id <= maxId; id++) {
        if (handles.get(id) != null) {
          malloc.free(Handles.release(handles.get(id), count));
          handles.clear(id);
        }
      }
    }
    return best;
  }
}
