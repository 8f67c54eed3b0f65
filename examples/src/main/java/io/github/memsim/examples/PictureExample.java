package io.github.memsim.examples;

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
 * it now points at a ghost), and a worker thread's frame pointing into the heap. Writes {@code
 * examples/pictures/list.svg}; a test keeps that file in step with the code.
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

  /**
   * Writes the picture.
   *
   * @param args the file to write (default {@code examples/pictures/list.svg})
   * @throws IOException if it cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "examples/pictures/list.svg");
    Files.writeString(file, svg(), StandardCharsets.UTF_8);
  }
}
