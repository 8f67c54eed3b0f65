package io.github.memsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Paged memory against a plain map of bytes: random writes of every width (across page and slab
 * boundaries too), bulk writes, fills and copies, snapshots and restores, with reads and the
 * page walk compared after every step. The regions under test turn a range into a slab when it
 * holds a few pages, so that pages, slabs, uniform pages and snapshots meet.
 */
class PagedMemoryTest {
  private static final long BASE = 0x10000;
  private static final int PAGE = PagedMemory.PAGE_SIZE;
  private static final long SLAB = (long) PagedMemory.SLAB_PAGES * PAGE;
  /** Three slabs and a little: the last one is partial. */
  private static final long CAPACITY = 3 * SLAB + 5 * PAGE;

  /** The reference: the bytes that are not zero. */
  private static final class Reference {
    final Map<Long, Byte> bytes;

    Reference(Map<Long, Byte> bytes) {
      this.bytes = bytes;
    }

    byte get(long address) {
      return bytes.getOrDefault(address, (byte) 0);
    }

    void set(long address, byte value) {
      if (value == 0) {
        bytes.remove(address);
      } else {
        bytes.put(address, value);
      }
    }

    long read(long address, int width) {
      long value = 0;
      for (int i = width - 1; i >= 0; i--) {
        value = (value << 8) | (get(address + i) & 0xFF);
      }
      return value;
    }

    void write(long address, long value, int width) {
      for (int i = 0; i < width; i++) {
        set(address + i, (byte) (value >>> (8 * i)));
      }
    }

    Reference copy() {
      return new Reference(new HashMap<>(bytes));
    }
  }

  @Test
  void behavesAsAMapOfBytesThroughPagesSlabsAndSnapshots() {
    qt().withExamples(120).withShrinkCycles(20)
        .forAll(longs().all(), integers().between(1, 120), integers().between(-1, 6))
        .checkAssert(this::check);
  }

  /**
   * Runs {@code steps} random steps on a region whose ranges become slabs when they hold
   * {@code densityPages} pages (never, for -1), checking it against the reference.
   */
  private void check(long seed, int steps, int densityPages) {
    SplittableRandom random = new SplittableRandom(seed);
    PagedMemory memory = new PagedMemory(BASE, CAPACITY, densityPages);
    Reference reference = new Reference(new HashMap<>());
    List<PagedMemory.Snapshot> snapshots = new ArrayList<>();
    List<Reference> states = new ArrayList<>();
    // A few places to come back to, so that writes meet: slab and page edges among them.
    long[] hot = {0, PAGE - 3, SLAB - 5, SLAB + PAGE * 7, 2 * SLAB - 2, 3 * SLAB + 2 * PAGE,
        random.nextLong(CAPACITY - 64)};
    for (int step = 0; step < steps; step++) {
      long at = BASE + Math.min(CAPACITY - 64,
          hot[random.nextInt(hot.length)] + random.nextInt(3 * PAGE) - PAGE);
      at = Math.max(BASE, at);
      String what;
      switch (random.nextInt(10)) {
        case 0, 1, 2 -> {
          int width = new int[] {1, 4, 8}[random.nextInt(3)];
          long value = random.nextLong();
          what = "write" + width;
          if (width == 1) {
            memory.writeByte(at, (byte) value);
          } else if (width == 4) {
            memory.writeInt(at, (int) value);
          } else {
            memory.writeLong(at, value);
          }
          reference.write(at, value, width);
        }
        case 3 -> {
          byte[] source = new byte[random.nextInt(2 * PAGE)];
          for (int i = 0; i < source.length; i++) {
            source[i] = (byte) random.nextInt(3);
          }
          what = "write " + source.length;
          int length = Math.min(source.length, (int) (BASE + CAPACITY - at));
          memory.write(at, source, 0, length);
          for (int i = 0; i < length; i++) {
            reference.set(at + i, source[i]);
          }
        }
        case 4 -> {
          long length = Math.min(random.nextInt(3 * PAGE), BASE + CAPACITY - at);
          byte value = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
          what = "fill " + length + " with " + value;
          memory.fill(at, length, value);
          for (long i = 0; i < length; i++) {
            reference.set(at + i, value);
          }
        }
        case 5 -> {
          long to = BASE + Math.min(CAPACITY - 64, hot[random.nextInt(hot.length)]);
          long length = Math.min(random.nextInt(2 * PAGE), Math.min(BASE + CAPACITY - at,
              BASE + CAPACITY - to));
          if (Math.abs(to - at) < length) {
            length = Math.abs(to - at); // copies are between distinct blocks, never overlapping
          }
          what = "copy " + length + " from " + Long.toHexString(at) + " to "
              + Long.toHexString(to);
          PagedMemory.copy(memory, at, memory, to, length);
          Reference before = reference.copy();
          for (long i = 0; i < length; i++) {
            reference.set(to + i, before.get(at + i));
          }
        }
        case 6 -> {
          what = "snapshot";
          snapshots.add(memory.snapshot());
          states.add(reference.copy());
        }
        case 7 -> {
          if (snapshots.isEmpty()) {
            what = "nothing";
          } else {
            int which = random.nextInt(snapshots.size());
            what = "restore " + which;
            memory.restore(snapshots.get(which));
            reference = states.get(which).copy();
          }
        }
        default -> {
          int width = new int[] {1, 4, 8}[random.nextInt(3)];
          what = "read" + width;
          long read = width == 1 ? memory.readByte(at) & 0xFF
              : width == 4 ? memory.readInt(at) & 0xFFFF_FFFFL : memory.readLong(at);
          assertThat(read).as("%s at %x", what, at).isEqualTo(reference.read(at, width));
        }
      }
      if (what.startsWith("restore") || step % 16 == 15) {
        assertSameBytes(memory, reference, "after step " + step + ": " + what);
      } else {
        assertSameWindow(memory, reference, at, "after step " + step + ": " + what);
      }
    }
    assertSameBytes(memory, reference, "at the end");
  }

