package io.github.memsim.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live blocks of a recorded program by address, turned into a trace's numbered blocks: an
 * importer reports the calls the program made on addresses, and the book writes operations on
 * ids. A freed id is given to the next allocation (last freed, first reused), so a trace's ids,
 * like a replay's memory, grow with the peak of live blocks and never with the calls.
 *
 * <p>What has no place in a trace is counted, not written: {@code free(NULL)}, calls that
 * failed (a NULL result), and frees of addresses the book never saw allocated (blocks from
 * before the recording started). The counts become the trace's metadata.
 *
 * <p>For a recording with real addresses, the book also finds what the real allocator did at
 * the program's peak of live bytes (see {@link #spanAt(long)}).
 */
final class AddressBook {
  /** Receives the operations. */
  interface Sink {
    void op(Trace.Kind kind, int id, long size, long alignment, int site) throws IOException;
  }

  /** A gap between live blocks larger than this parts two regions of the address span. */
  static final long REGION_GAP = 1 << 20;

  private final String file;
  private final Sink sink;
  /** A live block: its id, the recording's line that made it, its size. */
  private record Block(int id, int line, long size) {}

  private final Map<Long, Block> live = new HashMap<>();
  /** Live blocks by address, kept only when a span is wanted. */
  private final TreeMap<Long, Long> byAddress;
  private int[] recycled = new int[64];
  private int recycledCount;
  private int nextId;
  private long operations;
  private long liveBytes;
  private long peakLiveBytes;
  private long peakOperation = -1;
  private final long spanOperation;
  private long span = -1;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<List<String>> sites = new ArrayList<>();
  private final Map<List<String>, Integer> siteNumbers = new HashMap<>();

  /**
   * Creates a book.
   *
   * @param file the recording's name, for messages
   * @param sink where operations go
   * @param spanOperation the operation after which to measure the real allocator's span, or -1
   */
  AddressBook(String file, Sink sink, long spanOperation) {
    this.file = file;
    this.sink = sink;
    this.spanOperation = spanOperation;
    this.byAddress = spanOperation >= 0 ? new TreeMap<>() : null;
  }

  /** {@return the number of a site, defining it when it is new} */
  int site(List<String> functions) {
    Integer number = siteNumbers.get(functions);
    if (number == null) {
      List<String> copy = List.copyOf(functions);
      sites.add(copy);
      number = sites.size();
      siteNumbers.put(copy, number);
    }
    return number;
  }

  List<List<String>> sites() {
    return sites;
  }

  /** Counts something that has no place in a trace. */
  void count(String what) {
    counts.merge(what, 1L, Long::sum);
  }

  /** {@return the counts, by what was counted, in the order first seen} */
  Map<String, Long> counts() {
    return counts;
  }

  /**
   * A block allocated, as by malloc, calloc, memalign or new.
   *
   * @param address its address; 0 when the call failed
   * @param size the bytes asked for
   * @param alignment the alignment asked for, or 0
   * @param site its site, or 0
   * @param line the recording's line, for messages
   */
  void malloc(long address, long size, long alignment, int site, int line) throws IOException {
    if (address == 0) {
      count("failed-calls");
      return;
    }
    int id = recycledCount > 0 ? recycled[--recycledCount] : nextId++;
    add(address, id, size, line);
    emit(Trace.Kind.ALLOC, id, size, alignment, site);
  }

  /**
   * A block freed.
   *
   * @param address its address; 0 for free(NULL)
   * @param line the recording's line
   */
  void free(long address, int line) throws IOException {
    if (address == 0) {
      count("free-null");
      return;
    }
    Block block = remove(address);
    if (block == null) {
      count("unknown-frees");
      return;
    }
    emit(Trace.Kind.FREE, block.id(), 0, 0, 0);
    recycle(block.id());
  }

  /**
   * A realloc.
   *
   * @param old the block's address, 0 for realloc(NULL, size)
   * @param address the result; 0 when it failed or freed the block
   * @param size the bytes asked for
   * @param site its site, or 0
   * @param line the recording's line
   */
  void realloc(long old, long address, long size, int site, int line) throws IOException {
    if (old == 0) {
      if (address == 0) {
        count("failed-calls");
        return;
      }
      // realloc(NULL, n) is the malloc it is: a trace's 'r' of an id freed before (as a reused
      // id may be) would be refused, and a fresh id each time would let ids grow with calls.
      malloc(address, size, 0, site, line);
      return;
    }
    if (address == 0 && size > 0) {
      count("failed-calls");
      return;
    }
    Block block = remove(old);
    if (block == null) {
      count("unknown-frees");
      malloc(address, size, 0, site, line);
      return;
    }
    // realloc(p, 0) frees the block; its id then holds NULL, as the trace's r ID 0 says, and
    // is not reused (an 'a' of it would be refused as still live).
    if (address != 0) {
      add(address, block.id(), size, line);
    }
    emit(Trace.Kind.REALLOC, block.id(), size, 0, site);
  }

  private void add(long address, int id, long size, int line) throws TraceFormatException {
    Block previous = live.get(address);
    if (previous != null) {
      throw new TraceFormatException(file, line, "address 0x" + Long.toHexString(address)
          + " is returned again while still live (from line " + previous.line() + "): a free is"
          + " missing from the recording");
    }
    live.put(address, new Block(id, line, size));
    if (byAddress != null) {
      byAddress.put(address, size);
    }
    liveBytes += size;
  }

  private Block remove(long address) {
    Block block = live.remove(address);
    if (block != null) {
      liveBytes -= block.size();
      if (byAddress != null) {
        byAddress.remove(address);
      }
    }
    return block;
  }

  private void recycle(int id) {
    if (recycledCount == recycled.length) {
      recycled = Arrays.copyOf(recycled, recycledCount * 2);
    }
    recycled[recycledCount++] = id;
  }

  private void emit(Trace.Kind kind, int id, long size, long alignment, int site)
      throws IOException {
    sink.op(kind, id, size, alignment, site);
    if (liveBytes > peakLiveBytes) {
      peakLiveBytes = liveBytes;
      peakOperation = operations;
    }
    if (operations == spanOperation) {
      span = spanAt(byAddress);
    }
    operations++;
  }

  /**
   * {@return the bytes the real allocator spanned with these live blocks: from each region's
   * first block to its last block's end, where a gap of more than {@link #REGION_GAP} bytes
   * starts a new region (a large block mapped on its own, another arena)} It includes what lies
   * between live blocks (the allocator's headers and padding, and free blocks it could not give
   * back); it leaves out what lies before a region's first block and after its last (arena
   * headers, the top chunk, memory kept for later), and the gaps between regions.
   */
  static long spanAt(TreeMap<Long, Long> blocks) {
    long total = 0;
    long start = -1;
    long end = -1;
    for (Map.Entry<Long, Long> block : blocks.entrySet()) {
      long address = block.getKey();
      long blockEnd = address + Math.max(1, block.getValue());
      if (start < 0 || address - end > REGION_GAP) {
        total += end - start;
        start = address;
      }
      end = Math.max(end, blockEnd);
    }
    return total + end - start;
  }

  /** {@return the operations written so far} */
  long operations() {
    return operations;
  }

  /** {@return the largest id given plus one} */
  int ids() {
    return nextId;
  }

  long peakLiveBytes() {
    return peakLiveBytes;
  }

  /** {@return the operation after which live bytes peaked, or -1} */
  long peakOperation() {
    return peakOperation;
  }

  /** {@return the span measured after {@code spanOperation}, or -1} */
  long span() {
    return span;
  }
}
