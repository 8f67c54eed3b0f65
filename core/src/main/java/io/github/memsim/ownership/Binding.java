package io.github.memsim.ownership;

import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;

/** One declared variable of a live scope, with what the checker knows about it. */
final class Binding {
  /** Where a variable's value stands. */
  enum State {
    /** Declared, never given a value. */
    UNSET,
    /** Holds a value it owns (or a copy value, or a borrow). */
    LIVE,
    /** Its value was moved away; the bytes of its slots are still there, unowned. */
    MOVED,
    /** Its scope ended and its value was dropped. */
    DROPPED
  }

  final Scope scope;
  final Function.Variable variable;
  State state = State.UNSET;
  /** For a moved variable: where its value went and at which op. */
  String movedTo;
  long movedAt;
  /** The borrows made of this variable, oldest first (a list, not a set: deterministic). */
  final List<Borrow> borrows = new ArrayList<>();
  /**
   * A string's or vector's length as last stored, so that bounds are checked before any load
   * (a refused statement makes none).
   */
  long length;
  /** The capacity, the bytes' address and the bytes as last stored, for pictures (no loads). */
  long capacity;
  long address;
  byte[] content = new byte[0];
  /** For a reference or slice: the borrow it holds. */
  Borrow held;

  Binding(Scope scope, Function.Variable variable) {
    this.scope = scope;
    this.variable = variable;
  }

  Function.Type type() {
    return variable.type();
  }

  String shortName() {
    return Text.name(variable.name());
  }

  /** {@return {@code "s1 in main"}} */
  String describe() {
    return shortName() + " in " + Text.name(scope.function().name());
  }

  /** {@return the name of the slot the variable starts at (a reference points there)} */
  String firstSlot() {
    String v = variable.name();
    return switch (variable.type()) {
      case STRING, VEC -> v + Function.CAPACITY;
      case SLICE -> v + Function.LEN;
      default -> v;
    };
  }

  /** {@return the state as the digest and the pictures tell it} */
  String stateWords() {
    return switch (state) {
      case UNSET -> "unset";
      case LIVE -> "live";
      case MOVED -> "moved to " + movedTo + " at op " + movedAt;
      case DROPPED -> "dropped";
    };
  }
}
