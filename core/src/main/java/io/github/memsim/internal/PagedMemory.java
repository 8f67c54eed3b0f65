package io.github.memsim.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Sparse little-endian bytes for one mapped region: 4 KiB pages created on first write, found
 * through a two-level directory (1024 pages, 4 MiB, per directory entry), so a region with a
 * large limit costs only the pages that were written. Reading a page that was never written
 * gives zeros and creates nothing. {@link #snapshot()} shares the pages with the region until
 * either writes one (copy on write).
 *
 * <p>This class does no bounds or permission checks: the memory model resolves and checks every
 * address before it gets here. It is not thread-safe.
 */
public final class PagedMemory {
  /** The page size in bytes. */
  public static final int PAGE_SIZE = 4096;

  private static final int PAGE_SHIFT = 12;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final int PAGES_PER_CHUNK_SHIFT = 10;
  private static final int PAGES_PER_CHUNK_MASK = (1 << PAGES_PER_CHUNK_SHIFT) - 1;
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Pages whose every byte is one value, shared by all regions and never written: a fill of
   * whole pages points them here instead of making arrays, so filling gigabytes with one byte
   * costs nothing but the directory. No region owns them (see {@link #owned}), so a write copies
   * one before changing it, as it does a page shared with a snapshot.
   */
  private static final byte[][] UNIFORM = new byte[256][];

  private final long base;
  private final byte[][][] directory;
  /**
   * Per chunk, one bit per page: set when the page's array belongs to this region alone and may
   * be written in place. A page shared with a {@link Snapshot} (or a uniform page) is copied at
   * its first write.
   */
  private final long[][] owned;
  /**
   * Whether any page may be shared: false until the first snapshot or uniform fill, and while
   * false every page that exists is this region's own, so a write skips the ownership bits.
   */
  private boolean sharing;

  /**
   * Creates a region.
   *
   * @param base the region's first address
   * @param capacity the most bytes the region can ever span
   */
  public PagedMemory(long base, long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.base = base;
    long pages = (capacity + PAGE_MASK) >>> PAGE_SHIFT;
    long chunks = (pages + PAGES_PER_CHUNK_MASK) >>> PAGES_PER_CHUNK_SHIFT;
    this.directory = new byte[Math.toIntExact(chunks)][][];
    this.owned = new long[directory.length][];
  }

  /** {@return the region's first address} */
  public long base() {
    return base;
  }


  private byte[] pageForRead(long offset) {
    byte[][] chunk = directory[(int) (offset >>> (PAGE_SHIFT + PAGES_PER_CHUNK_SHIFT))];
    return chunk == null ? null : chunk[(int) (offset >>> PAGE_SHIFT) & PAGES_PER_CHUNK_MASK];
  }

  private byte[] pageForWrite(long offset) {
    int chunkIndex = (int) (offset >>> (PAGE_SHIFT + PAGES_PER_CHUNK_SHIFT));
    byte[][] chunk = directory[chunkIndex];
    if (chunk == null) {
      chunk = newChunk(chunkIndex);
    }
    int pageIndex = (int) (offset >>> PAGE_SHIFT) & PAGES_PER_CHUNK_MASK;
    byte[] page = chunk[pageIndex];
    if (page != null && !sharing) {
      return page;
    }
    long[] bits = owned[chunkIndex];
    if ((bits[pageIndex >>> 6] & (1L << pageIndex)) == 0) { // new, shared or uniform
      page = page == null ? new byte[PAGE_SIZE] : java.util.Arrays.copyOf(page, PAGE_SIZE);
      chunk[pageIndex] = page;
      bits[pageIndex >>> 6] |= 1L << pageIndex;
    }
    return page;
  }

  private byte[][] newChunk(int chunkIndex) {
    byte[][] chunk = new byte[1 << PAGES_PER_CHUNK_SHIFT][];
    directory[chunkIndex] = chunk;
    owned[chunkIndex] = new long[(1 << PAGES_PER_CHUNK_SHIFT) / 64];
    return chunk;
  }

  /**
   * The bytes of a region at one moment, sharing their pages with the region until either
   * writes them (copy on write): taking one copies the page directory, not the pages.
   */
  public static final class Snapshot {
    private final PagedMemory region;
    private final byte[][][] directory;

    private Snapshot(PagedMemory region, byte[][][] directory) {
      this.region = region;
      this.directory = directory;
    }
  }

  /** {@return the region's bytes now, shared with the region until either writes a page} */
  public Snapshot snapshot() {
    sharing = true;
    byte[][][] copy = new byte[directory.length][][];
    for (int c = 0; c < directory.length; c++) {
      if (directory[c] != null) {
        copy[c] = directory[c].clone();
        java.util.Arrays.fill(owned[c], 0L);
      }
    }
    return new Snapshot(this, copy);
  }

  /**
   * Makes the region's bytes what they were at a snapshot of it; the snapshot stays usable.
   *
   * @param snapshot a snapshot of this region
   * @throws IllegalArgumentException if it is another region's
   */
  public void restore(Snapshot snapshot) {
    if (snapshot.region != this) {
      throw new IllegalArgumentException("a snapshot of another region");
    }
    for (int c = 0; c < directory.length; c++) {
      byte[][] chunk = snapshot.directory[c];
      directory[c] = chunk == null ? null : chunk.clone();
      owned[c] = chunk == null ? null : new long[(1 << PAGES_PER_CHUNK_SHIFT) / 64];
    }
  }

  private static byte[] uniform(byte value) {
    synchronized (UNIFORM) {
      byte[] page = UNIFORM[value & 0xFF];
      if (page == null) {
        page = new byte[PAGE_SIZE];
        java.util.Arrays.fill(page, value);
        UNIFORM[value & 0xFF] = page;
      }
      return page;
    }
  }

  /** Points a whole page at the uniform page of {@code value} (or at nothing, for 0). */
  private void setUniform(long offset, byte value) {
    int chunkIndex = (int) (offset >>> (PAGE_SHIFT + PAGES_PER_CHUNK_SHIFT));
    byte[][] chunk = directory[chunkIndex];
    if (chunk == null) {
      if (value == 0) {
        return;
      }
      chunk = newChunk(chunkIndex);
    }
    int pageIndex = (int) (offset >>> PAGE_SHIFT) & PAGES_PER_CHUNK_MASK;
    if (value != 0) {
      sharing = true;
    }
    chunk[pageIndex] = value == 0 ? null : uniform(value);
    owned[chunkIndex][pageIndex >>> 6] &= ~(1L << pageIndex);
  }

  /** Reads one byte. */
  public byte readByte(long address) {
    long offset = address - base;
    byte[] page = pageForRead(offset);
    return page == null ? 0 : page[(int) offset & PAGE_MASK];
  }

  /** Writes one byte. */
  public void writeByte(long address, byte value) {
    long offset = address - base;
    pageForWrite(offset)[(int) offset & PAGE_MASK] = value;
  }

  /** Reads a 4-byte word. */
  public int readInt(long address) {
    long offset = address - base;
    int inPage = (int) offset & PAGE_MASK;
    if (inPage <= PAGE_SIZE - 4) {
      byte[] page = pageForRead(offset);
      return page == null ? 0 : (int) INT.get(page, inPage);
    }
    return (int) readSlow(address, 4);
  }

  /** Writes a 4-byte word. */
  public void writeInt(long address, int value) {
    long offset = address - base;
    int inPage = (int) offset & PAGE_MASK;
    if (inPage <= PAGE_SIZE - 4) {
      INT.set(pageForWrite(offset), inPage, value);
    } else {
      writeSlow(address, value, 4);
    }
  }

  /** Reads an 8-byte word. */
  public long readLong(long address) {
    long offset = address - base;
    int inPage = (int) offset & PAGE_MASK;
    if (inPage <= PAGE_SIZE - 8) {
      byte[] page = pageForRead(offset);
      return page == null ? 0 : (long) LONG.get(page, inPage);
    }
    return readSlow(address, 8);
  }

  /** Writes an 8-byte word. */
  public void writeLong(long address, long value) {
    long offset = address - base;
    int inPage = (int) offset & PAGE_MASK;
    if (inPage <= PAGE_SIZE - 8) {
      LONG.set(pageForWrite(offset), inPage, value);
    } else {
      writeSlow(address, value, 8);
    }
  }

  private long readSlow(long address, int width) {
    long value = 0;
    for (int i = width - 1; i >= 0; i--) {
      value = (value << 8) | (readByte(address + i) & 0xFF);
    }
    return value;
  }

  private void writeSlow(long address, long value, int width) {
    for (int i = 0; i < width; i++) {
      writeByte(address + i, (byte) (value >>> (8 * i)));
    }
  }

  /** Copies {@code length} bytes starting at {@code address} into {@code target}. */
  public void read(long address, byte[] target, int targetOffset, int length) {
    long offset = address - base;
    int done = 0;
    while (done < length) {
      int inPage = (int) (offset + done) & PAGE_MASK;
      int n = Math.min(length - done, PAGE_SIZE - inPage);
      byte[] page = pageForRead(offset + done);
      if (page == null) {
        java.util.Arrays.fill(target, targetOffset + done, targetOffset + done + n, (byte) 0);
      } else {
        System.arraycopy(page, inPage, target, targetOffset + done, n);
      }
      done += n;
    }
  }

  /** Copies {@code length} bytes from {@code source} to memory starting at {@code address}. */
  public void write(long address, byte[] source, int sourceOffset, int length) {
    long offset = address - base;
    int done = 0;
    while (done < length) {
      int inPage = (int) (offset + done) & PAGE_MASK;
      int n = Math.min(length - done, PAGE_SIZE - inPage);
      System.arraycopy(source, sourceOffset + done, pageForWrite(offset + done), inPage, n);
      done += n;
    }
  }

  /**
   * Sets {@code length} bytes starting at {@code address} to {@code value}. Whole pages become
   * shared uniform pages (or, for zeros, no page at all), so a fill makes arrays only for the
   * partial pages at its ends: filling a block of any size cannot run the JVM out of memory.
   */
  public void fill(long address, long length, byte value) {
    long offset = address - base;
    long done = 0;
    while (done < length) {
      int inPage = (int) (offset + done) & PAGE_MASK;
      int n = (int) Math.min(length - done, PAGE_SIZE - inPage);
      if (n == PAGE_SIZE) {
        setUniform(offset + done, value);
      } else {
        // Zeros need no page where there is none; anywhere else, a page of our own.
        if (value != 0 || pageForRead(offset + done) != null) {
          java.util.Arrays.fill(pageForWrite(offset + done), inPage, inPage + n, value);
        }
      }
      done += n;
    }
  }

  /**
   * Copies {@code length} bytes from {@code source} (another region or this one) to {@code target}.
   */
  public static void copy(PagedMemory from, long source, PagedMemory to, long target, long length) {
    byte[] buffer = new byte[(int) Math.min(length, PAGE_SIZE)];
    long done = 0;
    while (done < length) {
      int n = (int) Math.min(buffer.length, length - done);
      from.read(source + done, buffer, 0, n);
      to.write(target + done, buffer, 0, n);
      done += n;
    }
  }

  /** A receiver of pages, for digests. */
  @FunctionalInterface
  public interface PageVisitor {
    /**
     * Receives one page that has been created.
     *
     * @param address the page's first address
     * @param bytes the page's bytes; must not be modified
     */
    void visit(long address, byte[] bytes);
  }

  /** Visits every created page in address order. */
  public void forEachPage(PageVisitor visitor) {
    for (int c = 0; c < directory.length; c++) {
      byte[][] chunk = directory[c];
      if (chunk == null) {
        continue;
      }
      for (int p = 0; p < chunk.length; p++) {
        if (chunk[p] != null) {
          long offset = (((long) c << PAGES_PER_CHUNK_SHIFT) + p) << PAGE_SHIFT;
          byte[] page = chunk[p];
          visitor.visit(base + offset, page);
        }
      }
    }
  }
}
