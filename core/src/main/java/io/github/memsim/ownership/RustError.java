package io.github.memsim.ownership;

import io.github.memsim.MemoryFault;

/** The Rust compiler's errors that the run-time checks stand for, with their words. */
enum RustError {
  /** A use of a moved value. */
  E0382(MemoryFault.Kind.USE_OF_MOVED_VALUE, null),
  /** A second mutable borrow while the first is still used. */
  E0499(MemoryFault.Kind.BORROW_CONFLICT, "cannot borrow %s as mutable more than once at a time"),
  /** A mutable borrow (or a write) while a shared borrow is still used. */
  E0502_MUTABLE(MemoryFault.Kind.BORROW_CONFLICT,
      "cannot borrow %s as mutable because it is also borrowed as immutable"),
  /** A shared borrow (or a read) while a mutable borrow is still used. */
  E0502_SHARED(MemoryFault.Kind.BORROW_CONFLICT,
      "cannot borrow %s as immutable because it is also borrowed as mutable"),
  /** An assignment to a borrowed variable. */
  E0506(MemoryFault.Kind.BORROW_CONFLICT, "cannot assign to %s because it is borrowed"),
  /** A write through a shared reference. */
  E0596(MemoryFault.Kind.BORROW_CONFLICT,
      "cannot borrow %s as mutable, as it is behind a & reference"),
  /** A move out of a borrowed variable. */
  E0505(MemoryFault.Kind.DANGLING_REFERENCE, "cannot move out of %s because it is borrowed"),
  /** A reference that outlives what it borrows. */
  E0597(MemoryFault.Kind.DANGLING_REFERENCE, "%s does not live long enough");

  private final MemoryFault.Kind kind;
  private final String words;

  RustError(MemoryFault.Kind kind, String words) {
    this.kind = kind;
    this.words = words;
  }

  /** {@return the fault kind} */
  MemoryFault.Kind kind() {
    return kind;
  }

  /** {@return the code as rustc prints it: {@code E0502}} */
  String code() {
    return name().substring(0, 5);
  }

  /** {@return the bracket that ends a message: {@code (E0505: cannot move out of s ...)}} */
  String bracket(String variable) {
    return "(" + code() + (words == null ? "" : ": " + String.format(words, variable)) + ")";
  }
}
