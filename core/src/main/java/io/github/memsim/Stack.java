package io.github.memsim;

import java.util.List;
import java.util.Optional;

/**
 * A thread's call stack: frames of fixed size, pushed on a call and popped on return, strictly
 * last in, first out. It grows down from the top of the thread's stack region; a push past the
 * stack size is a {@link StackOverflowFault}.
 */
public interface Stack {
  /**
   * Calls a function: moves the stack pointer down by the layout's frame size and writes the
   * saved frame pointer and return address.
   *
   * @param layout the function's frame layout
   * @return the new frame, on top
   * @throws StackOverflowFault if the frame does not fit; the stack is left as it was
   */
  Frame push(FrameLayout layout);

  /**
   * Returns from the function on top: pops its frame. Pointers into it dangle from now on.
   *
   * @throws LifoViolationFault if the stack is empty
   */
  void pop();

  /** {@return the frame on top, if any} */
  Optional<Frame> top();

  /** {@return the frames from the bottom (depth 1) to the top} */
  List<Frame> frames();

  /** {@return the number of frames} */
  int depth();

  /** {@return the bytes the frames take} */
  long bytesInUse();

  /** {@return the stack size: the most bytes the frames may take} */
  long size();

  /** {@return the stack pointer: the lowest address of the top frame, or the top of the region} */
  long stackPointer();

  /** {@return the address just above the stack region} */
  long topAddress();
}
