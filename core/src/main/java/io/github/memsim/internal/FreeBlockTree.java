package io.github.memsim.internal;

import java.util.Arrays;

/**
 * An ordered set of free blocks, kept as an array-backed treap and augmented with the largest
 * block size in every subtree, so that "the first block at or after a key that is at least
 * this big" is answered in O(log n).
 *
 * <p>Each node holds a two-part key ({@code key}, {@code tie}), ordered lexicographically, and a
 * block size. Allocators use it in one of two orders:
 * <ul>
 *   <li>by address: {@code key} = block address, {@code tie} = 0 (first-fit, next-fit);</li>
 *   <li>by size: {@code key} = block size, {@code tie} = block address (best-fit, worst-fit).</li>
 * </ul>
 *
 * <p>A node's priority is a hash of the key it was inserted with, not a random number, so the
 * same operations always give the same tree and the same probe counts. {@link #rekey} changes a
 * node's key and size in place when its position in key order does not change (a block split
 * from the front, a block merged with a neighbour), keeping its priority: one descent instead
 * of a removal and an insertion.
 * Nodes live in one {@code long[]}, 64 bytes (one cache line) each, and are recycled through a
 * free list, so a visit costs one cache miss at most and the tree creates no garbage in steady
 * state.
 *
 * <p>{@link #visits()} counts the nodes that the search methods looked at; allocators report
 * it as probes.
 */
public final class FreeBlockTree {
  /** The index that stands for "no node". */
  public static final int NIL = -1;

  // Node layout in one long[]: a node's fields share a cache line.
  private static final int KEY = 0;
  private static final int TIE = 1;
  private static final int SIZE = 2;
  private static final int MAX = 3;
  private static final int LEFT = 4;
  private static final int RIGHT = 5;
  private static final int PRIORITY = 6;
  private static final int STRIDE = 8;
  private static final int SHIFT = 3;

  private long[] nodes;

  private int root = NIL;
  private int count;
  private int used;
  private int recycled = NIL;
  private long visits;

  // Results of split(), which returns two subtrees.
  private int splitLeft;
  private int splitRight;
  private boolean removed;
  /** The nodes on the way down, for {@link #rekey}. */
  private int[] path = new int[64];

  /** Creates an empty tree. */
  public FreeBlockTree() {
    nodes = new long[64 << SHIFT];
  }

  private long key(int node, int field) {
    return nodes[(node << SHIFT) + field];
  }

  private int link(int node, int field) {
    return (int) nodes[(node << SHIFT) + field];
  }

  private void set(int node, int field, long value) {
    nodes[(node << SHIFT) + field] = value;
  }

  /** {@return the number of blocks in the tree} */
  public int count() {
    return count;
  }

  /** {@return the number of nodes the search methods have visited since the tree was made} */
  public long visits() {
    return visits;
  }

  /** {@return the largest block size in the tree, or 0 when it is empty} */
  public long maxSize() {
    return root == NIL ? 0 : key(root, MAX);
  }

  /** {@return the primary key of a node} */
  public long key(int node) {
    return key(node, KEY);
  }

  /** {@return the secondary key of a node} */
  public long tie(int node) {
    return key(node, TIE);
  }

  /** {@return the block size held by a node} */
  public long size(int node) {
    return key(node, SIZE);
  }

  /** Removes every block. */
  public void clear() {
    root = NIL;
    count = 0;
    used = 0;
    recycled = NIL;
  }

  /** Adds a block; the key pair must not be in the tree yet. */
  public void insert(long primary, long secondary, long blockSize) {
    int node = newNode(primary, secondary, blockSize);
    root = insert(root, node);
    count++;
  }

  /**
   * Removes the block with this key pair.
   *
   * @return whether it was there
   */
  public boolean remove(long primary, long secondary) {
    removed = false;
    root = remove(root, primary, secondary);
    if (removed) {
      count--;
    }
    return removed;
  }

  /** {@return whether the tree holds this key pair with this block size} */
  public boolean contains(long primary, long secondary, long blockSize) {
    int node = root;
    while (node != NIL) {
      int c = compare(node, primary, secondary);
      if (c == 0) {
        return key(node, SIZE) == blockSize;
      }
      node = c > 0 ? link(node, LEFT) : link(node, RIGHT);
    }
    return false;
  }

  /**
   * Returns the node with the smallest key that is at least {@code fromKey} (any tie) and whose
   * size is at least {@code need}, or {@link #NIL}.
   */
  public int firstFit(long fromKey, long need) {
    return firstFit(root, fromKey, need);
  }

  private int firstFit(int node, long fromKey, long need) {
    if (node == NIL) {
      return NIL;
    }
    visits++;
    if (key(node, MAX) < need) {
      return NIL;
    }
    if (key(node, KEY) < fromKey) {
      return firstFit(link(node, RIGHT), fromKey, need);
    }
    int found = firstFit(link(node, LEFT), fromKey, need);
    if (found != NIL) {
      return found;
    }
    if (key(node, SIZE) >= need) {
      return node;
    }
    return firstFit(link(node, RIGHT), fromKey, need);
  }

