package io.github.memsim.benchmarks;

/**
 * The least that a checked free needs beside an allocator, for the replays that measure it: each
 * block gets a pointer object holding its address and a provenance record (a block number, the
 * size and the op of its free), and each free reads the pointer and its record, refuses a block
 * already freed and records the free, as memsim's model does with its {@code Pointer} and block
 * records. No table of live blocks, no events, no check of tags: nothing else.
 */
final class Handles {
  /** The provenance record of one block: what a checked free reads and writes. */
  static final class Record {
    final long number;
    final long size;
    long freedAt;

    Record(long number, long size) {
      this.number = number;
      this.size = size;
    }
  }

  /** A pointer as the public API hands it out: an address and its block's record. */
  record Handle(long address, Record record) {}

  private final Handle[] handles;
  private long numbers;

  /** Creates the handles of ids {@code 0} to {@code ids - 1}, none held. */
  Handles(int ids) {
    this.handles = new Handle[ids];
  }

  /** {@return the pointer that id {@code id} holds, or null} */
  Handle get(int id) {
    return handles[id];
  }

  /** Makes the pointer and record of a new block and lets id {@code id} hold it. */
  void allocated(int id, long address, long size) {
    handles[id] = new Handle(address, new Record(++numbers, size));
  }

  /** Lets id {@code id} hold nothing. */
  void clear(int id) {
    handles[id] = null;
  }

  /**
   * A checked free of {@code handle}'s block at op {@code op}.
   *
   * @return the block's address, for the allocator's free
   * @throws IllegalStateException if the block was freed already
   */
  static long release(Handle handle, long op) {
    Record record = handle.record();
    if (record.freedAt != 0) {
      throw new IllegalStateException("block " + record.number + " freed twice");
    }
    record.freedAt = op + 1;
    return handle.address();
  }
}
