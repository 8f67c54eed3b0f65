package io.github.memsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fixed layout of a stack frame, declared before the call as a compiler would: named,
 * typed slots at fixed offsets, plus the call overhead.
 *
 * <p>Slots are placed in declaration order from the frame's lowest address, each at its natural
 * alignment (1 for bytes, 4 for ints, 8 for longs, pointers and byte arrays). Above them, at a
 * 16-byte boundary, sit the saved frame pointer and the return address:
 *
 * <pre>
 *  higher addresses
 *   | return address (8)   |  &lt;- caller's stack pointer before the call
 *   | saved frame ptr (8)  |  &lt;- this frame's frame pointer
 *   | padding to 16        |
 *   | slots ...            |
 *   | first slot           |  &lt;- stack pointer after the push (the frame's address)
 *  lower addresses
 * </pre>
 *
 * <p>So {@link #frameBytes()} = round-up(slot bytes, 16) + {@link #CALL_OVERHEAD_BYTES}.
 */
public final class FrameLayout {
  /** The bytes every frame spends on the saved frame pointer and the return address. */
  public static final int CALL_OVERHEAD_BYTES = 16;
  /** The alignment of every frame. */
  public static final int FRAME_ALIGNMENT = 16;

  /** The type of a slot. */
  public enum SlotType {
    /** One byte. */
    BYTE(1, 1),
    /** A 4-byte int. */
    INT(4, 4),
    /** An 8-byte long. */
    LONG(8, 8),
    /** An 8-byte pointer. */
    POINTER(8, 8),
    /** A byte array of any length, 8-byte aligned. */
    BYTES(0, 8);

    private final int size;
    private final int alignment;

    SlotType(int size, int alignment) {
      this.size = size;
      this.alignment = alignment;
    }

    /** {@return the size of a slot of this type in bytes (0 for {@link #BYTES}: set per slot)} */
    public int size() {
      return size;
    }

    /** {@return the alignment of a slot of this type in bytes} */
    public int alignment() {
      return alignment;
    }
  }

  /** One named slot of a frame. */
  public static final class Slot {
    private final String name;
    private final SlotType type;
    private final int offset;
    private final int size;

    Slot(String name, SlotType type, int offset, int size) {
      this.name = name;
      this.type = type;
      this.offset = offset;
      this.size = size;
    }

    /** {@return the slot's name} */
    public String name() {
      return name;
    }

    /** {@return the slot's type} */
    public SlotType type() {
      return type;
    }

    /** {@return the slot's offset from the frame's lowest address} */
    public int offset() {
      return offset;
    }

    /** {@return the slot's size in bytes} */
    public int size() {
      return size;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Slot)) {
        return false;
      }
      Slot other = (Slot) o;
      return name.equals(other.name) && type == other.type && offset == other.offset
          && size == other.size;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, type, offset, size);
    }

    @Override
    public String toString() {
      return type.name().toLowerCase(Locale.ROOT) + " " + name + " @" + offset + " ("
          + size + " bytes)";
    }
  }

  private final String name;
  private final List<Slot> slots;
  private final Map<String, Slot> slotsByName;
  private final int slotBytes;
  private final int frameBytes;

  private FrameLayout(String name, List<Slot> slots) {
    this.name = name;
    this.slots = Collections.unmodifiableList(new ArrayList<>(slots));
    Map<String, Slot> byName = new LinkedHashMap<>();
    int end = 0;
    for (Slot slot : slots) {
      byName.put(slot.name(), slot);
      end = slot.offset() + slot.size();
    }
    this.slotsByName = Collections.unmodifiableMap(byName);
    this.slotBytes = align(end, FRAME_ALIGNMENT);
    this.frameBytes = slotBytes + CALL_OVERHEAD_BYTES;
  }

  /**
   * Starts a layout for a function.
   *
   * @param functionName the function's name, shown in messages
   * @return a builder to declare the slots with
   */
  public static Builder builder(String functionName) {
    return new Builder(functionName);
  }

  /** {@return the function's name} */
  public String name() {
    return name;
  }

  /** {@return the slots in declaration order} */
  public List<Slot> slots() {
    return slots;
  }

  /**
   * Returns a slot by name.
   *
   * @param slotName the slot's name
   * @return the slot
   * @throws IllegalArgumentException if there is none, listing the slots there are
   */
  public Slot slot(String slotName) {
    Slot slot = slotsByName.get(slotName);
    if (slot == null) {
      throw new IllegalArgumentException("frame " + Phrases.name(name) + " has no slot '"
          + Phrases.name(slotName) + "'; its slots are " + slotsByName.keySet().stream()
              .map(Phrases::name).toList());
    }
    return slot;
  }

  /** {@return the bytes the slots take, padded to the frame alignment} */
  public int slotBytes() {
    return slotBytes;
  }

  /** {@return the whole frame size: slot bytes plus the call overhead} */
  public int frameBytes() {
    return frameBytes;
  }

  static int align(int value, int alignment) {
    return (value + alignment - 1) & -alignment;
  }

  @Override
  public String toString() {
    return "frame " + name + " (" + frameBytes + " bytes: " + slots + ")";
  }

  /** Declares slots in order. */
  public static final class Builder {
    private static final int MAX_FRAME_BYTES = 1 << 24;

    private final String name;
    private final List<Slot> slots = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int end;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("function name must not be blank");
      }
    }

    /**
     * Adds a one-byte slot.
     *
     * @param slotName the slot's name, unique in the frame
     * @return this builder
     */
    public Builder byteSlot(String slotName) {
      return add(slotName, SlotType.BYTE, 1);
    }

    /**
     * Adds a 4-byte int slot.
     *
     * @param slotName the slot's name, unique in the frame
     * @return this builder
     */
    public Builder intSlot(String slotName) {
      return add(slotName, SlotType.INT, 4);
    }

    /**
     * Adds an 8-byte long slot.
     *
     * @param slotName the slot's name, unique in the frame
     * @return this builder
     */
    public Builder longSlot(String slotName) {
      return add(slotName, SlotType.LONG, 8);
    }

    /**
     * Adds an 8-byte pointer slot.
     *
     * @param slotName the slot's name, unique in the frame
     * @return this builder
     */
    public Builder pointerSlot(String slotName) {
      return add(slotName, SlotType.POINTER, 8);
    }

    /**
     * Adds a byte-array slot, like {@code char buf[length]}.
     *
     * @param slotName the slot's name, unique in the frame
     * @param length the array's length in bytes
     * @return this builder
     * @throws IllegalArgumentException if the length is not positive
     */
    public Builder bytesSlot(String slotName, int length) {
      if (length <= 0) {
        throw new IllegalArgumentException("slot " + Phrases.name(slotName)
            + " must have a positive length but had " + length);
      }
      return add(slotName, SlotType.BYTES, length);
    }

    private Builder add(String slotName, SlotType type, int size) {
      Objects.requireNonNull(slotName, "slotName");
      if (names.contains(slotName)) {
        throw new IllegalArgumentException("frame " + Phrases.name(name) + " already has a slot '"
            + Phrases.name(slotName) + "'");
      }
      int offset = align(end, type.alignment());
      if ((long) offset + size > MAX_FRAME_BYTES) {
        throw new IllegalArgumentException("frame " + Phrases.name(name) + " would exceed "
            + MAX_FRAME_BYTES + " bytes");
      }
      slots.add(new Slot(slotName, type, offset, size));
      names.add(slotName);
      end = offset + size;
      return this;
    }

    /**
     * {@return the layout}
     */
    public FrameLayout build() {
      return new FrameLayout(name, slots);
    }
  }
}
