package io.github.memsim.picture;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a tool adds to a state picture without the picture knowing the tool: a label row above
 * a stack slot, slots drawn grey, and a heap block's bytes drawn as characters. The ownership
 * package feeds one (a string's name, type and permissions above its three words; a moved
 * handle greyed with where it went; the bytes as the book draws them); any other tool may.
 *
 * <pre>{@code
 * MemoryModel model = MemoryModel.builder().build();
 * Pointer bytes = model.mainThread().malloc(5);
 * Overlay overlay = Overlay.builder().bytes(bytes.address(), "hello").build();
 * String svg = StatePicture.svg(model.view(), overlay);
 * }</pre>
 */
public final class Overlay {
  private static final Overlay NONE = builder().build();

  private final Map<Long, String> labels;
  private final Map<Long, Boolean> greyed;
  private final Map<Long, String> bytes;

  private Overlay(Builder builder) {
    this.labels = Collections.unmodifiableMap(new HashMap<>(builder.labels));
    this.greyed = Collections.unmodifiableMap(new HashMap<>(builder.greyed));
    this.bytes = Collections.unmodifiableMap(new HashMap<>(builder.bytes));
  }

  /** {@return an overlay that adds nothing} */
  public static Overlay none() {
    return NONE;
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the label drawn as a row above the stack slot at {@code slotAddress}, or null}
   *
   * @param slotAddress a slot's first byte
   */
  public String label(long slotAddress) {
    return labels.get(slotAddress);
  }

  /**
   * {@return whether the slot at {@code slotAddress} is drawn grey}
   *
   * @param slotAddress a slot's first byte
   */
  public boolean isGreyed(long slotAddress) {
    return greyed.getOrDefault(slotAddress, false);
  }

  /**
   * {@return the characters drawn in the live heap block at {@code blockAddress}, or null}
   *
   * @param blockAddress a live block's payload address
   */
  public String bytes(long blockAddress) {
    return bytes.get(blockAddress);
  }

  /** Collects an overlay's marks; a later mark of the same place replaces an earlier one. */
  public static final class Builder {
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<Long, Boolean> greyed = new HashMap<>();
    private final Map<Long, String> bytes = new HashMap<>();

    private Builder() {}

    /**
     * Draws a label row above a stack slot.
     *
     * @param slotAddress the slot's first byte
     * @param label the text, one line
     * @return this builder
     */
    public Builder label(long slotAddress, String label) {
      labels.put(slotAddress, Objects.requireNonNull(label, "label"));
      return this;
    }

    /**
     * Draws a stack slot grey: its value is no longer the program's to use.
     *
     * @param slotAddress the slot's first byte
     * @return this builder
     */
    public Builder grey(long slotAddress) {
      greyed.put(slotAddress, true);
      return this;
    }

    /**
     * Draws a live heap block's bytes as characters, one cell each, as the Rust book draws a
     * string's; a space stands for a byte that is capacity but not content.
     *
     * @param blockAddress the block's payload address
     * @param characters one character per byte, from the first
     * @return this builder
     */
    public Builder bytes(long blockAddress, String characters) {
      bytes.put(blockAddress, Objects.requireNonNull(characters, "characters"));
      return this;
    }

    /** {@return the overlay} */
    public Overlay build() {
      return new Overlay(this);
    }
  }
}
