package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.internal.PagedMemory;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Replays a trace through one layer of memsim at a time, to take the time (and, under
 * Valgrind's Cachegrind, the instructions and cache misses) apart. Every layer is the library's
 * own code, or a playback of what it did:
 * <ul>
 *   <li>{@code parse} reads the trace and stops;</li>
 *   <li>{@code tags} plays back the real allocator's tag reads and writes, recorded once before
 *       the timing ({@link TagRecording}), on a plain array kept from repeat to repeat: the
 *       memory traffic of the strategy's exact placements, splits and coalescing, with its free
 *       index, its checks and simulated memory's page lookups costing nothing (and a sequential
 *       read of the recording added);</li>
 *   <li>{@code least} is {@code tags} on a fresh, zeroed heap of the size the replay reaches, as
 *       each replay of the model starts from one, with the pointer object and provenance record
 *       per block that a checked free reads and writes ({@link Handles});</li>
 *   <li>{@code engine} drives the allocator alone on a plain region of simulated memory, with
 *       its index and checks (realloc as malloc and free, no copy, as one-nio's replay does);</li>
 *   <li>{@code model} drives a memory model's malloc, realloc and free, with every model check
 *       and provenance but nothing of the replayer;</li>
 *   <li>{@code replayer} runs the replayer with every check but block patterns.</li>
 * </ul>
 * Running a mode with 1 and with 5 repeats and taking the difference leaves out the JVM's start,
 * the trace's parsing and most of the JIT. Under Valgrind, run the JVM with {@code -Xbatch} (so
 * that it compiles at the same points every time) and {@code -XX:+UnlockDiagnosticVMOptions
 * -XX:-ImplicitNullChecks} (a null check that traps, as HotSpot's do, crashed a run under it).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.LayerReplay TRACE.rep MODE [REPEATS] [ALLOCATOR]}.
 */
public final class LayerReplay {
  private LayerReplay() {}

  /** A plain region over simulated memory, as the model's heap segment is. */
  static class Region implements HeapRegion {
    static final long BASE = 0x10000;
    private final PagedMemory memory;
    private final long limit;
    private long size;

    Region(long limit) {
      this.limit = limit;
      this.memory = new PagedMemory(BASE, limit);
    }

    @Override
    public long base() {
      return BASE;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public long limit() {
      return limit;
    }

    @Override
    public long grow(long bytes) {
      if (bytes > limit - size) {
        return GROWTH_FAILED;
      }
      long old = BASE + size;
      size += bytes;
      return old;
    }

    @Override
    public int readInt(long address) {
      return memory.readInt(address);
    }

    @Override
    public void writeInt(long address, int value) {
      memory.writeInt(address, value);
    }

    @Override
    public long readLong(long address) {
      return memory.readLong(address);
    }

    @Override
    public void writeLong(long address, long value) {
      memory.writeLong(address, value);
    }

    @Override
    public void countProbes(long count) {}

    @Override
    public void countScanProbes(long count) {}
  }

  /**
   * Runs the replay.
   *
   * @param args the trace, the mode, the repeats (default 1), the allocator (default first-fit)
   * @throws IOException if the trace cannot be read
   */
  public static void main(String[] args) throws IOException {
    Trace trace = TraceFormat.read(Path.of(args[0]));
    String mode = args[1];
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    AllocatorProvider provider = Allocators.byName(args.length > 3 ? args[3] : "first-fit");
    int[] slots = new int[trace.size()];
    Map<Integer, Integer> dense = new HashMap<>();
    for (int i = 0; i < trace.size(); i++) {
      slots[i] = dense.computeIfAbsent(trace.id(i), id -> dense.size());
    }
    int ids = dense.size();
    TagRecording recording = null;
    long[] heap = null;
    if (mode.equals("tags") || mode.equals("least")) {
      recording = TagRecording.record(provider,
          (allocate, free) -> drive(trace, slots, ids, allocate, free));
      heap = new long[recording.words()];
    }
    long checksum = 0;
    long best = Long.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      checksum += switch (mode) {
        case "parse" -> 0;
        case "tags" -> {
          TagRecording.Replay replay = recording.replay(heap);
          yield drive(trace, slots, ids, replay::allocate, replay::free) + replay.readSum();
        }
        case "least" -> {
          // A fresh heap, zeroed, as every replay of the model makes one.
          TagRecording.Replay replay = recording.replay(new long[heap.length]);
          yield driveChecked(trace, slots, ids, replay::allocate, replay::free)
              + replay.readSum();
        }
        case "engine" -> engine(trace, slots, ids, provider);
        case "model" -> model(trace, slots, ids, provider);
        case "replayer" -> Replayer.builder().allocator(provider).patterns(false).build()
            .replay(trace).peakLiveBytes();
        default -> throw new IllegalArgumentException(
            "mode: parse, tags, least, engine, model or replayer");
      };
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf(Locale.ROOT, "%s %s: best %.1f ns/op over %d repeats (checksum %d)%n",
        mode, provider.name(), (double) best / Math.max(1, trace.size()), repeats, checksum);
  }

  private static long engine(Trace trace, int[] slots, int ids, AllocatorProvider provider) {
    Allocator allocator = provider.create(new Region(1L << 32), BlockLayout.standard());
    return drive(trace, slots, ids, allocator::allocate, allocator::free);
  }

  /** Replays the trace through an allocate and a free, as the engine's replay does. */
  static long drive(Trace trace, int[] slots, int ids, LongUnaryOperator allocator,
      LongConsumer free) {
    long[] addresses = new long[ids];
    long sum = 0;
    for (int i = 0; i < trace.size(); i++) {
      int id = slots[i];
      switch (trace.kind(i)) {
        case ALLOC -> addresses[id] = allocator.applyAsLong(trace.sizeOf(i));
        case REALLOC -> {
          long old = addresses[id];
          addresses[id] = trace.sizeOf(i) == 0 ? 0 : allocator.applyAsLong(trace.sizeOf(i));
          if (old != 0) {
            free.accept(old);
          }
        }
        default -> {
          if (addresses[id] != 0) {
            free.accept(addresses[id]);
            addresses[id] = 0;
          }
        }
      }
      sum += addresses[id];
    }
    return sum;
  }

  /**
   * Replays the trace as {@link #drive} does, with the pointer object and provenance record per
   * block that a checked free reads and writes ({@link Handles}) around the allocate and free.
   */
  static long driveChecked(Trace trace, int[] slots, int ids,
      LongUnaryOperator allocator, LongConsumer free) {
    Handles handles = new Handles(ids);
    long sum = 0;
    for (int i = 0; i < trace.size(); i++) {
      int id = slots[i];
      Handles.Handle old = handles.get(id);
      long size = trace.sizeOf(i);
      switch (trace.kind(i)) {
        case ALLOC -> handles.allocated(id, allocator.applyAsLong(size), size);
        case REALLOC -> {
          if (size == 0) {
            handles.clear(id);
          } else {
            handles.allocated(id, allocator.applyAsLong(size), size);
          }
          if (old != null) {
            free.accept(Handles.release(old, i));
          }
        }
        default -> {
          if (old != null) {
            free.accept(Handles.release(old, i));
            handles.clear(id);
          }
        }
      }
      Handles.Handle held = handles.get(id);
      sum += held == null ? 0 : held.address();
    }
    return sum;
  }

  private static long model(Trace trace, int[] slots, int ids, AllocatorProvider provider) {
    ThreadContext thread = MemoryModel.builder().allocator(provider).heapLimit(1L << 32)
        .build().mainThread();
    Pointer[] pointers = new Pointer[ids];
    long sum = 0;
    for (int i = 0; i < trace.size(); i++) {
      int id = slots[i];
      Pointer p = pointers[id] == null ? Pointer.NULL : pointers[id];
      switch (trace.kind(i)) {
        case ALLOC -> pointers[id] = thread.malloc(trace.sizeOf(i));
        case REALLOC -> {
          Pointer q = thread.realloc(p, trace.sizeOf(i));
          pointers[id] = q.isNull() ? null : q;
        }
        default -> {
          thread.free(p);
          pointers[id] = null;
        }
      }
      sum += pointers[id] == null ? 0 : pointers[id].address();
    }
    return sum;
  }
}
