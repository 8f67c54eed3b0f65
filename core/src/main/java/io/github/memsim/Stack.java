package io.github.memsim;

import com.google.common.collect.Sets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A thread's call stack: frames of fixed size, pushed on a call and popped on return, strictly
 * last in, first out. It grows down from the top of the thread's stack region; a push past the
 * stack size is a {@link StackOverflowFault}.
 *
 * <p>A push writes the saved frame pointer and a return address into the frame's top 16 bytes,
 * as a call does, and a pop reads them back; slots are not cleared, so a new frame sees what
 * earlier frames left there.
 */
public final class Stack {
  /** Where simulated code lives: return addresses point here, never into mapped memory. */
  private static final long CODE_BASE = 0x40_0000L;

  private final ThreadContext thread;
  private final Object lock;
  private final Events events;
  private final long size;
  private final List<Frame> frames = new ArrayList<>();
  private long stackPointer;

  Stack(ThreadContext thread) {
    this.thread = thread;
    this.lock = thread.lock();
    this.events = thread.events();
    this.size = thread.top() - thread.bottom();
    this.stackPointer = thread.top();
  }

  /**
   * Calls a function: moves the stack pointer down by the layout's frame size and writes the
   * saved frame pointer and return address.
   *
   * @param layout the function's frame layout
   * @return the new frame, on top
   * @throws StackOverflowFault if the frame does not fit; the stack is left as it was
   */
  public Frame push(FrameLayout layout) {
    Objects.requireNonNull(layout, "layout");
    thread.beforeOperation();
    synchronized (lock) {
      thread.checkOwner();
      long frameBytes = layout.frameBytes();
      long used = thread.top() - stackPointer;
      int depth = frames.size() + 1;
      if (frameBytes > size - used) {
        throw events.fault(thread, new StackOverflowFault(stackPointer - frameBytes,
            thread.name(), depth, used + frameBytes, size, Phrases.overflow(layout.name(), frameBytes, depth,
            used + frameBytes, size)));
      }
      long base = stackPointer - frameBytes;
      long framePointer = base + layout.slotBytes();
      Frame caller = frames.isEmpty() ? null : frames.get(frames.size() - 1);
      thread.writeLinkage(framePointer, caller == null ? 0 : caller.framePointer());
      thread.writeLinkage(framePointer + 8, returnAddress(layout));
      thread.access().pointerTags().clear(framePointer, 16);
      CallSite site = thread.sites().enter(caller == null ? null : caller.site(),
          layout.name());
      Frame frame = new Frame(thread, layout, depth, base, framePointer, site);
      frames.add(frame);
      stackPointer = base;
      thread.stackChanged(depth);
      events.push(thread, frame);
      events.completeOp();
      return frame;
    }
  }

  private static long returnAddress(FrameLayout layout) {
    return CODE_BASE + ((layout.name().hashCode() & 0xFFFFL) << 4);
  }

  /**
   * Returns from the function on top: pops its frame. Pointers into it dangle from now on.
   *
   * @throws LifoViolationFault if the stack is empty
   */
  public void pop() {
    thread.beforeOperation();
    synchronized (lock) {
      thread.checkOwner();
      if (frames.isEmpty()) {
        throw events.fault(thread, new LifoViolationFault(stackPointer, thread.name(),
            "pop on an empty stack"));
      }
      popTop();
    }
  }

  /** Pops {@code frame}, which must be on top; called with the lock held. */
  void close(Frame frame) {
    thread.checkOwner();
    if (!frame.isLiveLocked()) {
      throw events.fault(thread, new LifoViolationFault(frame.address(), thread.name(),
          Phrases.poppedAlready(frame.describe(), frame.poppedAt())));
    }
    Frame top = frames.get(frames.size() - 1);
    if (top != frame) {
      throw events.fault(thread, new LifoViolationFault(frame.address(), thread.name(),
          Phrases.notOnTop(frame.describe(), top.describe())));
    }
    popTop();
  }

  private void popTop() {
    Frame frame = frames.remove(frames.size() - 1);
    // A return reads the saved frame pointer and the return address back.
    thread.readLinkage(frame.framePointer());
    thread.readLinkage(frame.framePointer() + 8);
    stackPointer = frame.address() + frame.size();
    thread.access().pointerTags().clear(frame.address(), frame.size());
    frame.markPopped(events.nextOp());
    thread.stackChanged(frames.size());
    events.pop(thread, frame);
    events.completeOp();
  }

  /** {@return the frame on top, if any} */
  public Optional<Frame> top() {
    synchronized (lock) {
      return frames.isEmpty() ? Optional.empty() : Optional.of(frames.get(frames.size() - 1));
    }
  }

  /** {@return the frames from the bottom (depth 1) to the top} */
  public List<Frame> frames() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(frames));
    }
  }

  /** {@return the number of frames} */
  public int depth() {
    synchronized (lock) {
      return frames.size();
    }
  }

  /** {@return the bytes the frames take} */
  public long bytesInUse() {
    synchronized (lock) {
      return thread.top() - stackPointer;
    }
  }

  /** {@return the stack size: the most bytes the frames may take} */
  public long size() {
    return size;
  }

  /** {@return the stack pointer: the lowest address of the top frame, or the top of the region} */
  public long stackPointer() {
    synchronized (lock) {
      return stackPointer;
    }
  }

  /** {@return the address just above the stack region} */
  public long topAddress() {
    return thread.top();
  }

  @Override
  public String toString() {
    return Phrases.stack(thread.name(), frames.size(), thread.top() - stackPointer, size);
  }

  // For the model's own classes, with the lock held.

  /** Marks every frame on the stack as undone by a restore to {@code op}: its thread is gone. */
  void undoFrames(long op) {
    for (Frame frame : frames) {
      frame.markUndone(op);
    }
  }

  /**
   * {@return what puts the stack back as it is now: its frames live again, frames pushed since
   * popped, the stack pointer} The thread saves the stack's bytes.
   */
  Runnable save() {
    List<Frame> saved = new ArrayList<>(frames);
    long savedPointer = stackPointer;
    return () -> {
      long op = events.nextOp() - 1;
      Set<Frame> kept = Sets.newIdentityHashSet();
      kept.addAll(saved);
      for (Frame frame : frames) {
        if (!kept.contains(frame)) {
          frame.markPopped(Math.max(1, op));
        }
      }
      for (Frame frame : saved) {
        frame.restorePoppedAt(0);
      }
      frames.clear();
      frames.addAll(saved);
      stackPointer = savedPointer;
    };
  }

  int depthLocked() {
    return frames.size();
  }

  long stackPointerLocked() {
    return stackPointer;
  }

  /** {@return the call site of the frame on top, or null for an empty stack} */
  CallSite siteLocked() {
    return frames.isEmpty() ? null : frames.get(frames.size() - 1).site();
  }
}
