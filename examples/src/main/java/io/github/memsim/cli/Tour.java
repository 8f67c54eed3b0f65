package io.github.memsim.cli;

import io.github.memsim.AddressSpace;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.picture.Recording;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A guided tour of memsim: calls a recursive function with real frames, builds a linked list on
 * the heap from a stack slot, follows the pointers, makes the classic mistakes (use after free,
 * double free, a write past the end, a pointer to a dead frame) and finally overflows the stack.
 * Every fault is caught and printed; the model is unchanged by each of them.
 */
public final class Tour {
  private static final FrameLayout FACTORIAL = FrameLayout.builder("factorial")
      .intSlot("n").longSlot("result").build();
  private static final FrameLayout MAIN = FrameLayout.builder("main")
      .pointerSlot("head").intSlot("count").build();
  private static final FrameLayout RECURSE = FrameLayout.builder("recurse")
      .bytesSlot("buffer", 100).build();

  private final PrintStream out;
  private final boolean record;
  private Recording recording;

  /**
   * Creates a tour that prints to {@code out}.
   *
   * @param out where the tour prints
   */
  public Tour(PrintStream out) {
    this(out, false);
  }

  /**
   * Creates a tour that prints to {@code out} and, if {@code record}, records its model (the
   * first five chapters) op by op, for {@link #recording()}.
   *
   * @param out where the tour prints
   * @param record whether to record
   */
  public Tour(PrintStream out, boolean record) {
    this.out = out;
    this.record = record;
  }

  /**
   * {@return the recording of the last run, if the tour records}
   *
   * @throws IllegalStateException if the tour does not record or has not run
   */
  public Recording recording() {
    if (recording == null) {
      throw new IllegalStateException("the tour was not recorded");
    }
    return recording;
  }

  /**
   * Runs the tour on standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    new Tour(System.out).run();
  }

  /** Runs the tour. */
  public void run() {
    MemoryModel.Builder builder = MemoryModel.builder()
        .allocator(Allocators.bestFit())
        .heapLimit(1 << 20)
        .stackSize(8 << 10);
    recording = record ? Recording.attach(builder) : null;
    MemoryModel model = builder.build();
    ThreadContext main = model.mainThread();
    section("1. Calls push frames; returns pop them");
    out.printf(Locale.ROOT, "factorial(5) = %d%n", factorial(main, 5, true));

    section("2. A stack slot points to a linked list on the heap");
    try (Frame frame = main.stack().push(MAIN)) {
      Pointer head = Pointer.NULL;
      for (int value = 3; value >= 1; value--) {
        Pointer node = main.malloc(16);            // struct node { long value; node *next; }
        main.writeLong(node, value * 10L);
        main.writePointer(node.plus(8), head);
        head = node;
      }
      frame.setPointer("head", head);
      frame.setInt("count", 3);
      out.printf(Locale.ROOT, "frame %s at %s holds head = %s%n", frame.name(),
          AddressSpace.hex(frame.address()), frame.getPointer("head"));
      StringBuilder walk = new StringBuilder();
      for (Pointer p = frame.getPointer("head"); !p.isNull(); p = main.readPointer(p.plus(8))) {
        walk.append(main.readLong(p)).append(" -> ");
      }
      out.println("following the pointers: " + walk + "NULL");
      out.print(model.heap().describe());

      section("3. The classic mistakes, each caught and explained");
      Pointer first = frame.getPointer("head");
      Pointer second = main.readPointer(first.plus(8));
      main.free(second);
      attempt(() -> main.readLong(second));
      attempt(() -> main.free(second));
      attempt(() -> main.writeLong(first.plus(16), 99));
      attempt(() -> main.free(first.plus(8)));
      attempt(() -> main.readLong(Pointer.NULL));
    }
    Pointer dangling;
    try (Frame frame = main.stack().push(FACTORIAL)) {
      dangling = frame.addressOf("n");
    }
    attempt(() -> main.readInt(dangling));

    section("4. Unbounded recursion overflows the stack");
    attempt(() -> recurseForever(main));
    out.printf(Locale.ROOT, "after the fault the stack is back to depth %d%n",
        main.stack().depth());

    section("5. What it all cost");
    Statistics stats = model.statistics();
    out.printf(Locale.ROOT, "heap %d bytes, %d live blocks holding %d bytes, peak live %d bytes,"
            + " utilization %.3f%n", stats.heapBytes(), stats.liveBlocks(), stats.liveBytes(),
        stats.peakLiveBytes(), stats.utilization());
    out.printf(Locale.ROOT, "malloc %d, free %d, loads %d, stores %d, pushes %d, pops %d:"
            + " %d operations in all%n", stats.mallocs(), stats.frees(), stats.loads(),
        stats.stores(), stats.pushes(), stats.pops(), stats.operations());
    model.heap().check();
    out.println("heap check: consistent");
    out.println("leak check (the list's head was a slot of a frame that has returned):");
    out.print(model.heap().leaks());

    section("6. Why the stack is faster: the same work on a simulated cache");
    CacheHierarchy desktop = CacheHierarchy.desktop();
    CostDemos demos = new CostDemos(desktop, 2000);
    out.print(CostDemos.table(desktop, List.of(demos.stackVersusHeap(),
        demos.arraysVersusLists())));
    out.println("(memsim cost runs all four demonstrations; see the README's Costs section)");

    section("7. Threads share the heap: two increments race");
    Map<String, Program> examples = ThreadsExamples.all();
    out.print(Exploration.random(examples.get("lost-update"), 1,
        100));
    out.print(Exploration.random(examples.get("lost-update-mutex"),
        1, 100));
    out.println("(memsim threads explores every example; see the README's Threads section)");

    section("8. Ownership: a string moved, cloned and dropped, as Rust does it");
    out.print(OwnershipExamples.tour());
    out.println("(memsim ownership runs the Rust book's listings, with pictures)");
  }

  private long factorial(ThreadContext thread, int n, boolean trace) {
    try (Frame frame = thread.stack().push(FACTORIAL)) {
      frame.setInt("n", n);
      if (trace) {
        out.printf(Locale.ROOT, "%s-> factorial(%d): frame of %d bytes at %s, depth %d%n",
            "  ".repeat(frame.depth() - 1), n, frame.size(), AddressSpace.hex(frame.address()),
            frame.depth());
      }
      long result = n <= 1 ? 1 : n * factorial(thread, frame.getInt("n") - 1, trace);
      frame.setLong("result", result);
      return frame.getLong("result");
    }
  }

  private static void recurseForever(ThreadContext thread) {
    try (Frame frame = thread.stack().push(RECURSE)) {
      thread.fill(frame.addressOf("buffer"), 100, (byte) frame.depth());
      recurseForever(thread);
    }
  }

  private void attempt(Runnable action) {
    try {
      action.run();
      out.println("(no fault)");
    } catch (MemoryFault fault) {
      out.println(fault.getClass().getSimpleName() + ": " + fault.getMessage());
    }
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }
}
