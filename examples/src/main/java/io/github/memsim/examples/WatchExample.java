package io.github.memsim.examples;

import io.github.memsim.AddressSpace;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;

/**
 * A listener that prints every event of a small program (the event stream that the package
 * documentation of {@code io.github.memsim} describes), the heap map afterwards, and a fault
 * message that names where the block was allocated and freed.
 */
public final class WatchExample {
  private WatchExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    MemoryListener printer = new MemoryListener() {
      @Override
      public void onLoad(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        System.out.printf("op %d  load  %-14s %2d bytes  %s%n", op, AddressSpace.hex(address),
            length, origin);
      }

      @Override
      public void onStore(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        System.out.printf("op %d  store %-14s %2d bytes  %s%n", op, AddressSpace.hex(address),
            length, origin);
      }

      @Override
      public void onHeapCall(HeapCall call) {
        System.out.println(call + ", " + call.scanProbes() + " block(s) scanned");
      }

      @Override
      public void onPush(ThreadContext thread, long op, Frame frame) {
        System.out.println("op " + op + "  push " + frame);
      }
    };
    FrameLayout build = FrameLayout.builder("build").pointerSlot("node").build();
    FrameLayout cleanup = FrameLayout.builder("cleanup").build();
    MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit())
        .stackSize(64 << 10).listener(printer).build();
    ThreadContext thread = model.mainThread();
    Pointer node;
    try (Frame frame = thread.stack().push(build)) {
      node = thread.malloc(16);
      thread.writeLong(node, 42);
      frame.setPointer("node", node);
    }
    System.out.print(model.heap().map());
    thread.stack().push(cleanup);
    thread.free(node);
    thread.stack().pop();
    try {
      thread.readLong(node);
    } catch (MemoryFault fault) {
      System.out.println(fault.getMessage());
    }
  }
}
