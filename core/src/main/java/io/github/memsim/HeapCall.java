package io.github.memsim;

import java.util.Locale;
import java.util.Optional;

/**
 * One completed heap call, as a {@link MemoryListener} receives it: an immutable value that a
 * listener may keep. The snapshots of the blocks involved are made when first asked for, so a
 * listener that only counts calls makes none.
 */
public final class HeapCall {
  /** The heap calls. */
  public enum Kind {
    /** {@code malloc(size)}. */
    MALLOC,
    /** {@code calloc(count, size)}. */
    CALLOC,
    /** {@code realloc(p, size)}. */
    REALLOC,
    /** {@code free(p)}. */
    FREE;

    /** {@return the C name of the call, such as {@code malloc}} */
    public String cName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final ThreadContext thread;
  private final long op;
  private final long requestedBytes;
  private final Object lock;
  private final ThreadTable threads;
  private final Block block;
  private final Block oldBlock;
  private final long indexProbes;
  private final long scanProbes;
  private Optional<HeapBlock> blockSnapshot;
  private Optional<HeapBlock> oldBlockSnapshot;

  HeapCall(Kind kind, ThreadContext thread, long op, long requestedBytes, Object lock,
      ThreadTable threads, Block block, Block oldBlock, long indexProbes, long scanProbes) {
    this.kind = kind;
    this.thread = thread;
    this.op = op;
    this.requestedBytes = requestedBytes;
    this.lock = lock;
    this.threads = threads;
    this.block = block;
    this.oldBlock = oldBlock;
    this.indexProbes = indexProbes;
    this.scanProbes = scanProbes;
  }

  /** {@return which call} */
  public Kind kind() {
    return kind;
  }

  /** {@return the calling thread} */
  public ThreadContext thread() {
    return thread;
  }

  /** {@return the call's op number} */
  public long op() {
    return op;
  }

  /**
   * {@return the bytes asked for: the size for malloc and realloc, count × size for calloc, 0
   * for free}
   */
  public long requestedBytes() {
    return requestedBytes;
  }

  /**
   * {@return the block the call returned (malloc, calloc, realloc) or freed (free), as it was
   * allocated; empty for {@code free(NULL)} and {@code realloc(p, 0)}}
   */
  public Optional<HeapBlock> block() {
    if (blockSnapshot == null) {
      blockSnapshot = snapshot(block);
    }
    return blockSnapshot;
  }

  /**
   * {@return realloc's old block, which the call freed; empty for other calls and for
   * {@code realloc(NULL, n)}}
   */
  public Optional<HeapBlock> oldBlock() {
    if (oldBlockSnapshot == null) {
      oldBlockSnapshot = snapshot(oldBlock);
    }
    return oldBlockSnapshot;
  }

  private Optional<HeapBlock> snapshot(Block of) {
    if (of == null) {
      return Optional.empty();
    }
    synchronized (lock) {
      return Optional.of(threads.heapBlock(of));
    }
  }

  /** {@return the nodes of the allocator's free-block index that the call visited} */
  public long indexProbes() {
    return indexProbes;
  }

  /**
   * {@return the free blocks that a textbook linear scan of the free list would have examined
   * to make the same choice}
   */
  public long scanProbes() {
    return scanProbes;
  }

  /** {@return e.g. {@code op 3: malloc(24) by main = block #1 (24 bytes at 0x10020)}} */
  @Override
  public String toString() {
    String call = switch (kind) {
      case FREE -> "free(" + (block == null ? "NULL" : "#" + block.id()) + ")";
      case REALLOC -> "realloc(" + (oldBlock == null ? "NULL" : "#" + oldBlock.id()) + ", "
          + requestedBytes + ")";
      default -> kind.cName() + "(" + requestedBytes + ")";
    };
    String result = kind == Kind.FREE ? "" : " = " + (block == null ? "NULL"
        : Phrases.block(block.id(), block.size(), block.address()));
    return Phrases.heapCall(op, call, thread.name(), result);
  }
}
