package io.github.memsim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A break of Rust's ownership rules found at run time: a use of a moved value
 * ({@link Kind#USE_OF_MOVED_VALUE}), a use of a reference after a conflicting borrow or write of
 * what it borrows ({@link Kind#BORROW_CONFLICT}), or a use of a reference whose value was
 * dropped or moved away ({@link Kind#DANGLING_REFERENCE}). Thrown by
 * {@code io.github.memsim.ownership} before the use touches memory, so nothing changes. Its
 * message ends with the Rust compiler's error code for the same program, e.g.
 * {@code use of moved value: s1 in main is read after it was moved to s2 in main at op 9
 * (E0382); on main}.
 */
public final class OwnershipFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /** The Rust compiler's error code for the same mistake, such as {@code E0382}. */
  private final String rustError;

  /**
   * Makes the fault; {@code io.github.memsim.ownership} throws it.
   *
   * @param kind {@link Kind#USE_OF_MOVED_VALUE}, {@link Kind#BORROW_CONFLICT} or
   *     {@link Kind#DANGLING_REFERENCE}
   * @param address the address of the variable whose use was refused
   * @param thread the thread that used it
   * @param facts the value, the borrows and ops involved, and the Rust error in brackets
   * @param rustError the Rust compiler's error code, such as {@code E0382}
   * @throws IllegalArgumentException if the kind is not one of ownership's
   */
  public OwnershipFault(Kind kind, long address, String thread, String facts, String rustError) {
    super(kind, address, thread, facts);
    checkArgument(kind == Kind.USE_OF_MOVED_VALUE || kind == Kind.BORROW_CONFLICT
        || kind == Kind.DANGLING_REFERENCE, "%s is not a kind of ownership fault", kind);
    this.rustError = Objects.requireNonNull(rustError, "rustError");
  }

  /** {@return the Rust compiler's error code for the same mistake, such as {@code E0382}} */
  public String rustError() {
    return rustError;
  }
}
