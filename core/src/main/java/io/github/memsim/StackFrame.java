package io.github.memsim;

import io.github.memsim.FrameLayout.Slot;
import io.github.memsim.FrameLayout.SlotType;
import java.util.Locale;

/** One frame on a thread's stack; its slot accessors are checked loads and stores. */
final class StackFrame implements Frame {
  final ModelThread thread;
  private final FrameLayout layout;
  private final int depth;
  private final long address;
  private final long framePointer;
  /** The op that popped this frame, or 0 while it is live. */
  private long poppedAt;

  StackFrame(ModelThread thread, FrameLayout layout, int depth, long address, long framePointer) {
    this.thread = thread;
    this.layout = layout;
    this.depth = depth;
    this.address = address;
    this.framePointer = framePointer;
  }

  @Override
  public FrameLayout layout() {
    return layout;
  }

  @Override
  public String name() {
    return layout.name();
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public long address() {
    return address;
  }

  @Override
  public long size() {
    return layout.frameBytes();
  }

  @Override
  public long framePointer() {
    return framePointer;
  }

  @Override
  public boolean isLive() {
    synchronized (thread.model.lock) {
      return poppedAt == 0;
    }
  }

  long poppedAt() {
    return poppedAt;
  }

  void markPopped(long op) {
    poppedAt = op;
  }

  String describe() {
    return "frame " + layout.name() + " at depth " + depth + " of " + thread.name();
  }

  @Override
  public Pointer addressOf(String slotName) {
    Slot slot = layout.slot(slotName);
    return new Pointer(address + slot.offset(), new SlotTarget(this, slot));
  }

  private Pointer typed(String slotName, SlotType type) {
    Slot slot = layout.slot(slotName);
    if (slot.type() != type) {
      throw new IllegalArgumentException("slot " + slotName + " of frame " + layout.name()
          + " is " + article(slot.type()) + ", not " + article(type));
    }
    return new Pointer(address + slot.offset(), new SlotTarget(this, slot));
  }

  private static String article(SlotType type) {
    String word = type == SlotType.BYTES ? "byte array" : type.name().toLowerCase(Locale.ROOT);
    return (word.startsWith("i") ? "an " : "a ") + word;
  }

  @Override
  public byte getByte(String slot) {
    return thread.readByte(typed(slot, SlotType.BYTE));
  }

  @Override
  public void setByte(String slot, byte value) {
    thread.writeByte(typed(slot, SlotType.BYTE), value);
  }

  @Override
  public int getInt(String slot) {
    return thread.readInt(typed(slot, SlotType.INT));
  }

  @Override
  public void setInt(String slot, int value) {
    thread.writeInt(typed(slot, SlotType.INT), value);
  }

  @Override
  public long getLong(String slot) {
    return thread.readLong(typed(slot, SlotType.LONG));
  }

  @Override
  public void setLong(String slot, long value) {
    thread.writeLong(typed(slot, SlotType.LONG), value);
  }

  @Override
  public Pointer getPointer(String slot) {
    return thread.readPointer(typed(slot, SlotType.POINTER));
  }

  @Override
  public void setPointer(String slot, Pointer value) {
    thread.writePointer(typed(slot, SlotType.POINTER), value);
  }

  @Override
  public void close() {
    synchronized (thread.model.lock) {
      thread.stack.close(this);
    }
  }

  @Override
  public String toString() {
    return describe() + " (" + size() + " bytes at " + AddressSpace.hex(address) + ")";
  }
}
