package io.github.memsim.trace;

import java.util.Arrays;

/**
 * The life of every block id of a trace so far, as a C program's pointers live: the one place
 * that decides whether an operation fits its id's history, for a trace built in memory and for
 * one read as a stream. Memory grows with the number of distinct ids (importers and generators
 * reuse freed ids, so that is about the peak of live blocks), never with the operations.
 */
final class IdLives {
  /** Dense numbers of the ids, so that memory follows the number of ids, not their values. */
  private final IntIndex index = new IntIndex();
  /**
   * Per id's dense number: +line (or +operation) while live, -line after the free on that
   * line; an id not in the index was never allocated.
   */
  private int[] state = new int[256];
  private int maxId = -1;

  /** {@return how many distinct ids were seen} */
  int distinctIds() {
    return index.size();
  }

  /** {@return the largest id seen, or -1} */
  int maxId() {
    return maxId;
  }

  /** {@return the id whose dense number is {@code slot}} */
  int idOfSlot(int slot) {
    return index.keyAt(slot);
  }

  /**
   * Checks an operation against its id's life and records it.
   *
   * @param kind what it does
   * @param id the block id
   * @param size the size (ignored for a free)
   * @param line the source line, or 0
   * @param count the operation's index, for messages when there is no line
   * @return the id's dense number
   * @throws IllegalArgumentException naming the line if the operation does not fit
   */
  int check(Trace.Kind kind, int id, long size, int line, int count) {
    String where = line > 0 ? "line " + line + ": " : "operation " + count + ": ";
    if (id < 0) {
      throw new IllegalArgumentException(where + "block id must not be negative but was " + id);
    }
    if (kind != Trace.Kind.FREE && size < 0) {
      throw new IllegalArgumentException(where + "size must not be negative but was " + size);
    }
    int at = line > 0 ? line : count + 1;
    int slot = index.indexOf(id);
    int previous = slot < 0 ? 0 : state[slot];
    switch (kind) {
      case ALLOC:
        if (previous > 0) {
          throw new IllegalArgumentException(where + "a " + id + " allocates block " + id
              + ", which is still live (allocated on " + describe(previous, line) + ")");
        }
        break;
      case REALLOC:
        if (previous < 0) {
          throw new IllegalArgumentException(where + "r " + id + " reallocates block " + id
              + ", which was freed on " + describe(-previous, line));
        }
        // realloc of an id never allocated (or of a live one to size 0, which frees it and
        // leaves it live as realloc's NULL result) follows realloc: malloc, resize, or free
        break;
      case FREE:
        if (previous == 0) {
          throw new IllegalArgumentException(where + "f " + id + " frees block " + id
              + ", which was never allocated");
        }
        if (previous < 0) {
          throw new IllegalArgumentException(where + "f " + id + " frees block " + id
              + ", which was already freed on " + describe(-previous, line));
        }
        break;
      default:
        throw new AssertionError(kind);
    }
    if (slot < 0) {
      slot = index.add(id);
      if (slot == state.length) {
        state = Arrays.copyOf(state, state.length * 2);
      }
    }
    state[slot] = kind == Trace.Kind.FREE ? -at : at;
    maxId = Math.max(maxId, id);
    return slot;
  }

  private static String describe(int at, int line) {
    return (line > 0 ? "line " : "operation ") + (line > 0 ? at : at - 1);
  }
}
