package io.github.memsim.alloc;

import java.util.Locale;
import java.util.Objects;

/**
 * The byte format of heap blocks: header and footer sizes, payload alignment, minimum block size
 * and the amount by which the heap grows when no free block fits.
 *
 * <p>Every block carries a boundary tag at both ends, holding the block size with the allocated
 * flag in bit 0. The heap starts with a padding word, an allocated prologue block and an
 * epilogue header, so that every block has neighbours with tags and the first payload is aligned:
 *
 * <pre>
 *  base                                                                       break
 *   | padding | prologue hdr | prologue ftr | hdr | payload ... | ftr | ... | epilogue hdr |
 *   |&lt;- pad -&gt;|&lt;---- h ----&gt;|&lt;---- f ----&gt;|&lt;------- block (size) ---------&gt;|     |&lt;---- h ----&gt;|
 * </pre>
 *
 * <p>A request of {@code n} bytes needs a block of {@code max(minimumBlock, roundUp(n + h + f,
 * alignment))} bytes. Two presets exist:
 * <ul>
 *   <li>{@link #standard()}: 8-byte header and footer, 16-byte alignment, 32-byte minimum block,
 *       growth by 4096 bytes (what a 64-bit C library does);</li>
 *   <li>{@link #textbook()}: the implicit free-list layout of the CS:APP textbook allocator:
 *       4-byte header and footer, 8-byte alignment, 16-byte minimum block, a 16-byte initial heap
 *       and growth by 4096 bytes.</li>
 * </ul>
 */
public final class BlockLayout {
  private static final BlockLayout STANDARD = new BlockLayout("default", 8, 8, 16, 32, 4096);
  private static final BlockLayout TEXTBOOK = new BlockLayout("textbook", 4, 4, 8, 16, 4096);

  /** Bit 0 of a tag: set when the block is allocated. */
  public static final long ALLOCATED_BIT = 1L;

  private final String name;
  private final int headerBytes;
  private final int footerBytes;
  private final int alignment;
  private final long minimumBlock;
  private final long growthChunk;
  private final int paddingBytes;

  private BlockLayout(String name, int headerBytes, int footerBytes, int alignment,
      long minimumBlock, long growthChunk) {
    this.name = name;
    this.headerBytes = headerBytes;
    this.footerBytes = footerBytes;
    this.alignment = alignment;
    this.minimumBlock = minimumBlock;
    this.growthChunk = growthChunk;
    // The first payload sits after padding, prologue header and footer, and the first header.
    this.paddingBytes = Math.floorMod(-(2 * headerBytes + footerBytes), alignment);
  }

  /** {@return the 64-bit default layout: 8-byte tags, 16-byte alignment, 32-byte minimum block} */
  public static BlockLayout standard() {
    return STANDARD;
  }

  /** {@return the CS:APP textbook layout: 4-byte tags, 8-byte alignment, 16-byte minimum block} */
  public static BlockLayout textbook() {
    return TEXTBOOK;
  }

  /**
   * Returns a preset by name: {@code default} (or {@code standard}) or {@code textbook}.
   *
   * @param name the preset's name
   * @return the layout
   * @throws IllegalArgumentException for any other name, listing the known ones
   */
  public static BlockLayout byName(String name) {
    Objects.requireNonNull(name, "name");
    switch (name.toLowerCase(Locale.ROOT)) {
      case "default":
      case "standard":
        return STANDARD;
      case "textbook":
        return TEXTBOOK;
      default:
        throw new IllegalArgumentException(
            "unknown block layout '" + name + "'; known layouts: default, textbook");
    }
  }

