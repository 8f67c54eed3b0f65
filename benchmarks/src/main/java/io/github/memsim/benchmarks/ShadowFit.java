package io.github.memsim.benchmarks;

import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.internal.FreeBlockTree;
import io.github.memsim.internal.SizeBinnedIndex;
import java.util.Arrays;

/**
 * A built-in strategy with the library's own free index and nothing else: the allocator's
 * placements, splits, growth and coalescing (bump's cursor), with every call to the free index
 * made as the allocator makes it, but the tags kept in one plain array of the heap's words
 * instead of simulated memory's pages, and no check of anything. It places every block where
 * the allocator does (its replay's address checksum is the engine's, and {@code ShadowFitTest}
 * compares every address), so the engine's time less this one's is what simulated memory and
 * the checks cost, and this one's less one-nio's is what the strategy's own work costs.
 *
 * <p>It restates the allocator rather than sharing its code on purpose: the allocator's tags
 * live in simulated memory and every read of them is checked, which is what this class leaves
 * out.
 *
 * <p>It can also record its calls to the index, so that {@link #replayIndexLog} makes them again
 * on a fresh index with nothing around them (the free index's own cost), and the blocks it
 * chose, so that another shadow takes them without any index (the cost of the tags that exact
 * placements read and write, with an index that costs nothing).
 */
final class ShadowFit {
  /** The operations of an index log. */
  private static final byte INSERT = 0;
  private static final byte REMOVE = 1;
  private static final byte FIRST_FIT = 2;
  private static final byte REKEY = 3;
  private static final byte REKEY_FOUND = 4;
  private static final byte BEST_FIT = 5;
  private static final byte WORST_FIT = 6;

  /** The strategies the shadow knows. */
  enum Kind {
    FIRST_FIT, NEXT_FIT, BEST_FIT, WORST_FIT, BUMP;

    static Kind named(String name) {
      return switch (name) {
        case "first-fit" -> FIRST_FIT;
        case "next-fit" -> NEXT_FIT;
        case "best-fit" -> BEST_FIT;
        case "worst-fit" -> WORST_FIT;
        case "bump" -> BUMP;
        default -> throw new IllegalArgumentException("no shadow of " + name);
      };
    }

    boolean byAddress() {
      return this == FIRST_FIT || this == NEXT_FIT;
    }
  }

  private final Kind kind;
  private final boolean byAddress;
  private final FreeBlockTree tree;
  private final SizeBinnedIndex bins;
  private final BlockLayout layout;
  private final long base;
  private final long firstBlock;
  private final long minimumBlock;
  /** Next-fit's rover; bump's cursor. */
  private long rover;
  /** The heap's 8-byte words from its base, where the tags are, as simulated memory has them. */
  private long[] words;
  /** The address of the epilogue header: the heap's end. */
  private long end;

  private final Log log;
  /** The blocks chosen by a run that recorded them, in order (-1: none fitted); or null. */
  private final long[] oracle;
  private int nextChoice;
  /** Whether the tags are checked as the allocator checks them; see {@link #checkTags()}. */
  private boolean checked;

  /** Index calls as the shadow made them, in order. */
  static final class Log {
    private byte[] ops = new byte[1 << 20];
    private long[] args = new long[4 << 20];
    private int size;
    private int argsSize;
    private long[] choices = new long[1 << 20];
    private int choiceCount;

    void choose(long block) {
      if (choiceCount == choices.length) {
        choices = Arrays.copyOf(choices, choiceCount * 2);
      }
      choices[choiceCount++] = block;
    }

    /** {@return the blocks chosen, in order, -1 where none fitted} */
    long[] choices() {
      return Arrays.copyOf(choices, choiceCount);
    }

    void add(byte op, long a, long b) {
      grow();
      ops[size++] = op;
      args[argsSize++] = a;
      args[argsSize++] = b;
    }

    void add(byte op, long a, long b, long c, long d) {
      add(op, a, b);
      args[argsSize++] = c;
      args[argsSize++] = d;
    }

    private void grow() {
      if (size == ops.length) {
        ops = Arrays.copyOf(ops, size * 2);
      }
      if (argsSize + 4 > args.length) {
        args = Arrays.copyOf(args, args.length * 2);
      }
    }

    int size() {
      return size;
    }
  }

