package io.github.memsim.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sparse little-endian bytes for one mapped region: 4 KiB pages created on first write, found
 * through a two-level directory (1024 pages, 4 MiB, per directory entry), so a region with a
 * large limit costs only the pages that were written. Reading a page that was never written
 * gives zeros and creates nothing. {@link #snapshot()} shares the pages with the region until
 * either writes one (copy on write).
 *
 * <h2>Slabs</h2>
 * A slab is one array for {@link #SLAB_PAGES} consecutive pages (16 MiB less one page). When the
 * region has made pages in a range of that many for {@link #SLAB_DENSITY} of them, half the
 * range, they move into its slab, and the range's bytes live there from then on; and the first
 * page made in the range after a slab that holds half its pages (a heap growing up through its
 * ranges, as a heap does) makes that range's slab at once. A large heap then lives in a few
 * large arrays: no longer one object per 4 KiB page that the JVM's young collections copy, with
 * a header line of its own beside every word the allocator reads; a slab of just under 16 MiB
 * is, in G1 (the JVM's default collector), allocated directly in the old generation at every
 * region size up to 16 MB. A small region (a stack, a student's heap) never
 * fills half a range and costs its pages alone; and since every slab either had half its range's
 * pages or follows one that holds them, slabs never take more than four times the bytes that
 * were written in pages: a heap whose huge blocks leave a page or two of tags in each range
 * stays in pages. Slabs are not shared: the first {@link #snapshot()} turns them back into
 * pages, and from then on the region makes none.
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
  /**
   * The pages in a slab: just under 16 MiB, so that with its array header a slab fills a whole
   * number of G1 regions of 1 to 8 MB, and is humongous (allocated in the old generation, never
   * copied by a young collection) in regions of up to 16 MB.
   */
  static final int SLAB_PAGES = 4095;
  /** The pages a range must hold before they move into a slab: half of it. */
  static final int SLAB_DENSITY = (SLAB_PAGES + 1) / 2;
  private static final byte[][] NO_SLABS = new byte[0][];
  private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];
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
   * The slabs by slab number (page number / {@link #SLAB_PAGES}); empty until the first is made.
   * A page inside a slab has no entry in the directory.
   */
  private byte[][] slabs = NO_SLABS;
  /** The number of slabs the region's span can hold. */
  private final int slabCount;
  /** The pages a range must hold to become a slab; never, once this is negative. */
  private int slabDensity;
  /** The bytes of pages this region has made (new pages and copies). */
  private long pageBytes;
  /**
   * The pages each range holds, counted from when the region has made enough pages that a range
   * could be dense (null before).
   */
  private int[] rangePages;

  /**
   * Creates a region.
   *
   * @param base the region's first address
   * @param capacity the most bytes the region can ever span
   */
  public PagedMemory(long base, long capacity) {
    this(base, capacity, SLAB_DENSITY);
  }

  /**
   * Creates a region whose ranges become slabs when they hold {@code slabDensity} pages (for
   * tests; a negative density means never).
   */
  PagedMemory(long base, long capacity, int slabDensity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.base = base;
    long pages = (capacity + PAGE_MASK) >>> PAGE_SHIFT;
    if (pages > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("capacity must be at most 8 TiB but was " + capacity);
    }
    long chunks = (pages + PAGES_PER_CHUNK_MASK) >>> PAGES_PER_CHUNK_SHIFT;
    this.directory = new byte[Math.toIntExact(chunks)][][];
    this.owned = new long[directory.length][];
    this.slabCount = (int) ((pages + SLAB_PAGES - 1) / SLAB_PAGES);
    this.slabDensity = slabDensity;
  }

  /** {@return the bytes of the slabs this region holds} For tests. */
  long slabBytes() {
    long bytes = 0;
    for (byte[] slab : slabs) {
      bytes += slab == null ? 0 : slab.length;
    }
    return bytes;
  }

  /** {@return the region's first address} */
  public long base() {
    return base;
  }


  /** {@return the slab that holds the byte at {@code offset}, or null} */
  private byte[] slabAt(long offset) {
    byte[][] all = slabs;
    if (all.length == 0) { // a small region, or one that has been snapshot: no division
      return null;
    }
    int slab = (int) (offset >>> PAGE_SHIFT) / SLAB_PAGES;
    return slab < all.length ? all[slab] : null;
  }

  /**
   * {@return where the byte at {@code offset} lies in {@code array}, a page or a slab} A page is
   * {@value #PAGE_SIZE} bytes long and a slab never is.
   */
  private static int indexIn(byte[] array, long offset) {
    int inPage = (int) offset & PAGE_MASK;
    if (array.length == PAGE_SIZE) {
      return inPage;
    }
    return ((int) (offset >>> PAGE_SHIFT) % SLAB_PAGES) << PAGE_SHIFT | inPage;
  }

  /** {@return the page or slab that holds the byte at {@code offset}, or null for zeros} */
  private byte[] arrayForRead(long offset) {
    byte[] slab = slabAt(offset);
    return slab != null ? slab : pageForRead(offset);
  }

  /** {@return the page or slab to write the byte at {@code offset} into, made if need be} */
  private byte[] arrayForWrite(long offset) {
    byte[] slab = slabAt(offset);
    return slab != null ? slab : pageForWrite(offset);
  }

  private byte[] pageForRead(long offset) {
    byte[][] chunk = directory[(int) (offset >>> (PAGE_SHIFT + PAGES_PER_CHUNK_SHIFT))];
    return chunk == null ? null : chunk[(int) (offset >>> PAGE_SHIFT) & PAGES_PER_CHUNK_MASK];
  }

  /** The page (outside every slab) to write at {@code offset}; may make a slab instead. */
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
      if (page == null && slabDensity >= 0
          && pageBytes >= (long) slabDensity << PAGE_SHIFT) {
        byte[] slab = slabForNewPage((int) (offset >>> PAGE_SHIFT) / SLAB_PAGES);
        if (slab != null) {
          return slab;
        }
      }
      page = page == null ? new byte[PAGE_SIZE] : Arrays.copyOf(page, PAGE_SIZE);
      pageBytes += PAGE_SIZE;
      chunk[pageIndex] = page;
      bits[pageIndex >>> 6] |= 1L << pageIndex;
    }
    return page;
  }

  /**
   * Counts a page about to be made in range {@code slab}: {@return the range's slab, if that
   * makes it dense enough to become one (its pages moved in), or null for a page of its own}
   */
  private byte[] slabForNewPage(int slab) {
    if (rangePages == null) {
      countRangePages();
      if (slabs[slab] != null) {
        return slabs[slab];
      }
    }
    boolean first = rangePages[slab]++ == 0;
    if (rangePages[slab] >= slabDensity
        || first && slab > 0 && slabs[slab - 1] != null && isDense(slabs[slab - 1])) {
      return makeSlab(slab);
    }
    return null;
  }

  /** {@return whether at least {@link #slabDensity} of a slab's pages hold a byte other than 0} */
  private boolean isDense(byte[] slab) {
    int found = 0;
    for (int i = 0; i < SLAB_PAGES && found < slabDensity; i++) {
      if (!isZero(slab, i << PAGE_SHIFT)) {
        found++;
      }
    }
    return found >= slabDensity;
  }

  /** Counts the pages of every range and moves the dense ones into slabs. */
  private void countRangePages() {
    rangePages = new int[slabCount];
    slabs = new byte[slabCount][];
    for (int c = 0; c < directory.length; c++) {
      byte[][] chunk = directory[c];
      if (chunk != null) {
        for (int p = 0; p <= PAGES_PER_CHUNK_MASK; p++) {
          if (chunk[p] != null) {
            rangePages[((c << PAGES_PER_CHUNK_SHIFT) + p) / SLAB_PAGES]++;
          }
        }
      }
    }
    for (int slab = 0; slab < slabCount; slab++) {
      if (rangePages[slab] > 0 && rangePages[slab] >= slabDensity) {
        makeSlab(slab);
      }
    }
  }

  /** Makes slab number {@code slab}, moving the range's pages into it; returns it. */
  private byte[] makeSlab(int slab) {
    byte[] bytes = new byte[SLAB_PAGES << PAGE_SHIFT];
    long firstPage = (long) slab * SLAB_PAGES;
    long endPage =
        Math.min(firstPage + SLAB_PAGES, (long) directory.length << PAGES_PER_CHUNK_SHIFT);
    for (long page = firstPage; page < endPage; page++) {
      int chunkIndex = (int) (page >>> PAGES_PER_CHUNK_SHIFT);
      byte[][] chunk = directory[chunkIndex];
      if (chunk == null) {
        page |= PAGES_PER_CHUNK_MASK; // the rest of this chunk has no pages either
        continue;
      }
      int pageIndex = (int) page & PAGES_PER_CHUNK_MASK;
      if (chunk[pageIndex] != null) {
        System.arraycopy(chunk[pageIndex], 0, bytes, (int) (page - firstPage) << PAGE_SHIFT,
            PAGE_SIZE);
        chunk[pageIndex] = null;
        owned[chunkIndex][pageIndex >>> 6] &= ~(1L << pageIndex);
      }
    }
    slabs[slab] = bytes;
    return bytes;
  }

  /**
   * Turns every slab back into pages (pages of zeros are left out) and makes no more: a snapshot
   * shares pages, and a slab cannot be shared page by page.
   */
  private void breakSlabs() {
    slabDensity = -1;
    rangePages = null;
    byte[][] all = slabs;
    slabs = NO_SLABS;
    for (int slab = 0; slab < all.length; slab++) {
      byte[] bytes = all[slab];
      if (bytes == null) {
        continue;
      }
      for (int i = 0; i < SLAB_PAGES; i++) {
        int from = i << PAGE_SHIFT;
        if (isZero(bytes, from)) {
          continue;
        }
        long page = (long) slab * SLAB_PAGES + i;
        int chunkIndex = (int) (page >>> PAGES_PER_CHUNK_SHIFT);
        byte[][] chunk = directory[chunkIndex];
        if (chunk == null) {
          chunk = newChunk(chunkIndex);
        }
        int pageIndex = (int) page & PAGES_PER_CHUNK_MASK;
        chunk[pageIndex] = Arrays.copyOfRange(bytes, from, from + PAGE_SIZE);
        owned[chunkIndex][pageIndex >>> 6] |= 1L << pageIndex;
      }
    }
  }

  private static boolean isZero(byte[] bytes, int from) {
    return Arrays.equals(bytes, from, from + PAGE_SIZE, ZERO_PAGE, 0, PAGE_SIZE);
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
    if (slabDensity >= 0 || slabs.length != 0) {
      breakSlabs();
    }
    sharing = true;
    byte[][][] copy = new byte[directory.length][][];
    for (int c = 0; c < directory.length; c++) {
      if (directory[c] != null) {
        copy[c] = directory[c].clone();
        Arrays.fill(owned[c], 0L);
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
    // Slabs were broken when the snapshot was taken, and none have been made since.
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
        Arrays.fill(page, value);
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
    byte[] array = arrayForRead(offset);
    return array == null ? 0 : array[indexIn(array, offset)];
  }

  /** Writes one byte. */
  public void writeByte(long address, byte value) {
    long offset = address - base;
    byte[] array = arrayForWrite(offset);
    array[indexIn(array, offset)] = value;
  }

  /** Reads a 4-byte word. */
  public int readInt(long address) {
    long offset = address - base;
    if (((int) offset & PAGE_MASK) <= PAGE_SIZE - 4) {
      byte[] array = arrayForRead(offset);
      return array == null ? 0 : (int) INT.get(array, indexIn(array, offset));
    }
    return (int) readSlow(address, 4);
  }

  /** Writes a 4-byte word. */
  public void writeInt(long address, int value) {
    long offset = address - base;
    if (((int) offset & PAGE_MASK) <= PAGE_SIZE - 4) {
      byte[] array = arrayForWrite(offset);
      INT.set(array, indexIn(array, offset), value);
    } else {
      writeSlow(address, value, 4);
    }
  }

  /** Reads an 8-byte word. */
  public long readLong(long address) {
    long offset = address - base;
    if (((int) offset & PAGE_MASK) <= PAGE_SIZE - 8) {
      byte[] array = arrayForRead(offset);
      return array == null ? 0 : (long) LONG.get(array, indexIn(array, offset));
    }
    return readSlow(address, 8);
  }

  /** Writes an 8-byte word. */
  public void writeLong(long address, long value) {
    long offset = address - base;
    if (((int) offset & PAGE_MASK) <= PAGE_SIZE - 8) {
      byte[] array = arrayForWrite(offset);
      LONG.set(array, indexIn(array, offset), value);
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
      byte[] array = arrayForRead(offset + done);
      if (array == null) {
        Arrays.fill(target, targetOffset + done, targetOffset + done + n, (byte) 0);
      } else {
        System.arraycopy(array, indexIn(array, offset + done), target, targetOffset + done, n);
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
      byte[] array = arrayForWrite(offset + done);
      System.arraycopy(source, sourceOffset + done, array, indexIn(array, offset + done), n);
      done += n;
    }
  }

  /**
   * Sets {@code length} bytes starting at {@code address} to {@code value}. Whole pages outside
   * slabs become shared uniform pages (or, for zeros, no page at all), so a fill makes arrays only
   * for the partial pages at its ends: filling a block of any size cannot run the JVM out of
   * memory.
   */
  public void fill(long address, long length, byte value) {
    long offset = address - base;
    long done = 0;
    while (done < length) {
      int inPage = (int) (offset + done) & PAGE_MASK;
      int n = (int) Math.min(length - done, PAGE_SIZE - inPage);
      byte[] slab = slabAt(offset + done);
      if (slab != null) {
        int from = indexIn(slab, offset + done);
        Arrays.fill(slab, from, from + n, value);
      } else if (n == PAGE_SIZE) {
        setUniform(offset + done, value);
      } else {
        // Zeros need no page where there is none; anywhere else, a page of our own.
        if (value != 0 || pageForRead(offset + done) != null) {
          // The page, or the slab that making it made.
          byte[] array = pageForWrite(offset + done);
          int from = indexIn(array, offset + done);
          Arrays.fill(array, from, from + n, value);
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
     * Receives one page that holds a byte other than zero.
     *
     * @param address the page's first address
     * @param bytes the page's bytes; must not be modified
     */
    void visit(long address, byte[] bytes);
  }

  /**
   * Visits, in address order, every page that holds a byte other than zero: the same pages
   * whether a region keeps them in pages or in slabs, or has made a page of zeros.
   */
  public void forEachPage(PageVisitor visitor) {
    byte[] copy = new byte[PAGE_SIZE];
    for (int c = 0; c < directory.length; c++) {
      byte[][] chunk = directory[c];
      long firstPage = (long) c << PAGES_PER_CHUNK_SHIFT;
      if (chunk == null && !slabsOverlap(firstPage, firstPage + PAGES_PER_CHUNK_MASK)) {
        continue;
      }
      for (int p = 0; p <= PAGES_PER_CHUNK_MASK; p++) {
        long offset = (firstPage + p) << PAGE_SHIFT;
        byte[] slab = slabAt(offset);
        if (slab != null) {
          int from = indexIn(slab, offset);
          if (!isZero(slab, from)) {
            System.arraycopy(slab, from, copy, 0, PAGE_SIZE);
            visitor.visit(base + offset, copy);
          }
        } else if (chunk != null && chunk[p] != null && !isZero(chunk[p], 0)) {
          visitor.visit(base + offset, chunk[p]);
        }
      }
    }
  }

  private boolean slabsOverlap(long firstPage, long lastPage) {
    for (long slab = firstPage / SLAB_PAGES; slab <= lastPage / SLAB_PAGES; slab++) {
      if (slab < slabs.length && slabs[(int) slab] != null) {
        return true;
      }
    }
    return false;
  }
}
