package io.github.memsim;

/**
 * One activation of a function on a thread's stack, with the slots of its {@link FrameLayout}.
 * Closing it returns from the function, so a frame fits try-with-resources; closing a frame that
 * is not on top is a {@link LifoViolationFault}.
 *
 * <p>Slot accessors are loads and stores like any other, attributed to the frame's thread; on a
 * frame that was popped they throw {@link DanglingStackPointerFault}. A slot read or written
 * with the wrong type throws {@link IllegalArgumentException}.
 */
public interface Frame extends AutoCloseable {
  /** {@return the layout} */
  FrameLayout layout();

  /** {@return the function's name} */
  String name();

  /** {@return the depth: 1 for the bottom frame} */
  int depth();

  /** {@return the frame's lowest address: the stack pointer right after its push} */
  long address();

  /** {@return the frame size in bytes} */
  long size();

  /** {@return the frame pointer: the address of the saved frame pointer} */
  long framePointer();

  /** {@return whether the frame is still on the stack} */
  boolean isLive();

  /**
   * Returns a pointer to a slot, with the slot as its provenance.
   *
   * @param slot the slot's name
   * @return the slot's address
   * @throws IllegalArgumentException if there is no such slot
   */
  Pointer addressOf(String slot);

  /**
   * Loads a byte slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  byte getByte(String slot);

  /**
   * Stores a byte slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  void setByte(String slot, byte value);

  /**
   * Loads an int slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  int getInt(String slot);

  /**
   * Stores an int slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  void setInt(String slot, int value);

  /**
   * Loads a long slot.
   *
   * @param slot the slot's name
   * @return the value
   */
  long getLong(String slot);

  /**
   * Stores a long slot.
   *
   * @param slot the slot's name
   * @param value the value
   */
  void setLong(String slot, long value);

  /**
   * Loads a pointer slot (see {@link ThreadContext#readPointer(Pointer)}).
   *
   * @param slot the slot's name
   * @return the pointer
   */
  Pointer getPointer(String slot);

  /**
   * Stores a pointer slot.
   *
   * @param slot the slot's name
   * @param value the pointer
   */
  void setPointer(String slot, Pointer value);

  /**
   * Returns from the function: pops this frame.
   *
   * @throws LifoViolationFault if the frame is not on top, or was already popped
   */
  @Override
  void close();
}
