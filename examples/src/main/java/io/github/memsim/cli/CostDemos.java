package io.github.memsim.cli;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.CacheLevel;
import io.github.memsim.cost.CostModel;
import io.github.memsim.cost.CostReport;
import io.github.memsim.cost.Counter;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What programmers are told about memory's speed, measured on a simulated cache hierarchy:
 * each demonstration runs two or more sides of a claim on memsim models with a
 * {@link CostModel} and reports their counts side by side.
 */
final class CostDemos {
  /** One side of a demonstration: what ran, how many operations, and what it cost. */
  record Side(String name, long operations, CostReport report) {
    double cyclesPerOp() {
      return (double) report.cycles() / operations;
    }

    /** {@return the cycles per operation spent waiting for the accesses it depended on} */
    double dependentWaitPerOp() {
      long total = 0;
      for (String row : report.rows()) {
        total += report.count(row, Counter.DEPENDENT_WAIT);
      }
      return (double) total / operations;
    }
  }

  /** A claim and its sides; the first side is the one the others are compared with. */
  record Demo(String title, String unit, List<Side> sides, List<String> findings) {}

  private static final FrameLayout TWO_SLOTS =
      FrameLayout.builder("f").longSlot("a").longSlot("b").build();

  private final CacheHierarchy hierarchy;
  private final int n;

  CostDemos(CacheHierarchy hierarchy, int n) {
    this.hierarchy = hierarchy;
    this.n = n;
  }

  List<Demo> all() {
    return List.of(stackVersusHeap(), arraysVersusLists(), rowsVersusColumns(), sharing());
  }

  /**
   * Simulated heap bytes a demonstration may need per operation, rounded up: the first holds
   * 4n blocks of 16 to 128 bytes (88 on average with their header), half of them freed.
   */
  static final long HEAP_BYTES_PER_OP = 512;
  /** The JVM heap bytes a demonstration may take per operation, rounded up. */
  static final long JVM_BYTES_PER_OP = 1024;

  /**
   * {@return a model's builder whose heap limit fits {@code n}} The default limit (16 MiB) stays
   * where it suffices, so that the default figures are unchanged.
   */
  private MemoryModel.Builder model(CostModel cost) {
    long defaultLimit = 16L << 20;
    return MemoryModel.builder().listener(cost)
        .heapLimit(Math.max(defaultLimit, HEAP_BYTES_PER_OP * n + (1L << 20)));
  }

  private CostModel fresh() {
    return CostModel.of(hierarchy);
  }

  /** 1. Pushing a frame against malloc and free, on a heap that already holds blocks. */
  Demo stackVersusHeap() {
    CostModel cost = fresh();
    MemoryModel model = model(cost).build();
    ThreadContext main = model.mainThread();
    SplittableRandom random = new SplittableRandom(7);
    List<Pointer> others = new ArrayList<>();
    for (int i = 0; i < 4 * n; i++) {
      others.add(main.malloc(16 + 16 * random.nextInt(8)));
    }
    for (int i = 0; i < others.size(); i += 2) {
      main.free(others.get(i));
    }
    CostReport push;
    try (CostModel.Measurement m = cost.measure("push")) {
      for (int i = 0; i < n; i++) {
        try (Frame frame = main.stack().push(TWO_SLOTS)) {
          frame.setLong("a", i);
          frame.setLong("b", i);
        }
      }
      push = m.report();
    }
    CostReport malloc;
    try (CostModel.Measurement m = cost.measure("malloc")) {
      for (int i = 0; i < n; i++) {
        Pointer p = main.malloc(16);
        main.writeLong(p, i);
        main.writeLong(p.plus(8), i);
        main.free(p);
      }
      malloc = m.report();
    }
    return new Demo("1. A frame of two longs pushed and popped, against malloc(16) and free"
        + " of the same two longs (" + n + " times each, on a heap holding " + (2 * n)
        + " other blocks)", "op", List.of(new Side("push + pop", n, push),
        new Side("malloc + free", n, malloc)), List.of());
  }

