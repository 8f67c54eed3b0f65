package io.github.memsim.alloc;

import static io.github.memsim.internal.Text.hex;

/**
 * The skeleton of an allocator whose blocks carry boundary tags in simulated memory: the block
 * format shared by the built-in strategies (tags, a prologue and an epilogue, as laid out in
 * {@link BlockLayout}), with the tag reads and writes, growth, the walk and the tiling check
 * they all make.
 *
 * <p>Glossary: a <em>block</em> is identified by the address of its header; its <em>payload</em>
 * starts {@code headerBytes} later; a <em>tag</em> is a header or footer word holding the block
 * size with the allocated flag in bit 0. The epilogue is a header of size 0, flagged allocated,
 * in the last {@code headerBytes} of the region; growing the heap turns it into the header of
 * the new space and writes a new epilogue at the new end.
 */
abstract class AbstractTaggedAllocator implements Allocator {
  final HeapRegion region;
  final BlockLayout layout;
  final String name;
  final int headerBytes;
  final int footerBytes;
  final long alignmentMask;
  final long minimumBlock;
  /** The header address of the first block after the prologue. */
  final long firstBlock;

  AbstractTaggedAllocator(String name, HeapRegion region, BlockLayout layout) {
    this.name = name;
    this.region = region;
    this.layout = layout;
    this.headerBytes = layout.headerBytes();
    this.footerBytes = layout.footerBytes();
    this.alignmentMask = layout.alignment() - 1L;
    this.minimumBlock = layout.minimumBlock();
    long prologue = region.base() + layout.paddingBytes();
    this.firstBlock = prologue + layout.prologueBytes();
    if (region.size() != 0) {
      throw new IllegalArgumentException("the region must be empty but holds "
          + region.size() + " bytes");
    }
    if (region.grow(layout.initialBytes()) == HeapRegion.GROWTH_FAILED) {
      throw new IllegalArgumentException("a heap limit of " + region.limit()
          + " bytes cannot hold the " + layout.initialBytes() + " initial bytes of layout "
          + layout.name());
    }
    long prologueTag = BlockLayout.tag(layout.prologueBytes(), true);
    writeTag(prologue, prologueTag);
    writeTag(prologue + headerBytes, prologueTag);
    writeTag(firstBlock, BlockLayout.tag(0, true));
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final BlockLayout layout() {
    return layout;
  }

  final long readTag(long address) {
    return headerBytes == 4 ? Integer.toUnsignedLong(region.readInt(address))
        : region.readLong(address);
  }

  final void writeTag(long address, long tag) {
    if (headerBytes == 4) {
      region.writeInt(address, (int) tag);
    } else {
      region.writeLong(address, tag);
    }
  }

  /** Writes a block's header and footer. */
  final void writeBlock(long block, long size, boolean allocated) {
    long tag = BlockLayout.tag(size, allocated);
    writeTag(block, tag);
    writeTag(block + size - footerBytes, tag);
  }

  final long sizeOf(long tag) {
    return tag & ~alignmentMask;
  }

  static boolean isAllocated(long tag) {
    return (tag & BlockLayout.ALLOCATED_BIT) != 0;
  }

  /** {@return the address of the epilogue header} */
  final long epilogue() {
    return region.end() - headerBytes;
  }

  /**
   * Moves the break up by {@code bytes}, turning the old epilogue into the header of a new free
   * block of that size, and writes a new epilogue.
   *
   * @return the new block's address, or -1 if the region is at its limit
   */
  final long growBy(long bytes) {
    long oldBreak = region.grow(bytes);
    if (oldBreak == HeapRegion.GROWTH_FAILED) {
      return -1;
    }
    long block = oldBreak - headerBytes;
    writeBlock(block, bytes, false);
    writeTag(block + bytes, BlockLayout.tag(0, true));
    return block;
  }

  /**
   * Reads and checks the tags of a block that the model believes allocated.
   *
   * @return its size
   * @throws HeapCorruptionException if the tags say otherwise
   */
  final long allocatedBlockSize(long block) {
    return allocatedBlockSize(block, -1);
  }

  /**
   * {@return the size of the block a request of {@code payloadBytes} makes, or -1 when there is
   * none} A guess of an allocated block's size, from the caller's hint ({@link #free(long,
   * long)}): the block may be larger, when its allocation took a free block whole.
   */
  final long expectedBlockSize(long payloadBytes) {
    return payloadBytes < 0 || payloadBytes > layout.maximumRequest() ? -1
        : layout.blockSize(payloadBytes);
  }

  /**
   * The same, with a guess of the block's size (or -1): where the header agrees, the footer is
   * read at the guess, so that its address does not wait for the header's bytes and the two
   * loads' cache misses overlap. The loads and checks are the same either way.
   */
  final long allocatedBlockSize(long block, long expected) {
    long end = epilogue();
    if (block < firstBlock || block >= end) {
      throw new HeapCorruptionException(block, "block at " + hex(block)
          + " is outside the heap's blocks [" + hex(firstBlock) + ", " + hex(end) + ")");
    }
    long tag = readTag(block);
    long size = sizeOf(tag);
    if (!isAllocated(tag) || size < minimumBlock || block + size > end) {
      throw new HeapCorruptionException(block, "block at " + hex(block) + " has header "
          + describeTag(tag) + ", not an allocated block inside the heap");
    }
    // Two branches, not one address chosen from the two: the processor predicts the branch and
    // loads at the guess ahead of the header, where a chosen address would wait for it.
    long footer;
    if (size == expected) {
      footer = readTag(block + expected - footerBytes);
    } else {
      footer = readTag(block + size - footerBytes);
    }
    if (footer != tag) {
      throw new HeapCorruptionException(block, "block at " + hex(block) + " has header "
          + describeTag(tag) + " but footer " + describeTag(footer));
    }
    return size;
  }

  @Override
  public final long usableSize(long payloadAddress) {
    return allocatedBlockSize(payloadAddress - headerBytes) - headerBytes - footerBytes;
  }

  @Override
  public final void walk(BlockVisitor visitor) {
    long end = epilogue();
    long block = firstBlock;
    while (block < end) {
      long tag = readTag(block);
      long size = sizeOf(tag);
      if (size < minimumBlock || block + size > end) {
        throw new HeapCorruptionException(block, "block at " + hex(block) + " has header "
            + describeTag(tag) + ", which does not fit between it and the epilogue at "
            + hex(end));
      }
      visitor.visit(block, size, block + headerBytes, isAllocated(tag));
      block += size;
    }
  }

  /** Checks the prologue, every block's tags and alignment, and the epilogue. */
  final void checkTiling(BlockVisitor freeBlockCheck) {
    long prologue = firstBlock - layout.prologueBytes();
    long prologueTag = BlockLayout.tag(layout.prologueBytes(), true);
    if (readTag(prologue) != prologueTag || readTag(prologue + headerBytes) != prologueTag) {
      throw new HeapCorruptionException(prologue, "prologue at " + hex(prologue)
          + " has been overwritten: header " + describeTag(readTag(prologue)) + ", footer "
          + describeTag(readTag(prologue + headerBytes)));
    }
    walk((block, size, payload, allocated) -> {
      long tag = readTag(block);
      if ((tag & alignmentMask & ~BlockLayout.ALLOCATED_BIT) != 0) {
        throw new HeapCorruptionException(block, "block at " + hex(block) + " has header "
            + describeTag(tag) + " with a size that is not a multiple of "
            + layout.alignment());
      }
      long footer = readTag(block + size - footerBytes);
      if (footer != tag) {
        throw new HeapCorruptionException(block, "block at " + hex(block) + " has header "
            + describeTag(tag) + " but footer " + describeTag(footer));
      }
      if ((payload & alignmentMask) != 0) {
        throw new HeapCorruptionException(block, "payload at " + hex(payload)
            + " is not aligned to " + layout.alignment() + " bytes");
      }
      if (!allocated) {
        freeBlockCheck.visit(block, size, payload, false);
      }
    });
    long epilogueTag = readTag(epilogue());
    if (epilogueTag != BlockLayout.tag(0, true)) {
      throw new HeapCorruptionException(epilogue(), "epilogue at " + hex(epilogue())
          + " has been overwritten: " + describeTag(epilogueTag));
    }
  }

  static String describeTag(long tag) {
    return "(size " + (tag & ~7L) + (isAllocated(tag) ? ", allocated)" : ", free)");
  }

}
