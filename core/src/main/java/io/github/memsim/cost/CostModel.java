package io.github.memsim.cost;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.HeapMap;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Charges a memory model's traffic to a simulated {@link CacheHierarchy}: a
 * {@link MemoryListener} that sends every load and store (user data, frame linkage, the
 * allocator's tags, zeroing and copying) through a {@link CacheSimulator}, each simulated thread
 * a core with its own private levels, and charges the allocator's free-index probes at the
 * hierarchy's probe cost. Reads by the heap checker and the heap map
 * ({@link Origin#INSPECTION}) are not charged: they are not the program's.
 *
 * <pre>{@code
 * CostModel cost = CostModel.of(CacheHierarchy.desktop());
 * MemoryModel model = MemoryModel.builder().listener(cost).build();
 * try (CostModel.Measurement m = cost.measure("malloc")) {
 *   model.mainThread().malloc(16);
 * }
 * System.out.print(cost.report().toTable());
 * }</pre>
 *
 * <p>Costs never change what the program computes: a model with a cost model gives the same
 * addresses, values, faults and statistics as one without. A model without one pays nothing.
 * One cost model serves one memory model. Its methods are called under the model's lock; take
 * reports from the thread that runs the program, or while no operation runs.
 */
public final class CostModel implements MemoryListener {
  private final CacheSimulator simulator;
  private final Work work;
  /** The lowest and highest addresses of the allocator's stores in the heap call under way. */
  private long lowestTag = Long.MAX_VALUE;
  private long highestTag = Long.MIN_VALUE;
  private final Map<ThreadContext, Integer> threads = new IdentityHashMap<>();
  private ThreadContext lastThread;
  private int lastIndex;
  private int unnamed = -1;
  private MemoryModel model;

  private CostModel(CacheHierarchy hierarchy) {
    this.simulator = new CacheSimulator(hierarchy);
    this.work = hierarchy.work();
  }

  /**
   * Makes a cost model with cold caches.
   *
   * @param hierarchy the machine to charge
   * @return a listener to register with {@code MemoryModel.builder().listener(..)}
   */
  public static CostModel of(CacheHierarchy hierarchy) {
    return new CostModel(Objects.requireNonNull(hierarchy, "hierarchy"));
  }

  /** {@return the hierarchy charged} */
  public CacheHierarchy hierarchy() {
    return simulator.hierarchy();
  }

  @Override
  public void onThreadStart(ThreadContext thread, long op) {
    index(thread);
  }

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
    if (origin != Origin.INSPECTION && length > 0) {
      simulator.access(index(thread), address, length, false, origin);
    }
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
    if (origin != Origin.INSPECTION && length > 0) {
      simulator.access(index(thread), address, length, true, origin);
      if (origin == Origin.ALLOCATOR) {
        lowestTag = Math.min(lowestTag, address);
        highestTag = Math.max(highestTag, address);
      }
    }
  }

  @Override
  public void onPointerLoad(ThreadContext thread, long op, long address, Pointer value) {
    if (!value.isNull()) {
      // Accesses through the pointer reach from its block's or slot's start (a raw pointer:
      // its address) to a line past it.
      long start = value.kind() == Pointer.Kind.RAW ? value.address()
          : value.address() - value.offset();
      simulator.pointerLoaded(index(thread), start,
          value.address() + simulator.hierarchy().lineSize());
    }
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    simulator.chargeWork(index(thread), Origin.FRAME_LINKAGE, work.push());
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    simulator.chargeWork(index(thread), Origin.FRAME_LINKAGE, work.pop());
  }

  @Override
  public void onHeapCall(HeapCall call) {
    int thread = index(call.thread());
    if (call.indexProbes() > 0) {
      simulator.chargeProbes(thread, call.indexProbes(), Origin.ALLOCATOR);
    }
    long steps = work.heapCall();
    if (work.split() > 0 || work.merge() > 0) {
      steps += splitsAndMerges(call);
    }
    simulator.chargeWork(thread, Origin.ALLOCATOR, steps);
    lowestTag = Long.MAX_VALUE;
    highestTag = Long.MIN_VALUE;
  }

  /** The cost of the splits and merges a heap call made, told by where it wrote its tags. */
  private long splitsAndMerges(HeapCall call) {
    if (highestTag < 0 || call.block().isEmpty()) {
      return 0;
    }
    HeapBlock block = call.block().get();
    long end = block.address() + block.size();
    if (call.kind() != HeapCall.Kind.FREE) {
      return highestTag > end + 15 ? work.split() : 0;
    }
    long merges = (lowestTag < block.address() - 16 ? 1 : 0) + (highestTag > end + 15 ? 1 : 0);
    return merges * work.merge();
  }

  private int index(ThreadContext thread) {
    if (thread == lastThread && thread != null) {
      return lastIndex;
    }
    if (thread == null) {
      if (unnamed < 0) {
        unnamed = simulator.addThread("no thread");
      }
      return unnamed;
    }
    if (model == null) {
      model = thread.model();
    } else if (thread.model() != model) {
      throw new IllegalStateException("a cost model serves one memory model: thread "
          + thread.name() + " belongs to another; make a CostModel per model");
    }
    Integer index = threads.get(thread);
    if (index == null) {
      index = simulator.addThread(thread.name());
      threads.put(thread, index);
    }
    lastThread = thread;
    lastIndex = index;
    return index;
  }

  /**
   * {@return every count so far; each shared line is named with the heap blocks and stack
   * slots that lie in it when the report is taken}
   */
  public CostReport report() {
    if (model == null) {
      return simulator.report();
    }
    int lineSize = simulator.hierarchy().lineSize();
    HeapMap[] map = new HeapMap[1];
    return simulator.report(line -> {
      if (map[0] == null) {
        map[0] = model.heap().map();
      }
      return residents(map[0], line, line + lineSize);
    });
  }

  private List<String> residents(HeapMap map, long from, long to) {
    List<String> found = new ArrayList<>();
    for (HeapMap.Entry entry : map.entries(HeapMap.State.ALLOCATED)) {
      long start = entry.payloadAddress();
      long end = entry.block().map(b -> b.address() + b.size()).orElse(entry.footerStart());
      if (start < to && end > from) {
        found.add(entry.block().map(b -> "block #" + b.id() + " (" + Text.bytes(b.size())
            + " at " + Text.hex(b.address()) + ")").orElse("a block at " + Text.hex(start)));
      }
    }
    for (ThreadContext thread : model.threads()) {
      for (Frame frame : thread.stack().frames()) {
        for (FrameLayout.Slot slot : frame.layout().slots()) {
          long start = frame.addressOf(slot.name()).address();
          if (start < to && start + slot.size() > from) {
            found.add(thread.name() + "'s " + frame.name() + "." + slot.name() + " ("
                + Text.hex(start) + ")");
          }
        }
      }
    }
    return found;
  }

  /**
   * Starts measuring a span of the program: the measurement's report holds only what happens
   * between this call and {@link Measurement#close()}.
   *
   * @param name what the span is, for its report
   * @return the open measurement
   */
  public Measurement measure(String name) {
    return new Measurement(Objects.requireNonNull(name, "name"), simulator.report());
  }

  /** A span of a program being measured; close it to fix its report. */
  public final class Measurement implements AutoCloseable {
    private final String name;
    private final CostReport start;
    private CostReport report;

    private Measurement(String name, CostReport start) {
      this.name = name;
      this.start = start;
    }

    /** {@return the span's name} */
    public String name() {
      return name;
    }

    /**
     * {@return the counts of the span: up to now while it is open, fixed once closed}
     */
    public CostReport report() {
      return report != null ? report : CostModel.this.report().minus(start);
    }

    /** Ends the span. Closing twice keeps the first report. */
    @Override
    public void close() {
      if (report == null) {
        report = CostModel.this.report().minus(start);
      }
    }

    @Override
    public String toString() {
      return name + ": " + report().cycles() + " cycles";
    }
  }
}