  /**
   * {@return the node with the smallest key pair not below ({@code primary}, {@code secondary}), or
   * {@link #NIL}}
   */
  public int ceiling(long primary, long secondary) {
    int node = root;
    int best = NIL;
    while (node != NIL) {
      visits++;
      if (compare(node, primary, secondary) >= 0) {
        best = node;
        node = link(node, LEFT);
      } else {
        node = link(node, RIGHT);
      }
    }
    return best;
  }


  /**
   * Changes the key pair and size of a node in place. The caller guarantees that the new key
   * pair sorts exactly where the old one did: no other key lies between them.
   *
   * @param primary the node's primary key now
   * @param secondary the node's secondary key now
   * @param newPrimary its new primary key
   * @param newSecondary its new secondary key
   * @param newSize its new block size
   * @return whether the node was there
   */
  public boolean rekey(long primary, long secondary, long newPrimary, long newSecondary,
      long newSize) {
    int depth = 0;
    int node = root;
    while (node != NIL) {
      if (depth == path.length) {
        path = Arrays.copyOf(path, depth * 2);
      }
      path[depth++] = node;
      int c = compare(node, primary, secondary);
      if (c == 0) {
        set(node, KEY, newPrimary);
        set(node, TIE, newSecondary);
        set(node, SIZE, newSize);
        for (int i = depth - 1; i >= 0; i--) {
          update(path[i]);
        }
        return true;
      }
      node = c > 0 ? link(node, LEFT) : link(node, RIGHT);
    }
    return false;
  }

  private int compare(int node, long primary, long secondary) {
    int c = Long.compare(key(node, KEY), primary);
    return c != 0 ? c : Long.compare(key(node, TIE), secondary);
  }

  private int newNode(long primary, long secondary, long blockSize) {
    int node;
    if (recycled != NIL) {
      node = recycled;
      recycled = link(node, LEFT);
    } else {
      if ((used << SHIFT) == nodes.length) {
        grow();
      }
      node = used++;
    }
    set(node, KEY, primary);
    set(node, TIE, secondary);
    set(node, SIZE, blockSize);
    set(node, MAX, blockSize);
    set(node, LEFT, NIL);
    set(node, RIGHT, NIL);
    set(node, PRIORITY, priorityOf(primary, secondary));
    return node;
  }

  private void release(int node) {
    set(node, LEFT, recycled);
    recycled = node;
  }

  private void grow() {
    int capacity = nodes.length >> SHIFT;
    nodes = Arrays.copyOf(nodes, (capacity + (capacity >> 1)) << SHIFT);
  }


  /**
   * A fixed mix of the key (the finaliser of MurmurHash3), so the tree's shape is deterministic.
   */
  private static int priorityOf(long primary, long secondary) {
    long h = primary * 0x9E3779B97F4A7C15L + secondary;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  private void update(int node) {
    long m = key(node, SIZE);
    int l = link(node, LEFT);
    int r = link(node, RIGHT);
    if (l != NIL && key(l, MAX) > m) {
      m = key(l, MAX);
    }
    if (r != NIL && key(r, MAX) > m) {
      m = key(r, MAX);
    }
    set(node, MAX, m);
  }

  private int insert(int node, int added) {
    if (node == NIL) {
      return added;
    }
    if (key(added, PRIORITY) > key(node, PRIORITY)) {
      split(node, key(added, KEY), key(added, TIE));
      set(added, LEFT, splitLeft);
      set(added, RIGHT, splitRight);
      update(added);
      return added;
    }
    if (compare(node, key(added, KEY), key(added, TIE)) > 0) {
      set(node, LEFT, insert(link(node, LEFT), added));
    } else {
      set(node, RIGHT, insert(link(node, RIGHT), added));
    }
    update(node);
    return node;
  }

  /** Splits a subtree into keys below (primary, secondary) and keys at or above it. */
  private void split(int node, long primary, long secondary) {
    if (node == NIL) {
      splitLeft = NIL;
      splitRight = NIL;
      return;
    }
    if (compare(node, primary, secondary) < 0) {
      split(link(node, RIGHT), primary, secondary);
      set(node, RIGHT, splitLeft);
      update(node);
      splitLeft = node;
    } else {
      split(link(node, LEFT), primary, secondary);
      set(node, LEFT, splitRight);
      update(node);
      splitRight = node;
    }
  }

  private int remove(int node, long primary, long secondary) {
    if (node == NIL) {
      return NIL;
    }
    int c = compare(node, primary, secondary);
    if (c == 0) {
      removed = true;
      int merged = merge(link(node, LEFT), link(node, RIGHT));
      release(node);
      return merged;
    }
    if (c > 0) {
      set(node, LEFT, remove(link(node, LEFT), primary, secondary));
    } else {
      set(node, RIGHT, remove(link(node, RIGHT), primary, secondary));
    }
    update(node);
    return node;
  }

  /** Joins two subtrees where every key of {@code a} is below every key of {@code b}. */
  private int merge(int a, int b) {
    if (a == NIL) {
      return b;
    }
    if (b == NIL) {
      return a;
    }
    if (key(a, PRIORITY) > key(b, PRIORITY)) {
      set(a, RIGHT, merge(link(a, RIGHT), b));
      update(a);
      return a;
    }
    set(b, LEFT, merge(a, link(b, LEFT)));
    update(b);
    return b;
  }
}
