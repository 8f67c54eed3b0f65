package io.github.memsim;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A read-only snapshot of the whole heap in address order, from its base to its break: every
 * block the allocator's walk shows, free ones included, the bookkeeping around them (padding,
 * prologue, epilogue), the byte ranges of each block's header and footer, and the provenance of
 * each live block. Made by {@link Heap#map()}; {@link #toString()} is the text of
 * {@link Heap#describe()}.
 *
 * <p>Any allocator takes part through its {@link Allocator#walk walk}; bytes that the walk does
 * not cover are shown as bookkeeping, named after the {@link BlockLayout} where they match it.
 */
public final class HeapMap {
  /** What a stretch of the heap is. */
  public enum State {
    /** A block in use: a live block of the model (or, in a damaged heap, tags that say so). */
    ALLOCATED,
    /** A free block (for an arena, also a released block that is not reused before a reset). */
    FREE,
    /** The allocator's own structure outside any block: padding, prologue, epilogue. */
    BOOKKEEPING
  }

  /**
   * One stretch of the heap.
   *
   * @param address its first byte: a block's header address
   * @param size its size in bytes, tags included
   * @param state what it is
   * @param role {@code block} for allocated and free blocks; {@code padding}, {@code prologue},
   *     {@code epilogue} or {@code bookkeeping} otherwise
   * @param headerBytes the size of its header tag (0 for bookkeeping that has none)
   * @param footerBytes the size of its footer tag (0 if none)
   * @param block the live block's provenance, for an allocated block the model knows
   */
  public record Entry(long address, long size, State state, String role, int headerBytes,
      int footerBytes, Optional<HeapBlock> block) {
    /**
     * Checks the components.
     *
     * @param address its first byte
     * @param size its size in bytes
     * @param state what it is
     * @param role its role
     * @param headerBytes header size
     * @param footerBytes footer size
     * @param block the live block, if any
     */
    public Entry {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(block, "block");
    }

    /** {@return the address one past its last byte} */
    public long end() {
      return address + size;
    }

    /** {@return where the payload starts: just after the header} */
    public long payloadAddress() {
      return address + headerBytes;
    }

    /** {@return the address one past the header: the header is {@code [address, headerEnd)}} */
    public long headerEnd() {
      return address + headerBytes;
    }

    /** {@return the footer's first byte: the footer is {@code [footerStart, end)}} */
    public long footerStart() {
      return end() - footerBytes;
    }
  }

  private final String allocatorName;
  private final BlockLayout layout;
  private final long base;
  private final long end;
  private final long limit;
  private final List<Entry> entries;
  private final String corruption;

  private HeapMap(String allocatorName, BlockLayout layout, long base, long end, long limit,
      List<Entry> entries, String corruption) {
    this.allocatorName = allocatorName;
    this.layout = layout;
    this.base = base;
    this.end = end;
    this.limit = limit;
    this.entries = Collections.unmodifiableList(entries);
    this.corruption = corruption;
  }

  /** Walks the allocator's blocks; called by the heap with the lock held. */
  static HeapMap of(Heap heap, Allocator allocator, LongFunction<Block> live,
      Function<Block, HeapBlock> snapshot) {
    BlockLayout layout = allocator.layout();
    long base = heap.segment().base();
    long end = heap.segment().end();
    List<Entry> blocks = new ArrayList<>();
    String corruption = null;
    try {
      allocator.walk((address, size, payload, allocated) -> {
        Block block = allocated ? live.apply(payload) : null;
        blocks.add(new Entry(address, size, allocated ? State.ALLOCATED : State.FREE, "block",
            (int) (payload - address), layout.footerBytes(),
            Optional.ofNullable(block).map(snapshot)));
      });
    } catch (HeapCorruptionException e) {
      corruption = e.getMessage();
    }
    List<Entry> entries = new ArrayList<>(blocks.size() + 3);
    long first = blocks.isEmpty() ? end - layout.headerBytes() : blocks.get(0).address();
    long prologue = base + layout.paddingBytes();
    if (first == prologue + layout.prologueBytes() && first <= end) {
      if (layout.paddingBytes() > 0) {
        entries.add(bookkeeping(base, layout.paddingBytes(), "padding", 0, 0));
      }
      entries.add(bookkeeping(prologue, layout.prologueBytes(), "prologue",
          layout.headerBytes(), layout.footerBytes()));
    } else if (first > base && first <= end) {
      entries.add(bookkeeping(base, first - base, "bookkeeping", 0, 0));
    }
    entries.addAll(blocks);
    if (corruption == null) {
      long last = blocks.isEmpty() ? first : blocks.get(blocks.size() - 1).end();
      if (last < end) {
        boolean epilogue = end - last == layout.headerBytes();
        entries.add(bookkeeping(last, end - last, epilogue ? "epilogue" : "bookkeeping",
            epilogue ? layout.headerBytes() : 0, 0));
      }
    }
    return new HeapMap(allocator.name(), layout, base, end, heap.segment().limit(), entries,
        corruption);
  }

  private static Entry bookkeeping(long address, long size, String role, int header,
      int footer) {
    return new Entry(address, size, State.BOOKKEEPING, role, header, footer, Optional.empty());
  }

  /** {@return the allocation strategy's name} */
  public String allocatorName() {
    return allocatorName;
  }

  /** {@return the block format} */
  public BlockLayout layout() {
    return layout;
  }

  /** {@return the heap's first address} */
  public long base() {
    return base;
  }

  /** {@return the heap's break: one past its last byte} */
  public long end() {
    return end;
  }

  /** {@return how far the heap may grow, in bytes} */
  public long limit() {
    return limit;
  }

  /** {@return every stretch of the heap in address order} */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the entries in one state.
   *
   * @param state the state wanted
   * @return those entries, in address order
   */
  public List<Entry> entries(State state) {
    List<Entry> selected = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.state() == state) {
        selected.add(entry);
      }
    }
    return Collections.unmodifiableList(selected);
  }

  /**
   * {@return why the walk stopped early, if the allocator's tags are damaged; the entries then
   * end where it stopped}
   */
  public Optional<String> corruption() {
    return Optional.ofNullable(corruption);
  }

  /**
   * {@return the map for people, one line per entry:}
   *
   * <pre>
   * heap 0x10000..0x11020 (4128 bytes of 16777216), allocator first-fit, layout default
   *   0x10000             8 bytes  padding
   *   0x10008            16 bytes  prologue
   *   0x10018            48 bytes  block #1, 24 bytes at 0x10020, allocated by main at op 1
   *   0x10048          4048 bytes  free
   *   0x11018             8 bytes  epilogue
   * </pre>
   */
  /** Heap entries up to which {@link Heap#describe()} lists every entry; past it, a text map. */
  public static final int LISTED_ENTRIES = 64;

  /**
   * {@return a compact picture of the heap for terminals: rows of {@code columns} cells, each
   * cell an equal share of the heap's bytes ({@code #} all allocated, {@code +} partly
   * allocated, {@code .} free, {@code =} the allocator's own bookkeeping), each row led by the
   * address of its first byte, at most {@code rows} rows, then a legend line}
   *
   * @param columns cells per row, 8 to 256
   * @param rows the most rows, 1 to 256
   */
  public String textMap(int columns, int rows) {
    if (columns < 8 || columns > 256 || rows < 1 || rows > 256) {
      throw new IllegalArgumentException("a text map has 8 to 256 columns and 1 to 256 rows, not "
          + columns + " and " + rows);
    }
    long span = Math.max(1, end - base);
    long cells = (long) columns * rows;
    long perCell = Math.max(1, (span + cells - 1) / cells);
    if (perCell > 8) {
      perCell = (perCell + 7) & ~7L;
    }
    int used = (int) ((span + perCell - 1) / perCell);
    long[] allocated = new long[used];
    long[] free = new long[used];
    long[] kept = new long[used];
    for (Entry entry : entries) {
      long[] into = entry.state() == State.ALLOCATED ? allocated
          : entry.state() == State.FREE ? free : kept;
      long from = entry.address() - base;
      long to = Math.min(entry.end() - base, span);
      for (long cell = from / perCell; cell < used && cell * perCell < to; cell++) {
        long start = Math.max(from, cell * perCell);
        long stop = Math.min(to, (cell + 1) * perCell);
        into[(int) cell] += stop - start;
      }
    }
    StringBuilder out = new StringBuilder();
    String newline = System.lineSeparator();
    for (int cell = 0; cell < used; cell++) {
      if (cell % columns == 0) {
        if (cell > 0) {
          out.append(newline);
        }
        out.append(String.format(Locale.ROOT, "  %-12s ", Text.hex(base + cell * perCell)));
      }
      char c;
      if (allocated[cell] > 0) {
        c = free[cell] == 0 && kept[cell] == 0 ? '#' : '+';
      } else if (free[cell] > 0) {
        c = '.';
      } else {
        c = '=';
      }
      out.append(c);
    }
    out.append(newline).append("  one cell = ").append(Text.bytes(perCell))
        .append(": # allocated, + partly allocated, . free, = bookkeeping").append(newline);
    return out.toString();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    String newline = System.lineSeparator();
    out.append(String.format(Locale.ROOT, "heap %s..%s (%d bytes of %d), allocator %s, layout %s",
        Text.hex(base), Text.hex(end), end - base, limit, allocatorName, layout.name()))
        .append(newline);
    if (entries.size() > LISTED_ENTRIES) {
      long allocatedBlocks = 0;
      long allocatedBytes = 0;
      long freeBlocks = 0;
      long freeBytes = 0;
      for (Entry entry : entries) {
        if (entry.state() == State.ALLOCATED) {
          allocatedBlocks++;
          allocatedBytes += entry.size();
        } else if (entry.state() == State.FREE) {
          freeBlocks++;
          freeBytes += entry.size();
        }
      }
      out.append(String.format(Locale.ROOT, "  %d entries: %d allocated blocks (%d bytes with"
          + " tags), %d free blocks (%d bytes); too many to list, so a map:", entries.size(),
          allocatedBlocks, allocatedBytes, freeBlocks, freeBytes)).append(newline);
      out.append(textMap(64, 16));
      if (corruption != null) {
        out.append("  (the walk stops here: ").append(corruption).append(')').append(newline);
      }
      return out.toString();
    }
    for (Entry entry : entries) {
      out.append(String.format(Locale.ROOT, "  %-12s %8d bytes  ", Text.hex(entry.address()),
          entry.size()));
      if (entry.state() == State.BOOKKEEPING) {
        out.append(entry.role());
      } else if (entry.block().isPresent()) {
        HeapBlock block = entry.block().get();
        out.append(Phrases.heapMapBlock(block));
      } else {
        out.append(entry.state() == State.ALLOCATED ? "allocated" : "free");
      }
      out.append(newline);
    }
    if (corruption != null) {
      out.append("  (the walk stops here: ").append(corruption).append(')').append(newline);
    }
    return out.toString();
  }
}
