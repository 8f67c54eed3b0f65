package io.github.memsim;

/**
 * An access that races with an earlier one: different threads, overlapping bytes, at least one
 * a write, not both atomic, and no happens-before between them. Thrown at the second access,
 * before it changes anything, by a race detector registered to fault
 * ({@code io.github.memsim.concurrent.RaceDetector.Mode#FAULT}) as the model's
 * {@link AccessCheck}.
 */
public final class DataRaceFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  /**
   * Makes the fault; a race detector throws it.
   *
   * @param address the first byte found racing
   * @param thread the thread whose access was refused
   * @param facts both accesses and where, e.g. "8-byte write at 0x10020 by b in worker at op 9,
   *     racing with an 8-byte read by a in worker at op 7; 0 bytes into block #1 (8 bytes at
   *     0x10020), allocated by main at op 1"
   */
  public DataRaceFault(long address, String thread, String facts) {
    super(Kind.DATA_RACE, address, thread, facts);
  }
}
