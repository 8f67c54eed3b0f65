package io.github.memsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A thread's stack: frames pushed down from the top of the thread's stack region. A push writes
 * the saved frame pointer and a return address into the frame's top 16 bytes, as a call does;
 * slots are not cleared, so a new frame sees what earlier frames left there.
 */
final class ThreadStack implements Stack {
  /** Where simulated code lives: return addresses point here, never into mapped memory. */
  private static final long CODE_BASE = 0x40_0000L;

  private final ModelThread thread;
  private final List<StackFrame> frames = new ArrayList<>();
  private long stackPointer;

  ThreadStack(ModelThread thread) {
    this.thread = thread;
    this.stackPointer = thread.top;
  }

  @Override
  public Frame push(FrameLayout layout) {
    java.util.Objects.requireNonNull(layout, "layout");
    Model model = thread.model;
    synchronized (model.lock) {
      long size = layout.frameBytes();
      long used = thread.top - stackPointer;
      int depth = frames.size() + 1;
      if (size > model.stackSize - used) {
        throw new StackOverflowFault(stackPointer - size, thread.name(), depth, used + size,
            model.stackSize, "pushing frame " + layout.name() + " (" + size + " bytes) at depth "
                + depth + " would use " + (used + size) + " of " + model.stackSize + " bytes");
      }
      long base = stackPointer - size;
      long framePointer = base + layout.slotBytes();
      long callerFramePointer = frames.isEmpty() ? 0 : frames.get(frames.size() - 1).framePointer();
      thread.memory.writeLong(framePointer, callerFramePointer);
      thread.memory.writeLong(framePointer + 8, returnAddress(layout));
      model.clearTags(framePointer, 16);
      StackFrame frame = new StackFrame(thread, layout, depth, base, framePointer);
      frames.add(frame);
      stackPointer = base;
      model.pushes++;
      model.completeOp();
      return frame;
    }
  }

  private static long returnAddress(FrameLayout layout) {
    return CODE_BASE + ((layout.name().hashCode() & 0xFFFFL) << 4);
  }

  @Override
  public void pop() {
    synchronized (thread.model.lock) {
      if (frames.isEmpty()) {
        throw new LifoViolationFault(stackPointer, thread.name(), "pop on an empty stack");
      }
      popTop();
    }
  }

  /** Pops {@code frame}, which must be on top; called with the lock held. */
  void close(StackFrame frame) {
    if (!frame.isLive()) {
      throw new LifoViolationFault(frame.address(), thread.name(), frame.describe()
          + " was already popped at op " + frame.poppedAt());
    }
    StackFrame top = frames.get(frames.size() - 1);
    if (top != frame) {
      throw new LifoViolationFault(frame.address(), thread.name(), frame.describe()
          + " closed while " + top.describe() + " is on top");
    }
    popTop();
  }

  private void popTop() {
    Model model = thread.model;
    StackFrame frame = frames.remove(frames.size() - 1);
    stackPointer = frame.address() + frame.size();
    model.clearTags(frame.address(), frame.size());
    model.pops++;
    frame.markPopped(model.completeOp());
  }

  @Override
  public Optional<Frame> top() {
    synchronized (thread.model.lock) {
      return frames.isEmpty() ? Optional.empty() : Optional.of(frames.get(frames.size() - 1));
    }
  }

  @Override
  public List<Frame> frames() {
    synchronized (thread.model.lock) {
      return Collections.unmodifiableList(new ArrayList<>(frames));
    }
  }

  @Override
  public int depth() {
    synchronized (thread.model.lock) {
      return frames.size();
    }
  }

  @Override
  public long bytesInUse() {
    synchronized (thread.model.lock) {
      return thread.top - stackPointer;
    }
  }

  @Override
  public long size() {
    return thread.model.stackSize;
  }

  @Override
  public long stackPointer() {
    synchronized (thread.model.lock) {
      return stackPointer;
    }
  }

  @Override
  public long topAddress() {
    return thread.top;
  }
}
