package io.github.memsim.concurrent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The race detector's shadow memory: the history of every byte accessed, in pages of flat
 * arrays, after FastTrack.
 *
 * <p>A page covers 4 KiB of simulated addresses; pages sit in regions of 4,096 pages (16 MiB),
 * found by region number. Per page:
 * <pre>
 *   words    one slot per 8-byte word while its 8 bytes share one history
 *   bytes    per word, 8 slots once an access covered part of it (null while they agree)
 *   released per byte, the clock of the last atomic store to it (made at the first one)
 *   racy     one bit per byte at which a race was found (made at the first race)
 * </pre>
 * A slot ({@link Slots}) holds the writes and the reads that no later write is ordered after,
 * each as an epoch ({@link HappensBefore#epoch}) and the op that made it.
 */
final class ShadowMemory {
  /** The bytes of a page: 4 KiB of simulated addresses, 512 words of 8 bytes. */
  static final int PAGE_BITS = 12;
  static final int PAGE_SIZE = 1 << PAGE_BITS;
  static final int PAGE_MASK = PAGE_SIZE - 1;
  static final int WORDS_PER_PAGE = PAGE_SIZE / 8;
  private static final int REGION_BITS = 12;

  /** An epoch slot that holds two or more accesses, kept in a {@code more} array. */
  static final long MANY = -1L;

  /**
   * Histories in flat arrays: per slot, the writes and the reads that no later write is ordered
   * after, each kept as an epoch (0 for none) and the op that made it. A single last write and
   * one read per thread suffice for plain accesses (a write unordered with an earlier one is
   * itself a race), but two atomic accesses never race, so an atomic write must not hide an
   * earlier access that is still unordered with what comes next: a slot with two or more
   * accesses holds {@link #MANY} and, in {@code writesMore} or {@code readsMore}, an immutable
   * array of epoch and op pairs.
   */
  static final class Slots {
    /** Per slot, four longs side by side: write epoch, its op, read epoch, its op. */
    final long[] data;
    long[][] writesMore;
    long[][] readsMore;

    Slots(int size) {
      data = new long[4 * size];
    }

    long write(int i) {
      return data[4 * i];
    }

    long writeOp(int i) {
      return data[4 * i + 1];
    }

    long read(int i) {
      return data[4 * i + 2];
    }

    long readOp(int i) {
      return data[4 * i + 3];
    }

    boolean isEmpty(int i) {
      return write(i) == 0 && read(i) == 0;
    }

    boolean same(int i, Slots other, int j) {
      return write(i) == other.write(j) && writeOp(i) == other.writeOp(j)
          && read(i) == other.read(j) && readOp(i) == other.readOp(j)
          && (write(i) != MANY || writesMore[i] == other.writesMore[j])
          && (read(i) != MANY || readsMore[i] == other.readsMore[j]);
    }

    void copy(int i, Slots from, int j) {
      set(i, true, from.write(j), from.writeOp(j),
          from.write(j) == MANY ? from.writesMore[j] : null);
      set(i, false, from.read(j), from.readOp(j),
          from.read(j) == MANY ? from.readsMore[j] : null);
    }

    void clear(int i) {
      set(i, true, 0, 0, null);
      set(i, false, 0, 0, null);
    }

    void set(int i, boolean write, long epoch, long op, long[] more) {
      int at = 4 * i + (write ? 0 : 2);
      data[at] = epoch;
      data[at + 1] = op;
      if (write) {
        if (more != null || writesMore != null) {
          if (writesMore == null) {
            writesMore = new long[data.length / 4][];
          }
          writesMore[i] = more;
        }
      } else if (more != null || readsMore != null) {
        if (readsMore == null) {
          readsMore = new long[data.length / 4][];
        }
        readsMore[i] = more;
      }
    }
  }

  /**
   * The history of a page's bytes: one slot per 8-byte word while the word's bytes share one
   * history, as they do when the program accesses whole words; slots per byte for a word whose
   * bytes differ (made when an access covers part of it, dropped when its bytes agree again).
   */
  static final class Page {
    final Slots words = new Slots(WORDS_PER_PAGE);
    /** Per word, the slots of its 8 bytes when they differ, else null; made at the first. */
    Slots[] bytes;
    /** Per byte, the clock of the last atomic store to it, or null; made at the first one. */
    int[][] released;
    /** The bytes at which a race was found, one bit each; made at the first race. */
    long[] racy;

    /** {@return the slots of a word's bytes, made from the word's history if need be} */
    Slots split(int word) {
      if (bytes == null) {
        bytes = new Slots[WORDS_PER_PAGE];
      }
      Slots split = bytes[word];
      if (split == null) {
        split = new Slots(8);
        for (int b = 0; b < 8; b++) {
          split.copy(b, words, word);
        }
        bytes[word] = split;
      }
      return split;
    }

    /** Makes a word one slot again if its bytes agree. */
    void mergeIfSame(int word) {
      Slots split = bytes[word];
      for (int b = 1; b < 8; b++) {
        if (!split.same(b, split, 0)) {
          return;
        }
      }
      words.copy(word, split, 0);
      bytes[word] = null;
    }

    /** Marks {@code count} bytes from {@code index} as racy. */
    void markRacy(int index, int count) {
      if (racy == null) {
        racy = new long[PAGE_SIZE / 64];
      }
      if (count == 8 && (index & 7) == 0) { // a word's slot: its bits in one long, at once
        racy[index >>> 6] |= 0xFFL << (index & 63);
        return;
      }
      for (int i = index; i < index + count; i++) {
        racy[i >>> 6] |= 1L << i;
      }
    }
  }

  /** The pages, in regions of 4,096 pages (16 MiB) by region number. */
  private final Map<Long, Page[]> regions = new HashMap<>();
  private long lastRegionNumber = Long.MIN_VALUE;
  private Page[] lastRegion;

  /** {@return the page holding a byte's history}, made if {@code make}, else null if none. */
  Page page(long address, boolean make) {
    long number = address >>> (PAGE_BITS + REGION_BITS);
    Page[] region = lastRegion;
    if (number != lastRegionNumber) {
      region = regions.get(number);
      if (region == null) {
        if (!make) {
          return null;
        }
        region = new Page[1 << REGION_BITS];
        regions.put(number, region);
      }
      lastRegionNumber = number;
      lastRegion = region;
    }
    int index = (int) (address >>> PAGE_BITS) & ((1 << REGION_BITS) - 1);
    Page page = region[index];
    if (page == null && make) {
      page = new Page();
      region[index] = page;
    }
    return page;
  }

  /** Forgets the history of a range of bytes: they start fresh. */
  void forget(long address, long length) {
    long end = address + length;
    for (long a = address; a < end; ) {
      long wordEnd = Math.min(end, (a | 7) + 1);
      Page page = page(a, false);
      if (page == null) {
        a = Math.min(end, (a | PAGE_MASK) + 1);
        continue;
      }
      int index = (int) a & PAGE_MASK;
      int word = index >>> 3;
      Slots split = page.bytes == null ? null : page.bytes[word];
      if (wordEnd - a == 8) {
        page.words.clear(word);
        if (split != null) {
          page.bytes[word] = null;
        }
      } else if (split != null || !page.words.isEmpty(word)) {
        split = page.split(word);
        for (long b = a; b < wordEnd; b++) {
          split.clear((int) b & 7);
        }
        page.mergeIfSame(word);
      }
      if (page.released != null) {
        Arrays.fill(page.released, index, index + (int) (wordEnd - a), null);
      }
      a = wordEnd;
    }
  }

  /** Records the clock an atomic store releases at each of its bytes (one shared snapshot). */
  void release(long address, long length, int[] snapshot) {
    long end = address + length;
    for (long a = address; a < end; ) {
      Page page = page(a, true);
      long pageEnd = Math.min(end, (a | PAGE_MASK) + 1);
      if (page.released == null) {
        page.released = new int[PAGE_SIZE][];
      }
      int from = (int) a & PAGE_MASK;
      Arrays.fill(page.released, from, from + (int) (pageEnd - a), snapshot);
      a = pageEnd;
    }
  }

  /**
   * {@return the clocks released at a range's bytes, each once, in address order; none if no
   * atomic store ever touched their pages} (the common case, found a page at a time)
   */
  int[][] releasedIn(long address, long length) {
    int[][] found = NONE;
    int count = 0;
    long end = address + length;
    for (long a = address; a < end; ) {
      Page page = page(a, false);
      long pageEnd = Math.min(end, (a | PAGE_MASK) + 1);
      if (page != null && page.released != null) {
        for (long b = a; b < pageEnd; b++) {
          int[] clock = page.released[(int) b & PAGE_MASK];
          if (clock != null && (count == 0 || found[count - 1] != clock)) {
            if (count == found.length) {
              found = Arrays.copyOf(found, Math.max(2, 2 * count));
            }
            found[count++] = clock; // the bytes of one store share its snapshot
          }
        }
      }
      a = pageEnd;
    }
    return count == found.length ? found : Arrays.copyOf(found, count);
  }

  private static final int[][] NONE = new int[0][];

  /** {@return every byte at which a race was found} */
  Set<Long> racyBytes() {
    Set<Long> bytes = new TreeSet<>();
    regions.forEach((number, region) -> {
      for (int p = 0; p < region.length; p++) {
        Page page = region[p];
        if (page != null && page.racy != null) {
          for (int i = 0; i < PAGE_SIZE; i++) {
            if ((page.racy[i >>> 6] & (1L << i)) != 0) {
              bytes.add((((number << REGION_BITS) + p) << PAGE_BITS) + i);
            }
          }
        }
      }
    });
    return bytes;
  }
}