  /** Compares the bytes around {@code at}, where the step acted. */
  private static void assertSameWindow(PagedMemory memory, Reference reference, long at,
      String when) {
    long from = Math.max(BASE, at - 16);
    long to = Math.min(BASE + CAPACITY, at + 3 * PAGE);
    for (long address = from; address < to; address++) {
      assertThat(memory.readByte(address)).as("%s: byte at %x", when, address)
          .isEqualTo(reference.get(address));
    }
  }

  /** Compares every nonzero byte, some zero ones, and the page walk with the reference. */
  private static void assertSameBytes(PagedMemory memory, Reference reference, String when) {
    for (Map.Entry<Long, Byte> entry : reference.bytes.entrySet()) {
      assertThat(memory.readByte(entry.getKey())).as("%s: byte at %x", when, entry.getKey())
          .isEqualTo(entry.getValue());
    }
    TreeMap<Long, byte[]> expected = new TreeMap<>();
    for (Map.Entry<Long, Byte> entry : reference.bytes.entrySet()) {
      long page = BASE + ((entry.getKey() - BASE) & -PAGE);
      expected.computeIfAbsent(page, p -> new byte[PAGE])[(int) (entry.getKey() - page)] =
          entry.getValue();
    }
    TreeMap<Long, byte[]> walked = new TreeMap<>();
    List<Long> order = new ArrayList<>();
    memory.forEachPage((address, bytes) -> {
      walked.put(address, bytes.clone());
      order.add(address);
    });
    assertThat(order).as("%s: pages walked in address order", when).isSorted();
    assertThat(walked.keySet()).as("%s: pages walked", when).isEqualTo(expected.keySet());
    for (Map.Entry<Long, byte[]> page : expected.entrySet()) {
      assertThat(walked.get(page.getKey())).as("%s: page at %x", when, page.getKey())
          .isEqualTo(page.getValue());
    }
  }

  @Test
  void aLargeRegionMovesIntoSlabsAndBackIntoPagesAtASnapshot() {
    PagedMemory memory = new PagedMemory(BASE, CAPACITY);
    // One word into every page of the first range and a few of the next: the first range comes
    // to hold half its pages and moves into a slab.
    long pages = PagedMemory.SLAB_PAGES + 10;
    for (long page = 0; page < pages; page++) {
      memory.writeLong(BASE + page * PAGE + 8, page + 1);
      if (page == PagedMemory.SLAB_DENSITY - 2) {
        assertThat(memory.slabBytes()).as("one page short of half the range").isZero();
      }
    }
    // The first range filled, the first page of the next made its slab: a heap growing up.
    assertThat(memory.slabBytes()).isEqualTo(2 * SLAB);
    memory.writeLong(BASE + 2 * SLAB + 16, -1L);
    // The second range holds 10 pages: the third does not follow it into a slab.
    assertThat(memory.slabBytes()).isEqualTo(2 * SLAB);
    for (long page = 0; page < pages; page++) {
      assertThat(memory.readLong(BASE + page * PAGE + 8)).isEqualTo(page + 1);
    }
    PagedMemory.Snapshot snapshot = memory.snapshot();
    memory.writeLong(BASE + 8, 99);
    memory.writeLong(BASE + 2 * SLAB + 16, 7);
    assertThat(memory.readLong(BASE + 8)).isEqualTo(99);
    memory.restore(snapshot);
    assertThat(memory.readLong(BASE + 8)).isEqualTo(1);
    assertThat(memory.readLong(BASE + 2 * SLAB + 16)).isEqualTo(-1L);
    assertThat(memory.readLong(BASE + (pages - 1) * PAGE + 8)).isEqualTo(pages);
    long[] walked = new long[1];
    memory.forEachPage((address, bytes) -> walked[0]++);
    assertThat(walked[0]).isEqualTo(pages + 1);
  }

  @Test
  void aSparseRegionStaysInPages() {
    // A heap of huge blocks: a page or two of tags in each range, over more pages than one slab
    // holds. Slabs here would take 16 MiB for every 8 KiB written.
    long capacity = 1L << 40;
    PagedMemory memory = new PagedMemory(BASE, capacity);
    long ranges = 2 * PagedMemory.SLAB_PAGES;
    for (long range = 0; range < ranges; range++) {
      memory.writeLong(BASE + range * SLAB + 8, range);
      memory.writeLong(BASE + range * SLAB + 5 * PAGE, ~range);
    }
    assertThat(memory.slabBytes()).isZero();
    assertThat(memory.readLong(BASE + 77 * SLAB + 5 * PAGE)).isEqualTo(~77L);
  }

  @Test
  void refusesASnapshotOfAnotherRegion() {
    PagedMemory one = new PagedMemory(BASE, CAPACITY);
    PagedMemory other = new PagedMemory(BASE, CAPACITY);
    one.writeLong(BASE, 5);
    PagedMemory.Snapshot snapshot = other.snapshot();
    assertThatThrownBy(() -> one.restore(snapshot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a snapshot of another region");
    assertThat(one.readLong(BASE)).isEqualTo(5);
  }
}
