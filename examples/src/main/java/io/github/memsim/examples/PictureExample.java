package io.github.memsim.examples;

import io.github.memsim.Finding;
import io.github.memsim.concurrent.RaceDetector;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.CostModel;
import java.util.ArrayList;
import java.util.List;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.picture.StatePicture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The picture in the README: a list built from a stack slot, one node freed (so the node before
 * it now points at a ghost), and a worker thread's frame pointing into the heap; and a picture
 * with a race detector's and a cost model's findings laid over it. Writes {@code
 * examples/pictures/list.svg} and {@code findings.svg} beside it; a test keeps them in step with
 * the code.
 */
public final class PictureExample {
  private static final FrameLayout MAIN = FrameLayout.builder("main").pointerSlot("head")
      .intSlot("count").build();
  private static final FrameLayout PUSH = FrameLayout.builder("push_front").pointerSlot("node")
      .build();
  private static final FrameLayout WORKER = FrameLayout.builder("worker").pointerSlot("item")
      .build();

  private PictureExample() {}

  /** {@return the model in the state the picture shows} */
  static MemoryModel scene() {
    MemoryModel model = MemoryModel.builder().heapLimit(1 << 16).stackSize(4096).build();
    ThreadContext main = model.mainThread();
    Frame frame = main.stack().push(MAIN);
    for (int value = 3; value >= 1; value--) {
      try (Frame push = main.stack().push(PUSH)) {
        Pointer node = main.malloc(16);
        push.setPointer("node", node);
        main.writeLong(node, value * 10L);
        main.writePointer(node.plus(8), frame.getPointer("head"));
        frame.setPointer("head", node);
      }
    }
    frame.setInt("count", 3);
    Pointer head = frame.getPointer("head");
    Pointer second = main.readPointer(head.plus(8));
    Pointer third = main.readPointer(second.plus(8));
    main.free(second);
    ThreadContext worker = model.newThread("worker");
    worker.stack().push(WORKER).setPointer("item", third);
    return model;
  }

  /** {@return the picture's SVG} */
  static String svg() {
    return StatePicture.svg(scene().view());
  }

  private static final FrameLayout COUNT = FrameLayout.builder("count").pointerSlot("mine")
      .build();

  /**
   * {@return a picture with findings laid over it} Two threads count in their own fields of one
   * struct (no race, but false sharing of its cache line) and both add to a shared total with
   * no lock (a data race, and true sharing of the total's line), under a race detector and a
   * cost model.
   */
  static String findings() {
    RaceDetector detector = new RaceDetector();
    CostModel cost = CostModel.of(CacheHierarchy.desktop());
    MemoryModel model = MemoryModel.builder().heapLimit(1 << 16).stackSize(4096)
        .listener(detector).listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer counts = main.calloc(2, 8);   // struct { long a; long b; }, one cache line
    main.malloc(48);                      // keeps the total on a line of its own
    Pointer total = main.calloc(1, 8);
    ThreadContext[] threads = {model.newThread("a"), model.newThread("b")};
    for (int i = 0; i < 2; i++) {
      threads[i].stack().push(COUNT).setPointer("mine", counts.plus(8L * i));
    }
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 2; i++) {
        ThreadContext t = threads[i];
        Pointer mine = counts.plus(8L * i);
        t.writeLong(mine, t.readLong(mine) + 1);
        t.writeLong(total, t.readLong(total) + 1);
      }
    }
    List<Finding> findings = new ArrayList<>(detector.findings());
    findings.addAll(cost.report().findings());
    return StatePicture.svg(model.view(), findings);
  }

  /**
   * Writes the picture.
   *
   * @param args the file to write (default {@code examples/pictures/list.svg})
   * @throws IOException if it cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "examples/pictures/list.svg");
    Files.writeString(file, svg(), StandardCharsets.UTF_8);
    Files.writeString(file.resolveSibling("findings.svg"), findings(), StandardCharsets.UTF_8);
  }
}