  /** 2. Summing longs in arrays (stack, heap) against walking linked lists. */
  Demo arraysVersusLists() {
    List<Side> sides = new ArrayList<>();
    // On the stack: one frame with an n-long array.
    {
      CostModel cost = fresh();
      MemoryModel model = model(cost).stackSize(8L * n + 4096).build();
      ThreadContext main = model.mainThread();
      FrameLayout layout = FrameLayout.builder("sum").bytesSlot("values", 8 * n).build();
      try (Frame frame = main.stack().push(layout)) {
        Pointer values = frame.addressOf("values");
        for (int i = 0; i < n; i++) {
          main.writeLong(values.plus(8L * i), i);
        }
        sides.add(new Side("array on the stack", n, sumArray(cost, main, values)));
      }
    }
    {
      CostModel cost = fresh();
      MemoryModel model = model(cost).build();
      ThreadContext main = model.mainThread();
      Pointer values = main.malloc(8L * n);
      for (int i = 0; i < n; i++) {
        main.writeLong(values.plus(8L * i), i);
      }
      sides.add(new Side("array on the heap", n, sumArray(cost, main, values)));
    }
    sides.add(new Side("list, nodes allocated in order", n, list(false)));
    sides.add(new Side("list, nodes interleaved and shuffled", n, list(true)));
    return new Demo("2. Summing " + n + " longs: arrays against linked lists of 16-byte nodes",
        "element", sides, List.of());
  }

