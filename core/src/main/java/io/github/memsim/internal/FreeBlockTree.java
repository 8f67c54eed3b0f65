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
 * <p>Priorities are a hash of the key, not random numbers, so the shape of the tree depends only
 * on the set of keys it holds: the same operations give the same tree and the same probe counts.
 * Nodes live in parallel primitive arrays (about 44 bytes a node) and are recycled through a free
 * list, so the tree creates no garbage in steady state.
 *
 * <p>{@link #visits()} counts the nodes that the search methods looked at; allocators report
 * it as probes.
 */
public final class FreeBlockTree {
  /** The index that stands for "no node". */
  public static final int NIL = -1;

  private long[] key;
  private long[] tie;
  private long[] size;
  private long[] max;
  private int[] left;
  private int[] right;
  private int[] priority;

  private int root = NIL;
  private int count;
  private int used;
  private int recycled = NIL;
  private long visits;

  // Results of split(), which returns two subtrees.
  private int splitLeft;
  private int splitRight;
  private boolean removed;

  /** Creates an empty tree. */
  public FreeBlockTree() {
    allocateArrays(64);
  }

  private void allocateArrays(int capacity) {
    key = new long[capacity];
    tie = new long[capacity];
    size = new long[capacity];
    max = new long[capacity];
    left = new int[capacity];
    right = new int[capacity];
    priority = new int[capacity];
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
    return root == NIL ? 0 : max[root];
  }

  /** {@return the primary key of a node} */
  public long key(int node) {
    return key[node];
  }

  /** {@return the secondary key of a node} */
  public long tie(int node) {
    return tie[node];
  }

  /** {@return the block size held by a node} */
  public long size(int node) {
    return size[node];
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
        return size[node] == blockSize;
      }
      node = c > 0 ? left[node] : right[node];
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
    if (max[node] < need) {
      return NIL;
    }
    if (key[node] < fromKey) {
      return firstFit(right[node], fromKey, need);
    }
    int found = firstFit(left[node], fromKey, need);
    if (found != NIL) {
      return found;
    }
    if (size[node] >= need) {
      return node;
    }
    return firstFit(right[node], fromKey, need);
  }

  /** {@return the node with the smallest key pair not below ({@code primary}, {@code secondary}), or {@link #NIL}} */
  public int ceiling(long primary, long secondary) {
    int node = root;
    int best = NIL;
    while (node != NIL) {
      visits++;
      if (compare(node, primary, secondary) >= 0) {
        best = node;
        node = left[node];
      } else {
        node = right[node];
      }
    }
    return best;
  }

  private int compare(int node, long primary, long secondary) {
    int c = Long.compare(key[node], primary);
    return c != 0 ? c : Long.compare(tie[node], secondary);
  }

  private int newNode(long primary, long secondary, long blockSize) {
    int node;
    if (recycled != NIL) {
      node = recycled;
      recycled = left[node];
    } else {
      if (used == key.length) {
        grow();
      }
      node = used++;
    }
    key[node] = primary;
    tie[node] = secondary;
    size[node] = blockSize;
    max[node] = blockSize;
    left[node] = NIL;
    right[node] = NIL;
    priority[node] = priorityOf(primary, secondary);
    return node;
  }

  private void release(int node) {
    left[node] = recycled;
    recycled = node;
  }

  private void grow() {
    int capacity = key.length + (key.length >> 1);
    key = Arrays.copyOf(key, capacity);
    tie = Arrays.copyOf(tie, capacity);
    size = Arrays.copyOf(size, capacity);
    max = Arrays.copyOf(max, capacity);
    left = Arrays.copyOf(left, capacity);
    right = Arrays.copyOf(right, capacity);
    priority = Arrays.copyOf(priority, capacity);
  }

  /** A fixed mix of the key (the finaliser of MurmurHash3), so the tree's shape is deterministic. */
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
    long m = size[node];
    int l = left[node];
    int r = right[node];
    if (l != NIL && max[l] > m) {
      m = max[l];
    }
    if (r != NIL && max[r] > m) {
      m = max[r];
    }
    max[node] = m;
  }

  private int insert(int node, int added) {
    if (node == NIL) {
      return added;
    }
    if (priority[added] > priority[node]) {
      split(node, key[added], tie[added]);
      left[added] = splitLeft;
      right[added] = splitRight;
      update(added);
      return added;
    }
    if (compare(node, key[added], tie[added]) > 0) {
      left[node] = insert(left[node], added);
    } else {
      right[node] = insert(right[node], added);
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
      split(right[node], primary, secondary);
      right[node] = splitLeft;
      update(node);
      splitLeft = node;
    } else {
      split(left[node], primary, secondary);
      left[node] = splitRight;
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
      int merged = merge(left[node], right[node]);
      release(node);
      return merged;
    }
    if (c > 0) {
      left[node] = remove(left[node], primary, secondary);
    } else {
      right[node] = remove(right[node], primary, secondary);
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
    if (priority[a] > priority[b]) {
      right[a] = merge(right[a], b);
      update(a);
      return a;
    }
    left[b] = merge(a, left[b]);
    update(b);
    return b;
  }
}
