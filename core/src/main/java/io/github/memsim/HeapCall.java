package io.github.memsim;

import io.github.memsim.internal.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One completed heap call, as a {@link MemoryListener} receives it.
 *
 * @param kind which call
 * @param thread the calling thread
 * @param op its op number
 * @param requestedBytes the bytes asked for: the size for malloc and realloc, count × size for
 *     calloc, 0 for free
 * @param block the block the call returned (malloc, calloc, realloc) or freed (free), as it was
 *     then; empty for {@code free(NULL)} and {@code realloc(p, 0)}
 * @param oldBlock realloc's old block, freed by the call; empty otherwise (and for
 *     {@code realloc(NULL, n)})
 * @param indexProbes nodes of the allocator's free-block index that the call visited
 * @param scanProbes free blocks that a textbook linear scan of the free list would have
 *     examined to make the same choice
 */
public record HeapCall(Kind kind, ThreadContext thread, long op, long requestedBytes,
    Optional<HeapBlock> block, Optional<HeapBlock> oldBlock, long indexProbes, long scanProbes) {
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

  /**
   * Checks the components.
   *
   * @param kind which call
   * @param thread the calling thread
   * @param op its op number
   * @param requestedBytes the bytes asked for
   * @param block the block returned or freed
   * @param oldBlock realloc's old block
   * @param indexProbes index nodes visited
   * @param scanProbes free blocks a linear scan would examine
   */
  public HeapCall {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(oldBlock, "oldBlock");
  }

  /** {@return e.g. {@code op 3: malloc(24) by main = block #1 (24 bytes at 0x10020)}} */
  @Override
  public String toString() {
    String call = switch (kind) {
      case FREE -> "free(" + block.map(b -> "#" + b.id()).orElse("NULL") + ")";
      case REALLOC -> "realloc(" + oldBlock.map(b -> "#" + b.id()).orElse("NULL") + ", "
          + requestedBytes + ")";
      default -> kind.cName() + "(" + requestedBytes + ")";
    };
    String result = kind == Kind.FREE ? "" : " = " + block.map(b -> "block #" + b.id() + " ("
        + Text.bytes(b.size()) + " at " + Text.hex(b.address()) + ")").orElse("NULL");
    return "op " + op + ": " + call + " by " + thread.name() + result;
  }
}
