package io.github.memsim;

/**
 * What a {@link Pointer} was derived from: a heap block or a stack slot. A pointer with no
 * provenance is raw.
 */
abstract sealed class Provenance permits Block, StackSlot {
  /** Describes the target for messages, e.g. "block #17 (24 bytes at 0x10020)". */
  abstract String describe();

  /** {@return the first address of the target} */
  abstract long start();

  /** {@return the size of the target in bytes} */
  abstract long length();
}
