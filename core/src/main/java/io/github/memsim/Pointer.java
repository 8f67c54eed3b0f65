package io.github.memsim;

import io.github.memsim.internal.Text;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An address in simulated memory together with its provenance: the heap block or stack slot it
 * was derived from.
 *
 * <p>Every load, store and free through a pointer is checked against its provenance: a heap
 * pointer must point into its block, and the block must still be live (a later block at the
 * same address does not revive it); a stack pointer must point into its slot, and the frame
 * must still be on the stack. A {@linkplain #raw(long) raw} pointer, made from a bare number
 * as a C cast would make it, has no provenance: it is checked only against the mapping, so it
 * can reach anything mapped, heap tags included.
 *
 * <p>Pointers are immutable values; {@link #plus(long)} keeps the provenance. Two pointers are
 * equal when their addresses and their provenance are.
 */
public final class Pointer {
  /** The null pointer: address 0, no provenance. */
  public static final Pointer NULL = new Pointer(0, null);

  /** Where a pointer leads. */
  public enum Kind {
    /** Into a heap block returned by malloc, calloc or realloc. */
    HEAP,
    /** Into a slot of a stack frame. */
    STACK,
    /** A bare address with no provenance (including {@link #NULL}). */
    RAW
  }

  private final long address;
  private final Provenance provenance;

  Pointer(long address, Provenance provenance) {
    this.address = address;
    this.provenance = provenance;
  }

  /**
   * Returns a pointer with no provenance, as a cast from an integer gives in C.
   *
   * @param address any address
   * @return the pointer; {@link #NULL} for address 0
   */
  public static Pointer raw(long address) {
    return address == 0 ? NULL : new Pointer(address, null);
  }

  /** {@return the address} */
  public long address() {
    return address;
  }

  /** {@return whether the address is 0} */
  public boolean isNull() {
    return address == 0;
  }

  /** {@return where this pointer leads} */
  public Kind kind() {
    if (provenance instanceof Block) {
      return Kind.HEAP;
    }
    return provenance == null ? Kind.RAW : Kind.STACK;
  }

  /** {@return the id of the heap block this pointer was derived from, if it is a heap pointer} */
  public OptionalLong blockId() {
    return provenance instanceof Block ? OptionalLong.of(((Block) provenance).id()) : OptionalLong.empty();
  }

  /**
   * Returns a pointer {@code bytes} further on (or back, if negative), with the same provenance.
   * Like pointer arithmetic in C, the result may lie outside the block; using it is what faults.
   *
   * @param bytes the distance in bytes
   * @return the moved pointer
   * @throws ArithmeticException if the address would overflow
   */
  public Pointer plus(long bytes) {
    return bytes == 0 ? this : new Pointer(Math.addExact(address, bytes), provenance);
  }

  /**
   * {@return how many bytes this pointer lies past the start of its block or slot, or its address
   * if it is raw}
   */
  public long offset() {
    return provenance == null ? address : address - provenance.start();
  }

  Provenance provenance() {
    return provenance;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Pointer)) {
      return false;
    }
    Pointer other = (Pointer) o;
    return address == other.address && Objects.equals(provenance, other.provenance);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(address) * 31 + Objects.hashCode(provenance);
  }

  /**
   * {@return the address and provenance, e.g. {@code 0x10028 (8 bytes into block #17 (24 bytes at
   * 0x10020))}}
   */
  @Override
  public String toString() {
    if (provenance == null) {
      return address == 0 ? "NULL" : Text.hex(address) + " (raw)";
    }
    return Text.hex(address) + " (" + offset() + " bytes into " + provenance.describe() + ")";
  }
}
