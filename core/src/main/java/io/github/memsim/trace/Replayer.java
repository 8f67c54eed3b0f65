package io.github.memsim.trace;

import static io.github.memsim.internal.Text.hex;

import io.github.memsim.Heap;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Replays a {@link Trace} on a fresh {@link MemoryModel}, checking what the CS:APP driver
 * checks: every payload aligned, inside the heap and overlapping no live block; and, with
 * patterns on, every block filled with its id's byte and checked before realloc and free, so
 * that realloc must keep the old bytes. The first violation stops the replay with a
 * {@link ReplayViolationException}.
 */
public final class Replayer {
  /** The most bytes of a block that are read back at once. */
  private static final int CHUNK = 1 << 16;
  /** Eight bytes of an array at once, for {@link #mismatch}. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private final AllocatorProvider allocator;
  private final BlockLayout layout;
  private final long heapLimit;
  private final boolean patterns;
  private final IntConsumer progress;
  private final List<MemoryListener> listeners;

  private Replayer(Builder builder) {
    this.allocator = builder.allocator;
    this.layout = builder.layout;
    this.heapLimit = builder.heapLimit;
    this.patterns = builder.patterns;
    this.progress = builder.progress;
    this.listeners = List.copyOf(builder.listeners);
  }

  private static final long DEFAULT_HEAP_LIMIT = 1L << 32;

  /**
   * {@return a builder: first-fit, the standard layout, a 4 GiB heap limit (or the layout's
   * {@link BlockLayout#maximumHeapLimit()} if less), patterns on}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Replays a trace once.
   *
   * @param trace the trace
   * @return the figures
   * @throws ReplayViolationException at the first violation
   */
  public ReplayResult replay(Trace trace) {
    return replay(trace, 1);
  }