  /**
   * Lays down an empty heap at {@code base}.
   *
   * @param log where to record the calls to the index and the blocks chosen, or null
   * @param oracle the blocks that a recorded run chose, to take instead of asking the index
   *     (which is then never called), or null
   * @param reuse an earlier shadow's {@link #words()} to keep the tags in, so that a replay
   *     reuses memory as one-nio's replay reuses its heap; its contents need not be cleared,
   *     since the shadow reads only tags it has written; or null
   */
  ShadowFit(String strategy, BlockLayout layout, long base, Log log, long[] oracle,
      long[] reuse) {
    this.kind = Kind.named(strategy);
    this.byAddress = kind.byAddress();
    this.layout = layout;
    this.log = log;
    this.oracle = kind == Kind.BUMP ? null : oracle;
    this.tree = byAddress ? new FreeBlockTree(FreeBlockTree.Order.BY_ADDRESS) : null;
    this.bins = byAddress || kind == Kind.BUMP ? null : new SizeBinnedIndex(layout.alignment());
    if (layout.headerBytes() != 8 || layout.footerBytes() != 8) {
      throw new IllegalArgumentException("the shadow keeps 8-byte tags");
    }
    this.minimumBlock = layout.minimumBlock();
    this.words = reuse != null ? reuse : new long[1 << 16];
    this.base = base;
    this.firstBlock = base + layout.paddingBytes() + layout.prologueBytes();
    words[at(firstBlock - 8)] = 1; // the prologue's footer, allocated
    words[at(firstBlock)] = 1; // the epilogue of the empty heap
    end = firstBlock;
    rover = firstBlock;
    long chunk = grow(layout.growthChunk());
    if (kind != Kind.BUMP) {
      addFree(chunk, layout.growthChunk());
    }
  }

  /** {@return the array that holds the tags, for a later shadow to reuse} */
  long[] words() {
    return words;
  }

  /**
   * Makes this shadow read and compare the tags that the allocator checks before it writes
   * anything: the header and footer of the block it places into (free, and equal) and of the
   * block it frees (allocated, and equal), and both tags of each free neighbour it merges with
   * (the far one too). A mismatch throws {@link IllegalStateException}. It checks no more than
   * the tags: not the free index, as the allocator's free does not either.
   *
   * @return this shadow
   */
  ShadowFit checkTags() {
    checked = true;
    return this;
  }

  /** Checks, if {@link #checkTags()} asked for it, that the block's tags agree and say so. */
  private long checkedTag(long block, boolean allocated) {
    long tag = words[at(block)];
    if (checked && ((tag & 1) != (allocated ? 1 : 0) || (tag & ~1L) < minimumBlock
        || words[at(block + (tag & ~1L) - 8)] != tag)) {
      throw new IllegalStateException((allocated ? "allocated" : "free") + " block at "
          + block + " has mismatched tags");
    }
    return tag;
  }

  private int at(long address) {
    return (int) ((address - base) >>> 3);
  }

  private long grow(long bytes) {
    long block = end;
    end += bytes;
    if (at(end) >= words.length) {
      words = Arrays.copyOf(words, Math.max(at(end) + 1, words.length * 2));
    }
    write(block, bytes, false);
    words[at(end)] = 1;
    return block;
  }

  private void write(long block, long size, boolean allocated) {
    long tag = size | (allocated ? 1 : 0);
    words[at(block)] = tag;
    words[at(block + size - 8)] = tag;
  }

  long allocate(long payloadBytes) {
    long needed = layout.blockSize(payloadBytes);
    if (kind == Kind.BUMP) {
      return bump(needed);
    }
    long block;
    int fit = FreeBlockTree.NIL;
    if (oracle != null) {
      block = oracle[nextChoice++];
    } else if (byAddress) {
      long from = kind == Kind.NEXT_FIT ? rover : Long.MIN_VALUE;
      fit = firstFit(from, needed);
      if (fit == FreeBlockTree.NIL && from != Long.MIN_VALUE) {
        fit = firstFit(Long.MIN_VALUE, needed);
      }
      block = fit == FreeBlockTree.NIL ? -1 : tree.key(fit);
    } else {
      boolean best = kind == Kind.BEST_FIT;
      if (log != null) {
        log.add(best ? BEST_FIT : WORST_FIT, needed, 0);
      }
      block = best ? bins.bestFit(needed) : bins.worstFit(needed);
    }
    if (log != null) {
      log.choose(block);
    }
    if (block < 0) {
      long growth = Math.max(needed, layout.growthChunk());
      block = coalesce(grow(growth), growth);
      fit = FreeBlockTree.NIL;
    } else if (kind == Kind.NEXT_FIT) {
      rover = block;
    }
    long size = checkedTag(block, false) & ~1L;
    if (size - needed >= minimumBlock) {
      // Without an index (oracle), fit is NIL and rekey, removeFree and addFree do nothing.
      if (byAddress) {
        if (fit != FreeBlockTree.NIL && tree.value(fit) == size) {
          if (log != null) {
            log.add(REKEY_FOUND, block + needed, size - needed);
          }
          tree.rekeyFound(fit, block + needed, size - needed);
        } else {
          rekey(block, size, block + needed, size - needed);
        }
      } else {
        removeFree(block, size);
        addFree(block + needed, size - needed);
      }
      write(block, needed, true);
      write(block + needed, size - needed, false);
    } else {
      removeFree(block, size);
      write(block, size, true);
    }
    return block + 8;
  }

  private int firstFit(long from, long needed) {
    if (log != null) {
      log.add(FIRST_FIT, from, needed);
    }
    return tree.firstFit(from, needed);
  }