  private CostReport sumArray(CostModel cost, ThreadContext main, Pointer values) {
    try (CostModel.Measurement m = cost.measure("sum")) {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += main.readLong(values.plus(8L * i));
      }
      return m.report();
    }
  }

  private CostReport list(boolean shuffled) {
    CostModel cost = fresh();
    MemoryModel model = model(cost).build();
    ThreadContext main = model.mainThread();
    SplittableRandom random = new SplittableRandom(11);
    List<Pointer> nodes = new ArrayList<>();
    List<Pointer> filler = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(main.malloc(16));
      if (shuffled) {
        filler.add(main.malloc(16 + 16 * random.nextInt(6)));
      }
    }
    if (shuffled) {
      for (int i = nodes.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        nodes.set(i, nodes.set(j, nodes.get(i)));
      }
    }
    for (int i = 0; i < n; i++) {
      main.writeLong(nodes.get(i), i);
      main.writePointer(nodes.get(i).plus(8), i + 1 < n ? nodes.get(i + 1) : Pointer.NULL);
    }
    try (CostModel.Measurement m = cost.measure("walk")) {
      long sum = 0;
      for (Pointer node = nodes.get(0); !node.isNull(); node = main.readPointer(node.plus(8))) {
        sum += main.readLong(node);
      }
      return m.report();
    }
  }

  /** 3. A 2-D array of longs read row by row against column by column. */
  Demo rowsVersusColumns() {
    int side = (int) Math.max(16, Math.sqrt(n * 16.0));
    List<Side> sides = new ArrayList<>();
    for (boolean byRows : new boolean[] {true, false}) {
      CostModel cost = fresh();
      MemoryModel model = model(cost).build();
      ThreadContext main = model.mainThread();
      Pointer matrix = main.calloc((long) side * side, 8);
      try (CostModel.Measurement m = cost.measure("traverse")) {
        long sum = 0;
        for (int x = 0; x < side; x++) {
          for (int y = 0; y < side; y++) {
            int row = byRows ? x : y;
            int column = byRows ? y : x;
            sum += main.readLong(matrix.plus(8L * ((long) row * side + column)));
          }
        }
        sides.add(new Side(byRows ? "row by row" : "column by column", (long) side * side,
            m.report()));
      }
    }
    return new Demo("3. Reading a " + side + " x " + side + " array of longs ("
        + (8L * side * side >> 10) + " KiB)", "element", sides, fitsNote(side, sides));
  }

  /**
   * {@return why columns cost what rows do, when they do: the array fits in a cache level; or
   * nothing}
   */
  private List<String> fitsNote(int side, List<Side> sides) {
    long bytes = 8L * side * side;
    if (sides.get(1).cyclesPerOp() >= 1.15 * sides.get(0).cyclesPerOp()) {
      return List.of();
    }
    for (CacheLevel level : hierarchy.levels()) {
      long capacity = level.capacity(hierarchy.lineSize());
      if (bytes <= capacity) {
        // The smallest n whose array no longer fits: side > sqrt(capacity / 8).
        long outgrow = (long) Math.floor(Math.sqrt(capacity / 8.0)) + 1;
        long n = Math.min(1_000_000, (outgrow * outgrow + 15) / 16);
        return List.of(side + " x " + side + " longs (" + (bytes >> 10) + " KiB) fit in "
            + level.name() + " (" + (capacity >> 10) + " KiB): rows and columns cost about"
            + " the same here, since every line is fetched once either way; columns lose once"
            + " the array outgrows " + level.name() + " (cost -n " + n + " or more)");
      }
    }
    return List.of();
  }

  /** 4. Two threads incrementing their own counters, 8 bytes apart against 64 apart. */
  Demo sharing() {
    List<Side> sides = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    for (int apart : new int[] {64, 8}) {
      CostModel cost = fresh();
      MemoryModel model = model(cost).build();
      ThreadContext a = model.newThread("a");
      ThreadContext b = model.newThread("b");
      // One struct of two counters, aligned to the line so that only their distance matters.
      int line = hierarchy.lineSize();
      Pointer block = model.mainThread().calloc(1, 2L * line + 64);
      Pointer first = block.plus(Math.floorMod(-block.address(), line));
      Pointer second = first.plus(apart);
      try (CostModel.Measurement m = cost.measure("increments")) {
        for (int i = 0; i < n; i++) {
          a.writeLong(first, a.readLong(first) + 1);
          b.writeLong(second, b.readLong(second) + 1);
        }
        sides.add(new Side("counters " + apart + " bytes apart", 2L * n, m.report()));
      }
      for (CostReport.Sharing found : cost.report().sharing()) {
        findings.add("with counters " + apart + " bytes apart: " + found);
      }
    }
    return new Demo("4. Threads a and b each incrementing its own counter, taking turns, "
        + n + " times each", "increment", sides, findings);
  }

  /** {@return the demonstrations as text tables} */
  static String table(CacheHierarchy hierarchy, List<Demo> demos) {
    StringBuilder out = new StringBuilder();
    out.append("Machine: ").append(hierarchy.description()).append('\n');
    List<String> levels = new ArrayList<>();
    hierarchy.levels().forEach(level -> levels.add(level.name()));
    for (Demo demo : demos) {
      out.append('\n').append(demo.title()).append('\n');
      out.append(String.format(Locale.ROOT, "  %-38s %9s", "per " + demo.unit() + ":",
          "accesses"));
      for (String level : levels) {
        out.append(String.format(Locale.ROOT, " %10s", level + " misses"));
      }
      boolean overlapped = hierarchy.overlap().isPresent();
      out.append(String.format(Locale.ROOT, overlapped ? " %9s %9s%n" : " %9s%n", "cycles",
          "dep. wait"));
      for (Side side : demo.sides()) {
        CostReport report = side.report();
        out.append(String.format(Locale.ROOT, "  %-38s %9.2f", side.name(),
            (double) report.accesses() / side.operations()));
        for (String level : levels) {
          out.append(String.format(Locale.ROOT, " %10.3f",
              (double) report.count(level, Counter.MISSES) / side.operations()));
        }
        out.append(String.format(Locale.ROOT, " %9.1f", side.cyclesPerOp()));
        out.append(overlapped ? String.format(Locale.ROOT, " %9.1f%n", side.dependentWaitPerOp())
            : System.lineSeparator());
      }
      Side base = demo.sides().get(0);
      for (Side other : demo.sides().subList(1, demo.sides().size())) {
        out.append(String.format(Locale.ROOT, "  %s costs %.2fx %s%n", other.name(),
            other.cyclesPerOp() / base.cyclesPerOp(), base.name()));
      }
      for (String finding : demo.findings()) {
        out.append("  ").append(finding).append('\n');
      }
    }
    return out.toString();
  }

  /** {@return the demonstrations as one JSON object} */
  static String json(CacheHierarchy hierarchy, List<Demo> demos) {
    Text.Json out = new Text.Json().beginObject().name("machine")
        .value(hierarchy.description()).name("demonstrations").beginArray();
    for (Demo demo : demos) {
      out.beginObject().name("title").value(demo.title()).name("unit").value(demo.unit())
          .name("sides").beginArray();
      for (Side side : demo.sides()) {
        out.beginObject().name("name").value(side.name())
            .name("operations").value(side.operations())
            .name("cyclesPerOp").value(side.cyclesPerOp(), 4)
            .name("ratio").value(side.cyclesPerOp() / demo.sides().get(0).cyclesPerOp(), 4)
            .name("dependentWaitPerOp").value(side.dependentWaitPerOp(), 4)
            .name("report").raw(side.report().toJson()).endObject();
      }
      out.endArray().name("findings").beginArray();
      demo.findings().forEach(out::value);
      out.endArray().endObject();
    }
    return out.endArray().endObject().toString();
  }
}
