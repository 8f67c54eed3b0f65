package io.github.memsim;

import java.util.Objects;

/** The provenance of a pointer to a stack slot: the frame and the slot. */
final class StackSlot extends Provenance {
  private final Frame frame;
  private final FrameLayout.Slot slot;

  StackSlot(Frame frame, FrameLayout.Slot slot) {
    this.frame = frame;
    this.slot = slot;
  }

  Frame frame() {
    return frame;
  }

  @Override
  long start() {
    return frame.address() + slot.offset();
  }

  @Override
  long length() {
    return slot.size();
  }

  @Override
  String describe() {
    return Phrases.slot(slot.name(), slot.size(), frame.describe());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StackSlot other && other.frame == frame && other.slot.equals(slot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(frame), slot.name());
  }
}