  /** Bump's allocation: at the cursor, growing the heap when the tail is too short. */
  private long bump(long needed) {
    long tail = end - rover;
    if (tail < needed) {
      grow(Math.max(needed - tail, layout.growthChunk()));
      tail = end - rover;
      write(rover, tail, false);
    }
    long block = rover;
    if (tail - needed >= minimumBlock) {
      write(block, needed, true);
      rover += needed;
      write(rover, tail - needed, false);
    } else {
      write(block, tail, true);
      rover += tail;
    }
    return block + 8;
  }

  void free(long payloadAddress) {
    long block = payloadAddress - 8;
    long size = checkedTag(block, true) & ~1L;
    if (kind == Kind.BUMP) {
      write(block, size, false);
    } else {
      coalesce(block, size);
    }
  }

  private long coalesce(long block, long size) {
    long previousTag = words[at(block - 8)];
    long nextTag = words[at(block + size)];
    boolean mergePrevious = (previousTag & 1) == 0;
    boolean mergeNext = (nextTag & 1) == 0;
    long previousSize = mergePrevious ? previousTag : 0;
    long nextSize = mergeNext ? nextTag : 0;
    if (checked) {
      if (mergePrevious) {
        checkedTag(block - previousSize, false);
      }
      if (mergeNext) {
        checkedTag(block + size, false);
      }
    }
    long start = block - previousSize;
    long total = previousSize + size + nextSize;
    if (byAddress) {
      if (mergePrevious && mergeNext) {
        removeFree(block + size, nextSize);
        rekey(start, previousSize, start, total);
      } else if (mergePrevious) {
        rekey(start, previousSize, start, total);
      } else if (mergeNext) {
        rekey(block + size, nextSize, block, total);
      } else {
        addFree(block, size);
      }
    } else {
      if (mergePrevious) {
        removeFree(start, previousSize);
      }
      if (mergeNext) {
        removeFree(block + size, nextSize);
      }
      addFree(start, total);
    }
    write(start, total, false);
    if (rover > start && rover < start + total) {
      rover = start;
    }
    return start;
  }

  private void rekey(long block, long size, long newBlock, long newSize) {
    if (oracle != null) {
      return;
    }
    if (log != null) {
      log.add(REKEY, block, size, newBlock, newSize);
    }
    if (!tree.rekey(block, size, newBlock, newSize)) {
      throw new IllegalStateException("not indexed: " + block);
    }
  }

  private void addFree(long block, long size) {
    if (oracle != null) {
      return;
    }
    if (log != null) {
      log.add(INSERT, block, size);
    }
    if (byAddress) {
      tree.insert(block, size);
    } else {
      bins.insert(size, block);
    }
  }

  private void removeFree(long block, long size) {
    if (oracle != null) {
      return;
    }
    if (log != null) {
      log.add(REMOVE, block, size);
    }
    boolean found = byAddress ? tree.remove(block, size) : bins.remove(size, block);
    if (!found) {
      throw new IllegalStateException("not indexed: " + block);
    }
  }

  /**
   * Makes a log's calls again on a fresh index of the log's kind, with nothing around them.
   *
   * @return a checksum of the answers, so that the calls cannot be optimized away
   */
  static long replayIndexLog(Log log, String strategy, int granule) {
    boolean byAddress = Kind.named(strategy).byAddress();
    FreeBlockTree tree = byAddress ? new FreeBlockTree(FreeBlockTree.Order.BY_ADDRESS) : null;
    SizeBinnedIndex bins = byAddress ? null : new SizeBinnedIndex(granule);
    byte[] ops = log.ops;
    long[] args = log.args;
    long sum = 0;
    int fit = FreeBlockTree.NIL;
    int a = 0;
    for (int i = 0; i < log.size; i++) {
      long k = args[a++];
      long v = args[a++];
      switch (ops[i]) {
        case INSERT -> {
          if (byAddress) {
            tree.insert(k, v);
          } else {
            bins.insert(v, k);
          }
        }
        case REMOVE -> {
          if (byAddress ? !tree.remove(k, v) : !bins.remove(v, k)) {
            throw new IllegalStateException("the log's block is missing: " + k);
          }
        }
        case FIRST_FIT -> {
          fit = tree.firstFit(k, v);
          sum += fit == FreeBlockTree.NIL ? 0 : tree.key(fit) + tree.rankOfLastFit();
        }
        case REKEY_FOUND -> tree.rekeyFound(fit, k, v);
        case REKEY -> {
          if (!tree.rekey(k, v, args[a++], args[a++])) {
            throw new IllegalStateException("the log's block is missing: " + k);
          }
        }
        case BEST_FIT -> sum += bins.bestFit(k);
        case WORST_FIT -> sum += bins.worstFit(k);
        default -> throw new AssertionError(ops[i]);
      }
    }
    return sum;
  }
}
