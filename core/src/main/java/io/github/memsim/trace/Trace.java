package io.github.memsim.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An allocation trace: a header and a sequence of malloc, realloc and free operations on
 * numbered blocks, as in the CS:APP malloc-lab {@code .rep} format.
 *
 * <p>Operations are kept in parallel primitive arrays, so a trace of a million operations takes
 * about 20 MB (a trace of any size can be replayed as a stream instead: {@link TraceReader}). A
 * trace is immutable; build one with {@link #builder(String)}, read one with {@link TraceFormat},
 * import a real program's with {@link TraceImport}, or generate one with a {@link Workload}.
 *
 * <p>Beyond the CS:APP format, a trace may carry what a recorded program adds: its metadata
 * (program, command, tool: {@link #metadata()}), an alignment request per operation
 * ({@link #alignment(int)}, 0 for none) and an allocation site per operation
 * ({@link #site(int)}, an index into {@link #sites()}, 0 for none).
 */
public final class Trace {
  /** What an operation does. */
  public enum Kind {
    /** {@code a ID SIZE}: allocate SIZE bytes for block ID. */
    ALLOC('a'),
    /** {@code r ID SIZE}: reallocate block ID to SIZE bytes. */
    REALLOC('r'),
    /** {@code f ID}: free block ID. */
    FREE('f');

    private final char letter;

    Kind(char letter) {
      this.letter = letter;
    }

    /** {@return the letter that starts the operation's line} */
    public char letter() {
      return letter;
    }
  }

  /**
   * One operation.
   *
   * @param kind what it does
   * @param id the block it acts on
   * @param size the requested size in bytes (0 for a free)
   * @param line the line of the trace file it came from (1-based), or 0 if generated
   */
  public record Op(Kind kind, int id, long size, int line) {
    @Override
    public String toString() {
      return kind == Kind.FREE ? kind.letter() + " " + id : kind.letter() + " " + id + " " + size;
    }
  }

  private static final Kind[] KINDS = Kind.values();

  private final String name;
  private final long suggestedHeapSize;
  private final long idCount;
  private final int weight;
  private final byte[] kinds;
  private final int[] ids;
  /** Per operation, its id's dense number (see {@link IntIndex}), for replays. */
  private final int[] slots;
  /** Per dense number, the id. */
  private final int[] idsOfSlots;
  private final long[] sizes;
  private final int[] lines;
  /** Per operation, its alignment request, or null when no operation has one. */
  private final long[] alignments;
  /** Per operation, its allocation site, or null when no operation has one. */
  private final int[] siteOfOps;
  private final Map<String, String> metadata;
  private final List<List<String>> sites;
  private final List<String> warnings;

  private Trace(Builder builder) {
    this.name = builder.name;
    this.suggestedHeapSize = builder.suggestedHeapSize;
    this.weight = builder.weight;
    this.kinds = Arrays.copyOf(builder.kinds, builder.count);
    this.ids = Arrays.copyOf(builder.ids, builder.count);
    this.slots = Arrays.copyOf(builder.slots, builder.count);
    this.idsOfSlots = new int[builder.lives.distinctIds()];
    for (int slot = 0; slot < idsOfSlots.length; slot++) {
      idsOfSlots[slot] = builder.lives.idOfSlot(slot);
    }
    this.sizes = Arrays.copyOf(builder.sizes, builder.count);
    this.lines = Arrays.copyOf(builder.lines, builder.count);
    this.alignments = builder.alignments == null ? null
        : Arrays.copyOf(builder.alignments, builder.count);
    this.siteOfOps = builder.siteOfOps == null ? null
        : Arrays.copyOf(builder.siteOfOps, builder.count);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
    this.sites = List.copyOf(builder.sites);
    this.idCount = builder.lives.maxId() + 1L;
    this.warnings = List.copyOf(builder.warnings);
  }

  /**
   * Starts a trace.
   *
   * @param name a name for reports, such as the file name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the trace's name} */
  public String name() {
    return name;
  }

  /** {@return the heap size the trace's header suggests (informational)} */
  public long suggestedHeapSize() {
    return suggestedHeapSize;
  }

  /**
   * {@return the number of block ids as the {@code .rep} header counts them: one more than the
   * largest id used (up to 2^31); see {@link #distinctIds()} for how many are used}
   */
  public long idCount() {
    return idCount;
  }

  /** {@return how many distinct block ids the trace uses} */
  public int distinctIds() {
    return idsOfSlots.length;
  }

  /** {@return the dense number of an operation's id: from 0 to {@link #distinctIds()} - 1} */
  int slot(int index) {
    return slots[index];
  }

  /** {@return the id whose dense number is {@code slot}} */
  int idOfSlot(int slot) {
    return idsOfSlots[slot];
  }

  /** {@return the header's weight (informational)} */
  public int weight() {
    return weight;
  }

  /** {@return the number of operations} */
  public int size() {
    return kinds.length;
  }

  /**
   * Returns the kind of an operation.
   *
   * @param index the operation's index, from 0
   * @return its kind
   */
  public Kind kind(int index) {
    return KINDS[kinds[index]];
  }

  /**
   * Returns the block id of an operation.
   *
   * @param index the operation's index, from 0
   * @return its block id
   */
  public int id(int index) {
    return ids[index];
  }

  /**
   * Returns the size of an operation.
   *
   * @param index the operation's index, from 0
   * @return its size in bytes; 0 for a free
   */
  public long sizeOf(int index) {
    return sizes[index];
  }

  /**
   * Returns the alignment an operation asked for, as {@code memalign}, {@code posix_memalign},
   * {@code aligned_alloc} or an aligned {@code new} do.
   *
   * @param index the operation's index, from 0
   * @return the alignment in bytes, a power of two; 0 when the operation asked for none
   */
  public long alignment(int index) {
    return alignments == null ? 0 : alignments[index];
  }

  /**
   * Returns the allocation site of an operation.
   *
   * @param index the operation's index, from 0
   * @return its site, from 1, as an index into {@link #sites()} minus one; 0 for none
   */
  public int site(int index) {
    return siteOfOps == null ? 0 : siteOfOps[index];
  }

  /**
   * {@return the allocation sites: site {@code n} is element {@code n - 1}, a list of function
   * names, innermost first}
   */
  public List<List<String>> sites() {
    return sites;
  }

  /**
   * {@return what the trace says about itself, in the order written: for a recorded program,
   * {@code program}, {@code command} and {@code tool}, and what the recording tool saw of the
   * real allocator (see {@link TraceImport})}
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Returns the source line of an operation.
   *
   * @param index the operation's index, from 0
   * @return its line in the trace file, from 1, or 0 if the trace was generated
   */
  public int line(int index) {
    return lines[index];
  }

  /**
   * Returns an operation as a value.
   *
   * @param index the operation's index, from 0
   * @return the operation
   */
  public Op op(int index) {
    return new Op(kind(index), ids[index], sizes[index], lines[index]);
  }

  /** {@return what was wrong but tolerated while reading, such as header counts that disagree} */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "trace " + name + " (" + size() + " operations on " + idCount + " ids)";
  }

  /**
   * Collects operations and checks that each id's life makes sense: allocated before it is
   * freed or reallocated, not allocated twice while live, not freed twice.
   */
  public static final class Builder {
    private final String name;
    private long suggestedHeapSize;
    private int weight = 1;
    private byte[] kinds = new byte[1024];
    private int[] ids = new int[1024];
    private int[] slots = new int[1024];
    private long[] sizes = new long[1024];
    private int[] lines = new int[1024];
    private long[] alignments;
    private int[] siteOfOps;
    private int count;
    private final IdLives lives = new IdLives();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<List<String>> sites = new ArrayList<>();
    private final ArrayList<String> warnings = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets the header's suggested heap size.
     *
     * @param bytes the size in bytes
     * @return this builder
     */
    public Builder suggestedHeapSize(long bytes) {
      this.suggestedHeapSize = bytes;
      return this;
    }

    /**
     * Sets the header's weight.
     *
     * @param value the weight
     * @return this builder
     */
    public Builder weight(int value) {
      this.weight = value;
      return this;
    }

    /**
     * Records a tolerated problem, to be reported with the trace.
     *
     * @param warning what was wrong
     * @return this builder
     */
    public Builder warn(String warning) {
      warnings.add(warning);
      return this;
    }

    /**
     * Sets one item of the trace's metadata, such as {@code program}.
     *
     * @param key a word of letters, digits and hyphens
     * @param value one line of text
     * @return this builder
     * @throws IllegalArgumentException if the key is not such a word or the value spans lines
     */
    public Builder metadata(String key, String value) {
      TraceFormat.checkMetadata(key, value);
      metadata.put(key, value);
      return this;
    }

    /**
     * Adds an allocation site.
     *
     * @param functions the function names, innermost first; each one line without
     *     {@code " <- "}
     * @return the site's number, from 1, for {@link #add(Kind, int, long, long, int, int)}
     */
    public int site(List<String> functions) {
      TraceFormat.checkSite(functions);
      sites.add(List.copyOf(functions));
      return sites.size();
    }

    /** {@return the number of operations so far} */
    public int size() {
      return count;
    }

    /**
     * Adds an operation. The life of an id follows C: {@code a ID SIZE} needs an id that is not
     * live, {@code f ID} one that is; {@code r ID SIZE} of an id never allocated (or freed by
     * {@code r ID 0}) is {@code realloc(NULL, SIZE)}, a malloc; {@code r ID 0} frees the block
     * and leaves the id holding NULL, so that a later {@code f ID} is {@code free(NULL)} and a
     * later {@code r ID SIZE} a malloc. An id freed by {@code f} may be allocated again by
     * {@code a}, but not freed or reallocated before that. Ids may be any int from 0 up; the
     * trace's memory follows how many there are, not how large.
     *
     * @param kind what it does
     * @param id the block id; not negative
     * @param size the size in bytes; not negative (ignored for a free)
     * @param line the source line, or 0
     * @return this builder
     * @throws IllegalArgumentException if the id or size is negative, or the operation does not
     *     fit the id's life so far; the message names the line
     */
    public Builder add(Kind kind, int id, long size, int line) {
      return add(kind, id, size, 0, 0, line);
    }

    /**
     * Adds an operation with an alignment request and an allocation site, as
     * {@link #add(Kind, int, long, int)} does.
     *
     * @param kind what it does
     * @param id the block id; not negative
     * @param size the size in bytes; not negative (ignored for a free)
     * @param alignment the alignment asked for, a power of two, or 0 for none (an allocation's
     *     only)
     * @param site the allocation site from {@link #site(List)}, or 0 for none
     * @param line the source line, or 0
     * @return this builder
     * @throws IllegalArgumentException if the operation does not fit the id's life so far, the
     *     alignment is not a power of two on an allocation, or the site is unknown
     */
    public Builder add(Kind kind, int id, long size, long alignment, int site, int line) {
      Objects.requireNonNull(kind, "kind");
      String where = line > 0 ? "line " + line + ": " : "operation " + count + ": ";
      if (alignment != 0 && (kind != Kind.ALLOC || Long.bitCount(alignment) != 1
          || alignment < 0)) {
        throw new IllegalArgumentException(where + (kind != Kind.ALLOC
            ? "only an allocation may ask for an alignment"
            : "alignment must be a power of two but was " + alignment));
      }
      if (site < 0 || site > sites.size()) {
        throw new IllegalArgumentException(where + "site " + site + " is not defined (sites: "
            + sites.size() + ")");
      }
      int slot = lives.check(kind, id, size, line, count);
      if (count == kinds.length) {
        int capacity = count * 2;
        kinds = Arrays.copyOf(kinds, capacity);
        ids = Arrays.copyOf(ids, capacity);
        slots = Arrays.copyOf(slots, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
        lines = Arrays.copyOf(lines, capacity);
        alignments = alignments == null ? null : Arrays.copyOf(alignments, capacity);
        siteOfOps = siteOfOps == null ? null : Arrays.copyOf(siteOfOps, capacity);
      }
      if (alignment != 0 && alignments == null) {
        alignments = new long[kinds.length];
      }
      if (site != 0 && siteOfOps == null) {
        siteOfOps = new int[kinds.length];
      }
      kinds[count] = (byte) kind.ordinal();
      ids[count] = id;
      slots[count] = slot;
      sizes[count] = kind == Kind.FREE ? 0 : size;
      lines[count] = line;
      if (alignments != null) {
        alignments[count] = alignment;
      }
      if (siteOfOps != null) {
        siteOfOps[count] = site;
      }
      count++;
      return this;
    }

    /** {@return the trace} */
    public Trace build() {
      return new Trace(this);
    }
  }
}
