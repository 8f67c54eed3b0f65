package io.github.memsim.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.memsim.Heap;
import io.github.memsim.HeapCorruptionFault;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers that look at an allocator's heap the way the allocator contract does: its tags read
 * straight from the region, its walk as a list, and the checks that the blocks tile the heap and
 * that the heap checker passes. They read and never write.
 *
 * <p>The heap format is {@link BlockLayout}'s: padding, an allocated prologue, blocks with a
 * header and a footer tag each (the block size, with the allocated flag in bit 0), and an
 * epilogue header of size 0, flagged allocated, in the last header's bytes of the region.
 */
public final class Blocks {
  private Blocks() {}

  /**
   * A block as the allocator's walk reports it.
   *
   * @param address the address of its header
   * @param size its size in bytes, tags included
   * @param payload the address of its payload
   * @param allocated whether it is allocated
   */
  public record Block(long address, long size, long payload, boolean allocated) {
    /** {@return the address just past its end} */
    public long end() {
      return address + size;
    }
  }

  /**
   * A header or footer word, decoded.
   *
   * @param size the block size it holds
   * @param allocated whether its allocated flag is set
   */
  public record Tag(long size, boolean allocated) {}

  /** {@return the tag at {@code address}: a word of the layout's tag size, decoded} */
  public static Tag readTag(HeapRegion region, BlockLayout layout, long address) {
    long word = layout.headerBytes() == 4 ? Integer.toUnsignedLong(region.readInt(address))
        : region.readLong(address);
    return new Tag(word & ~(layout.alignment() - 1L),
        (word & BlockLayout.ALLOCATED_BIT) != 0);
  }

  /** {@return the blocks of the allocator's walk, in address order} */
  public static List<Block> walk(Allocator allocator) {
    List<Block> blocks = new ArrayList<>();
    allocator.walk((address, size, payload, allocated) ->
        blocks.add(new Block(address, size, payload, allocated)));
    return blocks;
  }

  /** {@return the address of the first block's header, just after the prologue} */
  public static long firstBlock(HeapRegion region, BlockLayout layout) {
    return region.base() + layout.paddingBytes() + layout.prologueBytes();
  }

  /** {@return the address of the epilogue header, at the end of the region} */
  public static long epilogue(HeapRegion region, BlockLayout layout) {
    return region.end() - layout.headerBytes();
  }

  /**
   * Checks that the allocator's blocks tile its heap: the prologue's tags are intact; the walk
   * starts at the first block and each block starts where the one before it ends, up to the
   * epilogue, whose tag is intact; every block's header and footer say its size and state; every
   * payload follows its header and is aligned; and every block is at least the minimum block.
   *
   * @throws AssertionError naming the first block that does not
   */
  public static void assertTiles(Allocator allocator, HeapRegion region) {
    BlockLayout layout = allocator.layout();
    long prologue = region.base() + layout.paddingBytes();
    Tag prologueTag = new Tag(layout.prologueBytes(), true);
    assertThat(readTag(region, layout, prologue)).as("prologue header at %x", prologue)
        .isEqualTo(prologueTag);
    assertThat(readTag(region, layout, prologue + layout.headerBytes()))
        .as("prologue footer at %x", prologue + layout.headerBytes()).isEqualTo(prologueTag);
    long at = firstBlock(region, layout);
    for (Block block : walk(allocator)) {
      assertThat(block.address()).as("the block after the one ending at %x starts there", at)
          .isEqualTo(at);
      Tag tag = new Tag(block.size(), block.allocated());
      assertThat(readTag(region, layout, block.address()))
          .as("header of the block at %x", block.address()).isEqualTo(tag);
      assertThat(readTag(region, layout, block.end() - layout.footerBytes()))
          .as("footer of the block at %x", block.address()).isEqualTo(tag);
      assertThat(block.payload()).as("payload of the block at %x", block.address())
          .isEqualTo(block.address() + layout.headerBytes());
      assertThat(block.payload() % layout.alignment())
          .as("alignment of the payload at %x", block.payload()).isZero();
      assertThat(block.size()).as("size of the block at %x", block.address())
          .isGreaterThanOrEqualTo(layout.minimumBlock());
      at = block.end();
    }
    long epilogue = epilogue(region, layout);
    assertThat(at).as("the last block ends at the epilogue").isEqualTo(epilogue);
    assertThat(readTag(region, layout, epilogue)).as("epilogue at %x", epilogue)
        .isEqualTo(new Tag(0, true));
  }

  /**
   * Runs the heap checker (the model's, which asks the allocator's).
   *
   * @throws AssertionError with the checker's message and the heap's description if it finds
   *     anything
   */
  public static void assertConsistent(Heap heap) {
    try {
      heap.check();
    } catch (HeapCorruptionFault fault) {
      fail("expected a consistent heap but the checker said: %s%n%s", fault.getMessage(),
          heap.describe());
    }
  }
}
