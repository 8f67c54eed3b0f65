package io.github.memsim;

/** A load or store at an address that no heap or stack maps. */
public final class SegmentationFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  SegmentationFault(long address, String thread, String facts) {
    super(Kind.SEGMENTATION_FAULT, address, thread, facts);
  }
}
