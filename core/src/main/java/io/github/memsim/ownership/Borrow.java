package io.github.memsim.ownership;

/**
 * One borrow: a reference (or slice) variable's permission to use an owner, valid until an
 * action on the owner conflicts with it (then it keeps the first such conflict, which any later
 * use reports).
 */
final class Borrow {
  /** What ended a borrow's validity. */
  record Conflict(RustError error, String event, long op) {}

  final Binding reference;
  final Binding owner;
  final boolean mutable;
  final long op;
  /** For a slice: the first byte and the end, else -1. */
  final long from;
  final long to;
  Conflict conflict;

  Borrow(Binding reference, Binding owner, boolean mutable, long op, long from, long to) {
    this.reference = reference;
    this.owner = owner;
    this.mutable = mutable;
    this.op = op;
    this.from = from;
    this.to = to;
  }

  /** {@return {@code &s}, {@code &mut s} or {@code &s[0..5]}} */
  String show() {
    return "&" + (mutable ? "mut " : "") + owner.shortName()
        + (from >= 0 ? "[" + from + ".." + to + "]" : "");
  }

  /** {@return the permissions the reference has while valid: R, RW} */
  String permissions() {
    return mutable ? "RW" : "R";
  }

  /** Invalidates this borrow unless already invalid: the first conflict is the one told. */
  void conflict(RustError error, String event, long op) {
    if (conflict == null) {
      conflict = new Conflict(error, event, op);
    }
  }
}
