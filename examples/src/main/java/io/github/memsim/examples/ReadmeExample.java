package io.github.memsim.examples;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocators;

/** The example of the README, kept here so that the build compiles and runs it. */
public final class ReadmeExample {
  private ReadmeExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    MemoryModel model = MemoryModel.builder()
        .allocator(Allocators.bestFit())          // or firstFit(), nextFit(), worstFit(), bump()
        .heapLimit(16 << 20)                      // the heap may grow to 16 MiB
        .stackSize(64 << 10)                      // each thread's stack holds 64 KiB of frames
        .build();
    ThreadContext main = model.mainThread();
    FrameLayout fib = FrameLayout.builder("fib").intSlot("n").pointerSlot("memo").build();

    try (Frame frame = main.stack().push(fib)) {  // a call; closing the frame returns
      frame.setInt("n", 10);
      Pointer memo = main.malloc(11 * 8);         // long memo[11] on the shared heap
      frame.setPointer("memo", memo);             // a stack slot pointing into the heap
      main.writeLong(memo.plus(8 * 10), 55);
      System.out.println("memo[10] = " + main.readLong(frame.getPointer("memo").plus(80)));
      main.free(memo);
      main.readLong(memo);                        // use after free: a MemoryFault
    } catch (MemoryFault fault) {
      System.out.println(fault.getMessage());
    }
  }
}
