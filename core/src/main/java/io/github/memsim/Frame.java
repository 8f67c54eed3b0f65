package io.github.memsim;

import io.github.memsim.FrameLayout.Slot;
import io.github.memsim.FrameLayout.SlotType;
import java.util.Locale;

/**
 * One activation of a function on a thread's stack, with the slots of its {@link FrameLayout}.
 * Closing it returns from the function, so a frame fits try-with-resources; closing a frame that
 * is not on top is a {@link LifoViolationFault}.
 *
 * <p>Slot accessors are loads and stores like any other, attributed to the frame's thread; on a
 * frame that was popped they throw {@link DanglingStackPointerFault}. A slot read or written
 * with the wrong type throws {@link IllegalArgumentException}.
 */
public final class Frame implements AutoCloseable {
  private final ThreadContext thread;
  private final Object lock;
  private final FrameLayout layout;
  private final int depth;
  private final long address;
  private final long framePointer;
  private final CallSite site;
  /** The op that popped this frame, or 0 while it is live. */
  private long poppedAt;
  /** Whether a restore undid the frame's thread; {@link #poppedAt} is then the op restored to. */
  private boolean undone;

  Frame(ThreadContext thread, FrameLayout layout, int depth, long address, long framePointer,
      CallSite site) {
    this.thread = thread;
    this.lock = thread.lock();
    this.layout = layout;
    this.depth = depth;
    this.address = address;
    this.framePointer = framePointer;
    this.site = site;
  }

  /** {@return the layout} */
  public FrameLayout layout() {
    return layout;
  }

  /** {@return the function's name} */
  public String name() {
    return layout.name();
  }

  /** {@return the thread whose stack holds this frame} */
  public ThreadContext thread() {
    return thread;
  }

  /** {@return the depth: 1 for the bottom frame} */
  public int depth() {
    return depth;
  }

  /** {@return the frame's lowest address: the stack pointer right after its push} */
  public long address() {
    return address;
  }

  /** {@return the frame size in bytes} */
  public long size() {
    return layout.frameBytes();
  }

  /** {@return the frame pointer: the address of the saved frame pointer} */
  public long framePointer() {
    return framePointer;
  }

  /** {@return whether the frame is still on the stack} */
  public boolean isLive() {
    synchronized (lock) {
      return isLiveLocked();
    }
  }

  /**
   * Returns a pointer to a slot, with the slot as its provenance.
   *
   * @param slot the slot's name
   * @return the slot's address
   * @throws IllegalArgumentException if there is no such slot
   */
  public Pointer addressOf(String slot) {
    Slot found = layout.slot(slot);
    return new Pointer(address + found.offset(), new StackSlot(this, found));
  }

  private Pointer typed(String slotName, SlotType type) {
    Slot slot = layout.slot(slotName);
    if (slot.type() != type) {
      throw new IllegalArgumentException("slot " + Phrases.name(slotName) + " of frame "
          + Phrases.name(layout.name()) + " is " + article(slot.type()) + ", not " + article(type));
    }
    return new Pointer(address + slot.offset(), new StackSlot(this, slot));
  }

  private static String article(SlotType type) {
    String word = type == SlotType.BYTES ? "byte array" : type.name().toLowerCase(Locale.ROOT);
    return (word.startsWith("i") ? "an " : "a ") + word;
  }

  /**
   * Loads a byte slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  public byte getByte(String slot) {
    return thread.readByte(typed(slot, SlotType.BYTE));
  }

  /**
   * Stores a byte slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  public void setByte(String slot, byte value) {
    thread.writeByte(typed(slot, SlotType.BYTE), value);
  }

  /**
   * Loads an int slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  public int getInt(String slot) {
    return thread.readInt(typed(slot, SlotType.INT));
  }

  /**
   * Stores an int slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  public void setInt(String slot, int value) {
    thread.writeInt(typed(slot, SlotType.INT), value);
  }

  /**
   * Loads a long slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  public long getLong(String slot) {
    return thread.readLong(typed(slot, SlotType.LONG));
  }

  /**
   * Stores a long slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  public void setLong(String slot, long value) {
    thread.writeLong(typed(slot, SlotType.LONG), value);
  }

  /**
   * Loads a pointer slot (see {@link ThreadContext#readPointer(Pointer)}).
   *
   * @param slot the slot's name
   * @return the pointer
   */
  public Pointer getPointer(String slot) {
    return thread.readPointer(typed(slot, SlotType.POINTER));
  }

  /**
   * Stores a pointer slot.
   *
   * @param slot the slot's name
   * @param value the pointer
   */
  public void setPointer(String slot, Pointer value) {
    thread.writePointer(typed(slot, SlotType.POINTER), value);
  }

  /**
   * Returns from the function: pops this frame.
   *
   * @throws LifoViolationFault if the frame is not on top, or was already popped
   */
  @Override
  public void close() {
    thread.beforeOperation();
    synchronized (lock) {
      thread.stack().close(this);
    }
  }

  @Override
  public String toString() {
    return Phrases.frameAt(describe(), size(), address);
  }

  // For the model's own classes, with the lock held.

  boolean isLiveLocked() {
    return poppedAt == 0 && !undone;
  }

  boolean isUndone() {
    return undone;
  }

  void markUndone(long op) {
    poppedAt = op;
    undone = true;
  }

  long poppedAt() {
    return poppedAt;
  }

  void restorePoppedAt(long op) {
    poppedAt = op;
    undone = false;
  }

  void markPopped(long op) {
    poppedAt = op;
  }

  CallSite site() {
    return site;
  }

  String describe() {
    return Phrases.frame(layout.name(), depth, thread.name());
  }
}