  /**
   * Replays a trace {@code repeats} times, each on a fresh model, and reports the best time;
   * the other figures are the same every time.
   *
   * @param trace the trace
   * @param repeats how many times, at least 1
   * @return the figures, with the best {@code nsPerOp}
   * @throws ReplayViolationException at the first violation
   */
  public ReplayResult replay(Trace trace, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1 but was " + repeats);
    }
    ReplayResult best = null;
    for (int i = 0; i < repeats; i++) {
      ReplayResult result = new Run(trace).run();
      if (best == null || result.nsPerOp() < best.nsPerOp()) {
        best = result;
      }
    }
    return best;
  }

  /** One replay on one fresh model. */
  private final class Run {
    private final Trace trace;
    private final MemoryModel model;
    private final ThreadContext thread;
    private final Heap heap;
    private final Pointer[] pointers;
    private final long[] sizes;
    /** Which heap bytes live payloads cover, for the replayer's own overlap check. */
    private final PayloadMap payloads;
    /** The bytes of a block read back, {@value #CHUNK} at a time. */
    private final byte[] bytes = new byte[CHUNK];
    /** The model's peak of live bytes after the last operation, to see when it moves. */
    private long peakLiveBytes;
    private Statistics atPeak;

    Run(Trace trace) {
      this.trace = trace;
      MemoryModel.Builder builder = MemoryModel.builder().allocator(allocator).layout(layout)
          .heapLimit(heapLimit == 0 ? Math.min(DEFAULT_HEAP_LIMIT, layout.maximumHeapLimit())
              : heapLimit).stackSize(4096);
      listeners.forEach(builder::listener);
      this.model = builder.build();
      this.thread = model.mainThread();
      this.heap = model.heap();
      this.pointers = new Pointer[trace.distinctIds()];
      this.sizes = new long[trace.distinctIds()];
      this.payloads = new PayloadMap(heap.base(),
          Math.min(12, Long.numberOfTrailingZeros(layout.alignment() | heap.base())));
    }

    ReplayResult run() {
      int ops = trace.size();
      long start = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        try {
          step(i);
        } catch (MemoryFault fault) {
          throw new ReplayViolationException(trace, i, fault.getMessage(), fault);
        }
        if (progress != null && (i & 0xFFF) == 0) {
          progress.accept(i);
        }
      }
      long elapsed = System.nanoTime() - start;
      if (progress != null) {
        progress.accept(ops);
      }
      Statistics end = model.statistics();
      Statistics peak = atPeak == null ? end : atPeak;
      return new ReplayResult(trace.name(), heap.allocatorName(), layout.name(), ops,
          end.peakLiveBytes(), end.heapBytes(), end.utilization(),
          peak.externalFragmentation(), peak.largestFreeBlock(),
          ops == 0 ? 0 : (double) end.indexProbes() / ops,
          ops == 0 ? 0 : (double) end.scanProbes() / ops,
          ops == 0 ? 0 : (double) elapsed / ops, patterns);
    }

    private void step(int i) {
      // Blocks are kept by their ids' dense numbers; patterns and messages use the ids.
      int id = trace.slot(i);
      switch (trace.kind(i)) {
        case ALLOC: {
          long size = trace.sizeOf(i);
          Pointer p = thread.malloc(size);
          place(i, id, p, size);
          if (patterns) {
            thread.fill(p, size, pattern(trace.idOfSlot(id)));
          }
          break;
        }
        case REALLOC: {
          long size = trace.sizeOf(i);
          Pointer old = pointers[id];
          long oldSize = old == null ? 0 : sizes[id];
          if (old != null) {
            verify(i, id, old, oldSize);
            payloads.mark(old.address(), oldSize, false);
          }
          Pointer p = thread.realloc(old == null ? Pointer.NULL : old, size);
          if (size == 0) {
            pointers[id] = null;
            sizes[id] = 0;
          } else {
            place(i, id, p, size);
            long kept = Math.min(oldSize, size);
            verify(i, id, p, kept);
            if (patterns && size > kept) {
              thread.fill(p.plus(kept), size - kept, pattern(trace.idOfSlot(id)));
            }
          }
          break;
        }
        case FREE: {
          Pointer p = pointers[id];
          if (p == null) {
            // The id holds NULL after r ID 0: this is free(NULL).
            thread.free(Pointer.NULL);
            break;
          }
          verify(i, id, p, sizes[id]);
          thread.free(p);
          payloads.mark(p.address(), sizes[id], false);
          pointers[id] = null;
          break;
        }
        default:
          throw new AssertionError(trace.kind(i));
      }
      // Only an allocation can raise the model's peak of live bytes.
      if (trace.kind(i) != Trace.Kind.FREE) {
        long peak = heap.peakLiveBytes();
        if (peak > peakLiveBytes) {
          peakLiveBytes = peak;
          atPeak = model.statistics();
        }
      }
    }

    /** Checks a new block's placement and records it. */
    private void place(int i, int id, Pointer p, long size) {
      long address = p.address();
      if ((address & (layout.alignment() - 1)) != 0) {
        throw violation(i, "payload " + hex(address) + " is not aligned to "
            + layout.alignment() + " bytes");
      }
      long heapEnd = heap.base() + heap.size();
      if (address < heap.base() || size > heapEnd - address) {
        throw violation(i, "payload [" + hex(address) + ", " + hex(address + size)
            + ") lies outside the heap [" + hex(heap.base()) + ", " + hex(heapEnd) + ")");
      }
      if (size > 0 && payloads.anyMarked(address, size)) {
        throw overlap(i, id, address, size);
      }
      payloads.mark(address, size, true);
      pointers[id] = p;
      sizes[id] = size;
    }

    /** Names the live block a new payload overlaps; only on the error path, so a linear scan. */
    private ReplayViolationException overlap(int i, int id, long address, long size) {
      for (int other = 0; other < pointers.length; other++) {
        Pointer p = pointers[other];
        if (other != id && p != null && p.address() < address + size
            && address < p.address() + sizes[other]) {
          return violation(i, "payload [" + hex(address) + ", " + hex(address + size)
              + ") overlaps block " + trace.idOfSlot(other) + " at [" + hex(p.address()) + ", "
              + hex(p.address() + sizes[other]) + ")");
        }
      }
      return violation(i, "payload [" + hex(address) + ", " + hex(address + size)
          + ") overlaps a live block");
    }

    /** Checks that the first {@code length} bytes of a block still hold its pattern. */
    private void verify(int i, int id, Pointer p, long length) {
      if (!patterns || length == 0) {
        return;
      }
      byte expected = pattern(trace.idOfSlot(id));
      long done = 0;
      while (done < length) {
        int chunk = (int) Math.min(length - done, CHUNK);
        thread.readBytes(p.plus(done), bytes, 0, chunk);
        int k = mismatch(bytes, chunk, expected);
        if (k >= 0) {
          throw violation(i, "byte " + (done + k) + " of block " + trace.idOfSlot(id) + " at "
              + hex(p.address()) + " is " + bytes[k] + ", not its pattern " + expected
              + ": the block's bytes did not survive");
        }
        done += chunk;
      }
    }

    private ReplayViolationException violation(int i, String problem) {
      return new ReplayViolationException(trace, i, problem, null);
    }
  }

  /**
   * {@return the index of the first of the first {@code length} bytes that is not
   * {@code expected}, or -1} Eight bytes at a time, as words: a block's bytes are read back on
   * every free, so this loop runs over every byte the replay allocates.
   */
  static int mismatch(byte[] bytes, int length, byte expected) {
    long word = (expected & 0xFFL) * 0x0101_0101_0101_0101L;
    int k = 0;
    for (; k <= length - Long.BYTES; k += Long.BYTES) {
      if ((long) LONGS.get(bytes, k) != word) {
        break;
      }
    }
    for (; k < length; k++) {
      if (bytes[k] != expected) {
        return k;
      }
    }
    return -1;
  }

  static byte pattern(int id) {
    return (byte) (id * 0x9E + 0x5A);
  }


  /** Configures a {@link Replayer}. */
  public static final class Builder {
    private AllocatorProvider allocator = Allocators.firstFit();
    private BlockLayout layout = BlockLayout.standard();
    /** 0 for the default: 4 GiB, or what the layout's tags can describe if less. */
    private long heapLimit;
    private boolean patterns = true;
    private IntConsumer progress;
    private final List<MemoryListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the strategy.
     *
     * @param provider the strategy
     * @return this builder
     */
    public Builder allocator(AllocatorProvider provider) {
      this.allocator = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets the block layout.
     *
     * @param blockLayout the layout
     * @return this builder
     */
    public Builder layout(BlockLayout blockLayout) {
      this.layout = Objects.requireNonNull(blockLayout, "blockLayout");
      return this;
    }

    /**
     * Sets the heap limit of each replay's model.
     *
     * @param bytes the limit in bytes
     * @return this builder
     */
    public Builder heapLimit(long bytes) {
      this.heapLimit = bytes;
      return this;
    }

    /**
     * Turns the pattern writes and checks on or off. Off, the replay still checks alignment,
     * bounds and overlap, and every access the model makes is still checked.
     *
     * @param enabled whether to write and check patterns
     * @return this builder
     */
    public Builder patterns(boolean enabled) {
      this.patterns = enabled;
      return this;
    }

    /**
     * Sets a callback that receives the number of operations done, now and then.
     *
     * @param listener the callback, or null for none
     * @return this builder
     */
    public Builder progress(IntConsumer listener) {
      this.progress = listener;
      return this;
    }

    /**
     * Adds a listener to the model of every replay, to watch the trace's memory events (the
     * replayer's own pattern writes and checks among them, as user accesses).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(MemoryListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** {@return the replayer} */
    public Replayer build() {
      return new Replayer(this);
    }
  }

  @Override
  public String toString() {
    return "replayer of " + allocator.name() + " with the " + layout.name() + " layout"
        + (patterns ? "" : ", patterns off");
  }
}