  /**
   * Returns a custom layout.
   *
   * @param name a name for reports
   * @param tagBytes the size of the header and of the footer: 4 or 8
   * @param alignment payload alignment: a power of two from 8 to 4096
   * @param minimumBlock the smallest block: a multiple of {@code alignment} that holds both tags
   * and at least 8 payload bytes
   * @param growthChunk the smallest growth of the heap: a positive multiple of {@code alignment}
   * @return the layout
   * @throws IllegalArgumentException if a value is out of range
   */
  public static BlockLayout of(String name, int tagBytes, int alignment, long minimumBlock,
      long growthChunk) {
    Objects.requireNonNull(name, "name");
    if (tagBytes != 4 && tagBytes != 8) {
      throw new IllegalArgumentException("tag bytes must be 4 or 8 but was " + tagBytes);
    }
    if (alignment < 8 || alignment > 4096 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException(
          "alignment must be a power of two from 8 to 4096 but was " + alignment);
    }
    if (minimumBlock < 2L * tagBytes + 8 || minimumBlock % alignment != 0) {
      throw new IllegalArgumentException("minimum block must be a multiple of " + alignment
          + " of at least " + (2 * tagBytes + 8) + " bytes but was " + minimumBlock);
    }
    if (growthChunk <= 0 || growthChunk % alignment != 0 || growthChunk > (1L << 30)) {
      throw new IllegalArgumentException("growth chunk must be a positive multiple of " + alignment
          + " up to 1 GiB but was " + growthChunk);
    }
    return new BlockLayout(name, tagBytes, tagBytes, alignment, minimumBlock, growthChunk);
  }

  /** {@return the layout's name} */
  public String name() {
    return name;
  }

  /** {@return the header size in bytes} */
  public int headerBytes() {
    return headerBytes;
  }

  /** {@return the footer size in bytes} */
  public int footerBytes() {
    return footerBytes;
  }

  /** {@return the payload alignment in bytes} */
  public int alignment() {
    return alignment;
  }

  /** {@return the smallest block size in bytes, tags included} */
  public long minimumBlock() {
    return minimumBlock;
  }

  /** {@return the smallest amount by which the heap grows, in bytes} */
  public long growthChunk() {
    return growthChunk;
  }

  /** {@return the padding before the prologue block, chosen so that payloads are aligned} */
  public int paddingBytes() {
    return paddingBytes;
  }

  /** {@return the size of the prologue block: one header and one footer} */
  public long prologueBytes() {
    return headerBytes + footerBytes;
  }

  /** {@return the bytes of a new heap before its first block: padding, prologue and epilogue} */
  public long initialBytes() {
    return paddingBytes + prologueBytes() + headerBytes;
  }

  /** {@return the largest block size a tag can hold} */
  public long maximumBlock() {
    long tagLimit = headerBytes == 4 ? 0xFFFF_FFFFL : Long.MAX_VALUE;
    return tagLimit & -alignment;
  }

  /**
   * {@return the largest heap whose blocks this layout's tags can always describe: the initial
   * bytes plus the largest block, since coalescing (or a reset) can make one free block of all
   * the rest; with 4-byte tags about 4 GiB}
   */
  public long maximumHeapLimit() {
    long limit = initialBytes() + maximumBlock();
    return limit < 0 ? Long.MAX_VALUE : limit;
  }

  /**
   * {@return the largest request this layout can turn into a block; larger requests can never be
   * served, whatever the heap limit}
   */
  public long maximumRequest() {
    return maximumBlock() - headerBytes - footerBytes;
  }

  /**
   * Returns the block size for a request of {@code payloadBytes} bytes.
   *
   * @param payloadBytes the request in bytes
   * @return the block size, tags and alignment included
   * @throws IllegalArgumentException if the request is negative or above {@link #maximumRequest()}
   */
  public long blockSize(long payloadBytes) {
    if (payloadBytes < 0 || payloadBytes > maximumRequest()) {
      throw new IllegalArgumentException("request must be between 0 and " + maximumRequest()
          + " bytes but was " + payloadBytes);
    }
    long withTags = payloadBytes + headerBytes + footerBytes;
    long aligned = (withTags + alignment - 1) & -alignment;
    return Math.max(minimumBlock, aligned);
  }

  /**
   * Packs a block size and allocated flag into a tag.
   *
   * @param blockSize the block's size in bytes, a multiple of the alignment
   * @param allocated whether the block is in use
   * @return the tag
   */
  public static long tag(long blockSize, boolean allocated) {
    return allocated ? blockSize | ALLOCATED_BIT : blockSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BlockLayout)) {
      return false;
    }
    BlockLayout other = (BlockLayout) o;
    return headerBytes == other.headerBytes && footerBytes == other.footerBytes
        && alignment == other.alignment && minimumBlock == other.minimumBlock
        && growthChunk == other.growthChunk && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, headerBytes, footerBytes, alignment, minimumBlock, growthChunk);
  }

  @Override
  public String toString() {
    return name + " (" + headerBytes + "-byte header and footer, " + alignment
        + "-byte alignment, " + minimumBlock + "-byte minimum block, growth by " + growthChunk
        + " bytes)";
  }
}
