package io.github.memsim;

import java.util.Objects;

/** The provenance of a pointer to a stack slot: the frame and the slot. */
final class SlotTarget extends Target {
  final StackFrame frame;
  final FrameLayout.Slot slot;

  SlotTarget(StackFrame frame, FrameLayout.Slot slot) {
    this.frame = frame;
    this.slot = slot;
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
    return "slot " + slot.name() + " (" + slot.size() + " bytes) of " + frame.describe();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotTarget && ((SlotTarget) o).frame == frame
        && ((SlotTarget) o).slot.equals(slot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(frame), slot.name());
  }
}
