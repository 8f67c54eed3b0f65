package io.github.memsim.trace;

import static io.github.memsim.internal.Text.hex;

import io.github.memsim.FrameLayout;
import io.github.memsim.Heap;
import io.github.memsim.LeakReport;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
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
  /** The innermost functions of a site pushed as frames: as many as a model's sites keep. */
  private static final int SITE_DEPTH = 8;
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
      ReplayResult result;
      try {
        result = new Run(Ops.of(trace)).run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (best == null || result.nsPerOp() < best.nsPerOp()) {
        best = result;
      }
    }
    return best;
  }

  /**
   * Replays a trace as it is read: the replay's memory grows with the live blocks and the ids
   * in use, not with the operations, so a trace of any length fits. The reader is read to its
   * end (its {@link TraceReader#warnings()} are then complete) and not closed.
   *
   * @param reader the trace, positioned before its first operation
   * @return the figures
   * @throws ReplayViolationException at the first violation
   * @throws TraceFormatException if a line of the trace is not valid
   * @throws IOException if reading fails
   */
  public ReplayResult replay(TraceReader reader) throws IOException {
    return new Run(Ops.of(reader)).run();
  }

  /** One replay on one fresh model. */
  private final class Run {
    private final Ops ops;
    private final MemoryModel model;
    private final ThreadContext thread;
    private final Heap heap;
    /** Per id's dense number: its live block, or null. */
    private Pointer[] pointers = new Pointer[64];
    private long[] sizes = new long[64];
    /** Which heap bytes live payloads cover, for the replayer's own overlap check. */
    private final PayloadMap payloads;
    /** The bytes of a block read back, {@value #CHUNK} at a time. */
    private final byte[] bytes = new byte[CHUNK];
    /** The model's peak of live bytes after the last operation, to see when it moves. */
    private long peakLiveBytes;
    private Statistics atPeak;
    /** Per site, the frames pushed around its allocations, innermost first; made once each. */
    private final List<FrameLayout[]> siteFrames = new ArrayList<>();
    private long alignedRequests;
    private int index;

    Run(Ops ops) {
      this.ops = ops;
      MemoryModel.Builder builder = MemoryModel.builder().allocator(allocator).layout(layout)
          .heapLimit(heapLimit == 0 ? Math.min(DEFAULT_HEAP_LIMIT, layout.maximumHeapLimit())
              : heapLimit).stackSize(4096);
      listeners.forEach(builder::listener);
      this.model = builder.build();
      this.thread = model.mainThread();
      this.heap = model.heap();
      this.payloads = new PayloadMap(heap.base(),
          Math.min(12, Long.numberOfTrailingZeros(layout.alignment() | heap.base())));
    }

    ReplayResult run() throws IOException {
      long start = System.nanoTime();
      for (index = 0; ops.next(); index++) {
        try {
          step();
        } catch (MemoryFault fault) {
          throw violation(fault.getMessage(), fault);
        }
        if (progress != null && (index & 0xFFF) == 0) {
          progress.accept(index);
        }
      }
      long elapsed = System.nanoTime() - start;
      int count = index;
      if (progress != null) {
        progress.accept(count);
      }
      Statistics end = model.statistics();
      Statistics peak = atPeak == null ? end : atPeak;
      return new ReplayResult(ops.name(), heap.allocatorName(), layout.name(), count,
          end.peakLiveBytes(), end.heapBytes(), end.utilization(),
          peak.externalFragmentation(), peak.largestFreeBlock(),
          count == 0 ? 0 : (double) end.indexProbes() / count,
          count == 0 ? 0 : (double) end.scanProbes() / count,
          count == 0 ? 0 : (double) elapsed / count, patterns, alignedRequests, stillLive(end));
    }

    /** {@return the blocks live at the end by site; nothing when the trace frees them all} */
    private List<String> stillLive(Statistics end) {
      if (end.liveBlocks() == 0) {
        return List.of();
      }
      List<String> groups = new ArrayList<>();
      for (LeakReport.Group group : heap.leaks().groups()) {
        groups.add(group.bytes() + " bytes in " + group.blocks().size()
            + (group.blocks().size() == 1 ? " block" : " blocks") + " allocated"
            + (group.site().isEmpty() ? "" : " in " + String.join(" <- ", group.site())));
      }
      return List.copyOf(groups);
    }

    private void step() {
      // Blocks are kept by their ids' dense numbers; patterns and messages use the ids.
      int id = ops.slot();
      if (id >= pointers.length) {
        int capacity = Math.max(id + 1, pointers.length * 2);
        pointers = Arrays.copyOf(pointers, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
      }
      Trace.Kind kind = ops.kind();
      switch (kind) {
        case ALLOC: {
          long size = ops.size();
          long asked = size;
          long alignment = ops.alignment();
          if (alignment > layout.alignment()) {
            asked = Math.addExact(size, alignment - layout.alignment());
            alignedRequests++;
          }
          Pointer p = allocate(asked);
          place(id, p, size);
          if (patterns) {
            thread.fill(p, size, pattern(ops.idOfSlot(id)));
          }
          break;
        }
        case REALLOC: {
          long size = ops.size();
          Pointer old = pointers[id];
          long oldSize = old == null ? 0 : sizes[id];
          if (old != null) {
            verify(id, old, oldSize);
            payloads.mark(old.address(), oldSize, false);
          }
          Pointer p;
          int pushed = enterSite();
          try {
            p = thread.realloc(old == null ? Pointer.NULL : old, size);
          } finally {
            leaveSite(pushed);
          }
          if (size == 0) {
            pointers[id] = null;
            sizes[id] = 0;
          } else {
            place(id, p, size);
            long kept = Math.min(oldSize, size);
            verify(id, p, kept);
            if (patterns && size > kept) {
              thread.fill(p.plus(kept), size - kept, pattern(ops.idOfSlot(id)));
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
          verify(id, p, sizes[id]);
          thread.free(p);
          payloads.mark(p.address(), sizes[id], false);
          pointers[id] = null;
          break;
        }
        default:
          throw new AssertionError(kind);
      }
      // Only an allocation can raise the model's peak of live bytes.
      if (kind != Trace.Kind.FREE) {
        long peak = heap.peakLiveBytes();
        if (peak > peakLiveBytes) {
          peakLiveBytes = peak;
          atPeak = model.statistics();
        }
      }
    }

    /** {@return a malloc as the program made it, inside its site's functions} */
    private Pointer allocate(long size) {
      int pushed = enterSite();
      try {
        return thread.malloc(size);
      } finally {
        leaveSite(pushed);
      }
    }

    /**
     * Pushes the current operation's site's functions, outermost first, so that the model's
     * leak reports and pictures name them as the program's would.
     *
     * @return the frames pushed, 0 when the operation has no site
     */
    private int enterSite() {
      int site = ops.site();
      if (site == 0) {
        return 0;
      }
      while (siteFrames.size() < site) {
        List<String> functions = ops.sites().get(siteFrames.size());
        int depth = Math.min(functions.size(), SITE_DEPTH);
        FrameLayout[] frames = new FrameLayout[depth];
        for (int f = 0; f < depth; f++) {
          frames[f] = FrameLayout.builder(functions.get(f)).build();
        }
        siteFrames.add(frames);
      }
      FrameLayout[] frames = siteFrames.get(site - 1);
      for (int f = frames.length - 1; f >= 0; f--) {
        thread.stack().push(frames[f]);
      }
      return frames.length;
    }

    private void leaveSite(int pushed) {
      for (int f = 0; f < pushed; f++) {
        thread.stack().pop();
      }
    }

    /** Checks a new block's placement and records it. */
    private void place(int id, Pointer p, long size) {
      long address = p.address();
      if ((address & (layout.alignment() - 1)) != 0) {
        throw violation("payload " + hex(address) + " is not aligned to "
            + layout.alignment() + " bytes");
      }
      long heapEnd = heap.base() + heap.size();
      if (address < heap.base() || size > heapEnd - address) {
        throw violation("payload [" + hex(address) + ", " + hex(address + size)
            + ") lies outside the heap [" + hex(heap.base()) + ", " + hex(heapEnd) + ")");
      }
      if (size > 0 && payloads.anyMarked(address, size)) {
        throw overlap(id, address, size);
      }
      payloads.mark(address, size, true);
      pointers[id] = p;
      sizes[id] = size;
    }

    /** Names the live block a new payload overlaps; only on the error path, so a linear scan. */
    private ReplayViolationException overlap(int id, long address, long size) {
      for (int other = 0; other < pointers.length; other++) {
        Pointer p = pointers[other];
        if (other != id && p != null && p.address() < address + size
            && address < p.address() + sizes[other]) {
          return violation("payload [" + hex(address) + ", " + hex(address + size)
              + ") overlaps block " + ops.idOfSlot(other) + " at [" + hex(p.address()) + ", "
              + hex(p.address() + sizes[other]) + ")");
        }
      }
      return violation("payload [" + hex(address) + ", " + hex(address + size)
          + ") overlaps a live block");
    }

    /** Checks that the first {@code length} bytes of a block still hold its pattern. */
    private void verify(int id, Pointer p, long length) {
      if (!patterns || length == 0) {
        return;
      }
      byte expected = pattern(ops.idOfSlot(id));
      long done = 0;
      while (done < length) {
        int chunk = (int) Math.min(length - done, CHUNK);
        thread.readBytes(p.plus(done), bytes, 0, chunk);
        int k = mismatch(bytes, chunk, expected);
        if (k >= 0) {
          throw violation("byte " + (done + k) + " of block " + ops.idOfSlot(id) + " at "
              + hex(p.address()) + " is " + bytes[k] + ", not its pattern " + expected
              + ": the block's bytes did not survive");
        }
        done += chunk;
      }
    }

    private ReplayViolationException violation(String problem) {
      return violation(problem, null);
    }

    private ReplayViolationException violation(String problem, Throwable cause) {
      return new ReplayViolationException(ops.name(), index, ops.line(), ops.op().toString(),
          problem, cause);
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
