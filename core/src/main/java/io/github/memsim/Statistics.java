package io.github.memsim;

/**
 * A read-only snapshot of a model's figures. Byte counts are in bytes; "live" counts payload
 * bytes as requested, "free" counts whole free blocks.
 *
 * <p>{@link #utilization()} is peak live payload over the heap's high-water mark;
 * {@link #externalFragmentation()} is 1 - largest free block / total free bytes.
 */
public final class Statistics {
  private final long liveBytes;
  private final long liveBlocks;
  private final long heapBytes;
  private final long heapLimit;
  private final long peakLiveBytes;
  private final long peakHeapBytes;
  private final long freeBlocks;
  private final long freeBytes;
  private final long largestFreeBlock;
  private final long probes;
  private final long mallocs;
  private final long callocs;
  private final long reallocs;
  private final long frees;
  private final long loads;
  private final long stores;
  private final long pushes;
  private final long pops;
  private final long operations;

  Statistics(long[] values) {
    if (values.length != 19) {
      throw new IllegalArgumentException("expected 19 values");
    }
    this.liveBytes = values[0];
    this.liveBlocks = values[1];
    this.heapBytes = values[2];
    this.heapLimit = values[3];
    this.peakLiveBytes = values[4];
    this.peakHeapBytes = values[5];
    this.freeBlocks = values[6];
    this.freeBytes = values[7];
    this.largestFreeBlock = values[8];
    this.probes = values[9];
    this.mallocs = values[10];
    this.callocs = values[11];
    this.reallocs = values[12];
    this.frees = values[13];
    this.loads = values[14];
    this.stores = values[15];
    this.pushes = values[16];
    this.pops = values[17];
    this.operations = values[18];
  }

  /** The number of figures, for the constructor. */
  static final int FIGURES = 19;

  /** {@return the payload bytes requested by live blocks} */
  public long liveBytes() {
    return liveBytes;
  }

  /** {@return the number of live blocks} */
  public long liveBlocks() {
    return liveBlocks;
  }

  /** {@return the heap's current size: every byte it has grown by} */
  public long heapBytes() {
    return heapBytes;
  }

  /** {@return how far the heap may grow} */
  public long heapLimit() {
    return heapLimit;
  }

  /**
   * {@return the largest {@link #liveBytes()} at the end of any operation so far (a realloc
   * counts new minus old, not both blocks at once)}
   */
  public long peakLiveBytes() {
    return peakLiveBytes;
  }

  /** {@return the heap's high-water mark (the heap never shrinks, so this is its size)} */
  public long peakHeapBytes() {
    return peakHeapBytes;
  }

  /** {@return the number of free blocks the allocator can hand out} */
  public long freeBlocks() {
    return freeBlocks;
  }

  /** {@return their total size, tags included} */
  public long freeBytes() {
    return freeBytes;
  }

  /** {@return the size of the largest free block, tags included} */
  public long largestFreeBlock() {
    return largestFreeBlock;
  }

  /** {@return the free blocks or index nodes the allocator examined, in total} */
  public long probes() {
    return probes;
  }

  /** {@return the number of successful malloc calls} */
  public long mallocs() {
    return mallocs;
  }

  /** {@return the number of successful calloc calls} */
  public long callocs() {
    return callocs;
  }

  /** {@return the number of successful realloc calls} */
  public long reallocs() {
    return reallocs;
  }

  /** {@return the number of successful free calls, free(NULL) included} */
  public long frees() {
    return frees;
  }

  /** {@return the number of successful loads} */
  public long loads() {
    return loads;
  }

  /** {@return the number of successful stores} */
  public long stores() {
    return stores;
  }

  /** {@return the number of frames pushed} */
  public long pushes() {
    return pushes;
  }

  /** {@return the number of frames popped} */
  public long pops() {
    return pops;
  }

  /** {@return the number of successful operations of every kind: the last op number} */
  public long operations() {
    return operations;
  }

  /** {@return peak live payload bytes over the heap's high-water mark, or 0 for an empty heap} */
  public double utilization() {
    return peakHeapBytes == 0 ? 0 : (double) peakLiveBytes / peakHeapBytes;
  }

  /** {@return 1 - largest free block / total free bytes, or 0 when nothing is free} */
  public double externalFragmentation() {
    return freeBytes == 0 ? 0 : 1.0 - (double) largestFreeBlock / freeBytes;
  }

  private long[] values() {
    return new long[] {
        liveBytes, liveBlocks, heapBytes, heapLimit, peakLiveBytes, peakHeapBytes, freeBlocks,
        freeBytes, largestFreeBlock, probes, mallocs, callocs, reallocs, frees, loads, stores,
        pushes, pops, operations};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Statistics && java.util.Arrays.equals(values(), ((Statistics) o).values());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(values());
  }

  @Override
  public String toString() {
    return "Statistics{"
        + "liveBytes=" + liveBytes
        + ", liveBlocks=" + liveBlocks
        + ", heapBytes=" + heapBytes
        + ", heapLimit=" + heapLimit
        + ", peakLiveBytes=" + peakLiveBytes
        + ", peakHeapBytes=" + peakHeapBytes
        + ", freeBlocks=" + freeBlocks
        + ", freeBytes=" + freeBytes
        + ", largestFreeBlock=" + largestFreeBlock
        + ", probes=" + probes
        + ", mallocs=" + mallocs
        + ", callocs=" + callocs
        + ", reallocs=" + reallocs
        + ", frees=" + frees
        + ", loads=" + loads
        + ", stores=" + stores
        + ", pushes=" + pushes
        + ", pops=" + pops
        + ", operations=" + operations
        + "}";
  }
}
