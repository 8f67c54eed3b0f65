package io.github.memsim.ownership;

import io.github.memsim.OwnershipFault;
import io.github.memsim.ownership.Binding.State;

/**
 * The checks and their consequences: whether a variable may be used, whether a borrow is still
 * valid, and which borrows an action on an owner invalidates (with the Rust error that each
 * invalid borrow's next use reports).
 */
final class Rules {
  private Rules() {}

  static void requireLive(Binding b, String use) {
    if (b.state == State.UNSET) {
      throw new IllegalStateException(b.describe() + " is " + use + " before it has a value"
          + " (E0381)");
    }
    if (b.state == State.MOVED) {
      throw fault(b, RustError.E0382, b.describe() + " is " + use + " after it was moved to "
          + b.movedTo + " at op " + b.movedAt + " " + RustError.E0382.bracket(b.shortName()));
    }
  }

  static void requireValid(Binding r, String use) {
    requireLive(r, use);
    Borrow held = r.held;
    if (held.conflict != null) {
      Borrow.Conflict conflict = held.conflict;
      throw fault(r, conflict.error(), r.describe() + " (" + held.show() + ", borrowed at op "
          + held.op + ") is " + use + " after " + conflict.event() + " at op " + conflict.op()
          + " " + conflict.error().bracket(held.owner.shortName()));
    }
  }

  static OwnershipFault fault(Binding b, RustError error, String facts) {
    long address = b.scope.frame().addressOf(b.firstSlot()).address();
    return new OwnershipFault(error.kind(), address, b.scope.ownership().thread().name(), facts,
        error.code());
  }

  static void newBorrow(Binding reference, Binding owner, boolean mutable, long from, long to) {
    long op = reference.scope.ownership().op();
    String event = reference.describe() + " borrowed " + owner.shortName()
        + (mutable ? " mutably" : "");
    for (Borrow other : owner.borrows) {
      if (mutable) {
        other.conflict(other.mutable ? RustError.E0499 : RustError.E0502_MUTABLE, event, op);
      } else if (other.mutable) {
        other.conflict(RustError.E0502_SHARED, event, op);
      }
    }
    Borrow borrow = new Borrow(reference, owner, mutable, op, from, to);
    owner.borrows.add(borrow);
    reference.held = borrow;
  }

  static void ownerRead(Binding owner) {
    long op = owner.scope.ownership().op();
    for (Borrow other : owner.borrows) {
      if (other.mutable) {
        other.conflict(RustError.E0502_SHARED, owner.describe() + " was read", op);
      }
    }
  }

  static void ownerWritten(Binding owner, String method) {
    long op = owner.scope.ownership().op();
    for (Borrow other : owner.borrows) {
      other.conflict(other.mutable ? RustError.E0499 : RustError.E0502_MUTABLE,
          owner.describe() + " was written by " + method, op);
    }
  }

  static void invalidateAll(Binding owner, RustError error, String event, long op) {
    for (Borrow other : owner.borrows) {
      other.conflict(error, event, op);
    }
  }
}
