package io.github.memsim.ownership;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.FrameLayout;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A function's variables, declared before the call as a compiler would, each with its Rust type
 * and so its place in the frame: an owned {@code String} or {@code Vec} takes three words
 * (capacity, length, pointer), a {@code Box} one pointer, an integer one word, a reference one
 * pointer and a slice a pointer and a length.
 *
 * <p>A handle's words are three slots named after the variable: {@code s.capacity}, {@code
 * s.len} and {@code s.ptr}, declared in that order so that the pointer is at the highest
 * address and a picture, which draws a frame from its highest address down, shows them in the
 * book's order: ptr, len, capacity. A reference points at the handle's first byte.
 */
public final class Function {
  /** The Rust type of a variable. */
  public enum Type {
    /** {@code String}: an owned, growable UTF-8 byte string; three words. */
    STRING("String", true),
    /** {@code Vec<T>} of fixed-size elements; three words. */
    VEC("Vec", true),
    /** {@code Box<i64>}: one pointer to an 8-byte heap block. */
    BOX("Box", true),
    /** {@code i64}: a copy type. */
    INTEGER("i64", false),
    /** {@code &T} or {@code &mut T}: a pointer to the borrowed variable's slot. */
    REFERENCE("&", false),
    /** {@code &str}: a pointer into a string's bytes and a length. */
    SLICE("&str", false);

    private final String rustName;
    private final boolean owning;

    Type(String rustName, boolean owning) {
      this.rustName = rustName;
      this.owning = owning;
    }

    /** {@return how Rust writes the type} */
    public String rustName() {
      return rustName;
    }

    /** {@return whether a value of this type owns heap memory, and so moves and drops} */
    public boolean owning() {
      return owning;
    }
  }

  /**
   * One declared variable.
   *
   * @param name its name, unique in the function
   * @param type its type
   * @param elementSize bytes per element: 1 for a string, the element's for a vector, 8 for a
   *     box, 0 for the rest
   */
  public record Variable(String name, Type type, int elementSize) {
    /**
     * Checks the components.
     *
     * @param name its name
     * @param type its type
     * @param elementSize bytes per element
     */
    public Variable {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /** The slot suffix of a handle's pointer word. */
  static final String PTR = ".ptr";
  /** The slot suffix of a handle's length word. */
  static final String LEN = ".len";
  /** The slot suffix of a handle's capacity word. */
  static final String CAPACITY = ".capacity";

  private final String name;
  private final List<Variable> variables;
  private final FrameLayout layout;

  private Function(String name, List<Variable> variables) {
    this.name = name;
    this.variables = Collections.unmodifiableList(new ArrayList<>(variables));
    FrameLayout.Builder frame = FrameLayout.builder(name);
    for (Variable variable : variables) {
      String v = variable.name();
      switch (variable.type()) {
        case STRING, VEC -> frame.longSlot(v + CAPACITY).longSlot(v + LEN).pointerSlot(v + PTR);
        case SLICE -> frame.longSlot(v + LEN).pointerSlot(v + PTR);
        case INTEGER -> frame.longSlot(v);
        case BOX, REFERENCE -> frame.pointerSlot(v);
        default -> throw new AssertionError(variable.type());
      }
    }
    this.layout = frame.build();
  }

  /**
   * {@return a builder of a function's variables}
   *
   * @param name the function's name
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the function's name} */
  public String name() {
    return name;
  }

  /** {@return the variables in declaration order} */
  public List<Variable> variables() {
    return variables;
  }

  /** {@return the frame layout the variables make} */
  public FrameLayout layout() {
    return layout;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("fn ").append(name).append(" {");
    for (int i = 0; i < variables.size(); i++) {
      Variable v = variables.get(i);
      out.append(i == 0 ? " " : ", ").append(v.name()).append(": ").append(v.type().rustName());
    }
    return out.append(variables.isEmpty() ? "}" : " }").toString();
  }

  /** Declares variables in order. */
  public static final class Builder {
    private final String name;
    private final List<Variable> variables = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "function name must not be blank");
    }

    /**
     * Declares a {@code String}.
     *
     * @param variable its name
     * @return this builder
     */
    public Builder string(String variable) {
      return add(variable, Type.STRING, 1);
    }

    /**
     * Declares a {@code Vec} of {@code elementSize}-byte elements.
     *
     * @param variable its name
     * @param elementSize bytes per element, 1 to 65536
     * @return this builder
     * @throws IllegalArgumentException if the size is out of range
     */
    public Builder vec(String variable, int elementSize) {
      checkArgument(elementSize >= 1 && elementSize <= 1 << 16,
          "a vector's elements must be 1 to 65536 bytes, not %s", elementSize);
      return add(variable, Type.VEC, elementSize);
    }

    /**
     * Declares a {@code Box<i64>}.
     *
     * @param variable its name
     * @return this builder
     */
    public Builder box(String variable) {
      return add(variable, Type.BOX, 8);
    }

    /**
     * Declares an {@code i64}, a copy type.
     *
     * @param variable its name
     * @return this builder
     */
    public Builder integer(String variable) {
      return add(variable, Type.INTEGER, 0);
    }

    /**
     * Declares a reference, shared or mutable (which one is chosen when it borrows).
     *
     * @param variable its name
     * @return this builder
     */
    public Builder reference(String variable) {
      return add(variable, Type.REFERENCE, 0);
    }

    /**
     * Declares a string slice, {@code &str}.
     *
     * @param variable its name
     * @return this builder
     */
    public Builder slice(String variable) {
      return add(variable, Type.SLICE, 0);
    }

    private Builder add(String variable, Type type, int elementSize) {
      Objects.requireNonNull(variable, "variable");
      checkArgument(!variable.isBlank() && variable.indexOf('.') < 0,
          "a variable's name must not be blank or hold a dot, but was '%s'", Text.name(variable));
      checkArgument(names.add(variable), "function %s already has a variable '%s'",
          Text.name(name), Text.name(variable));
      variables.add(new Variable(variable, type, elementSize));
      return this;
    }

    /** {@return the function} */
    public Function build() {
      return new Function(name, variables);
    }
  }
}
