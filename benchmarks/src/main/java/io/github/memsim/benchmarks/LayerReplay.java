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
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Replays a trace through one layer of memsim at a time, to take the time (and, under
 * Valgrind's Cachegrind, the instructions and cache misses) apart: {@code parse} reads the
 * trace and stops; {@code engine} drives the allocator alone on a plain region (realloc as
 * malloc and free, no copy, as one-nio's replay does); {@code model} drives a memory model's
 * malloc, realloc and free, with every model check and provenance but nothing of the replayer;
 * {@code replayer} runs the replayer with every check but block patterns. Below the engine,
 * {@code placement} makes first-fit's or best-fit's placements with the same free index and its
 * tags in plain arrays, no simulated memory and no checks ({@link ShadowFit}), and {@code index}
 * makes only that replay's calls to the free index, recorded before the timing, and {@code tags}
 * makes only its tag reads and writes, taking the blocks it recorded as chosen instead of asking
 * an index (an index that costs nothing). {@code least} is {@code tags} on a fresh, zeroed heap
 * of the size the replay reaches, as each replay of the model starts from one (never-written
 * memory reads as zeros), with the pointer object and provenance record per block that a checked
 * free reads and writes ({@link Handles}): the least a checked, deterministic replay of the
 * strategy's exact placements does, with an index, simulated memory's lookups and every check
 * costing nothing; {@code checked} is {@code least} with the checks that a checked replay
 * cannot leave out, in their least form: the tags the allocator reads and compares before it
 * writes ({@link ShadowFit#checkTags()}), so with its index still costing nothing it is the least that any checked,
 * deterministic replay of the strategy's placements takes, with provenance kept in objects,
 * whatever its free index; and {@code indexed} is {@code checked} asking the library's free
 * index as the allocator does (for bump, which keeps none, the same as {@code checked}): the
 * least that a checked replay with this library's index takes. Running a mode with 1 and with 5
 * repeats and taking the difference leaves out the JVM's start, the trace's parsing and most of
 * the JIT. Under Valgrind, run the JVM with {@code -Xbatch} (so that it compiles
 * at the same points every time) and {@code -XX:+UnlockDiagnosticVMOptions
 * -XX:-ImplicitNullChecks} (a null check that traps, as HotSpot's do, crashed a run under it).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.LayerReplay TRACE.rep MODE [REPEATS] [ALLOCATOR]}.
 */
public final class LayerReplay {
  private LayerReplay() {}

  /** A plain region over simulated memory, as the model's heap segment is. */
  static final class Region implements HeapRegion {
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
    java.util.Map<Integer, Integer> dense = new java.util.HashMap<>();
    for (int i = 0; i < trace.size(); i++) {
      slots[i] = dense.computeIfAbsent(trace.id(i), id -> dense.size());
    }
    ShadowFit.Log log = null;
    // The shadow's tags stay in one array from replay to replay, as one-nio keeps its heap.
    long[] tagWords = null;
    if (mode.equals("index") && provider.name().equals("bump")) {
      throw new IllegalArgumentException("bump keeps no free index");
    }
    if (mode.equals("index") || mode.equals("tags") || mode.equals("least")
        || mode.equals("indexed") || mode.equals("checked")) {
      log = new ShadowFit.Log();
      ShadowFit shadow =
          new ShadowFit(provider.name(), BlockLayout.standard(), Region.BASE, log, null, null);
      drive(trace, slots, dense.size(), shadow::allocate, shadow::free);
      tagWords = shadow.words();
    }
    long[] choices = log == null ? null : log.choices();
    long checksum = 0;
    long best = Long.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      checksum += switch (mode) {
        case "parse" -> 0;
        case "engine" -> engine(trace, slots, dense.size(), provider);
        case "placement", "tags" -> {
          ShadowFit shadow = new ShadowFit(provider.name(), BlockLayout.standard(), Region.BASE,
              null, mode.equals("tags") ? choices : null, tagWords);
          long sum = drive(trace, slots, dense.size(), shadow::allocate, shadow::free);
          tagWords = shadow.words();
          yield sum;
        }
        case "least", "indexed", "checked" -> {
          // A fresh heap, zeroed, as every replay of the model makes one: the words the first
          // run grew to, so that the shadow does not copy them as it grows.
          ShadowFit shadow = new ShadowFit(provider.name(), BlockLayout.standard(), Region.BASE,
              null, mode.equals("indexed") ? null : choices, new long[tagWords.length]);
          if (!mode.equals("least")) {
            shadow.checkTags();
          }
          yield driveChecked(trace, slots, dense.size(), shadow::allocate, shadow::free);
        }
        case "index" -> ShadowFit.replayIndexLog(log, provider.name(),
            BlockLayout.standard().alignment());
        case "model" -> model(trace, slots, dense.size(), provider);
        case "replayer" -> Replayer.builder().allocator(provider).patterns(false).build()
            .replay(trace).peakLiveBytes();
        default -> throw new IllegalArgumentException(
            "mode: parse, index, tags, least, indexed, checked, placement, engine, model or "
                + "replayer");
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
