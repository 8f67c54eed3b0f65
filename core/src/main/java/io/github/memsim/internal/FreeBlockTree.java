package io.github.memsim.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered set of free blocks, kept as a B+tree whose inner nodes also hold the largest block
 * size below each child, so that "the first block at or after a key that is at least this big"
 * is answered in a few node visits.
 *
 * <p>An entry is a pair of longs ({@code key}, {@code value}), ordered lexicographically. The
 * tree is made for one of two orders:
 * <ul>
 *   <li>{@link Order#BY_ADDRESS}: key = block address, value = block size (first-fit, next-fit);
 *       addresses are unique;</li>
 *   <li>{@link Order#BY_SIZE}: key = block size, value = block address (best-fit, worst-fit).</li>
 * </ul>
 *
 * <h2>Layout</h2>
 * Nodes hold up to {@value #CAPACITY} entries and live in flat arrays, a leaf's entries side by
 * side, so one visit reads a few consecutive cache lines instead of chasing a pointer per level.
 * An inner node holds, for each child, the child's smallest entry (exactly, always), the largest
 * block size in the child's subtree, and the child's index. A leaf links to the next leaf.
 * A full leaf shares its entries with a sibling that has room before it splits. Nodes that fall
 * below a quarter full are merged with a sibling or share its entries, so every node but the root
 * is at least a quarter full; emptied nodes are recycled, and the tree creates
 * no garbage in steady state. Its shape depends only on the operations, never on chance.
 *
 * <p>The search methods return a <em>position</em>, a handle valid until the next change, read
 * with {@link #key(int)} and {@link #value(int)}. {@link #visits()} counts the nodes that they
 * looked at; allocators report it as probes.
 */
public final class FreeBlockTree {
  /** The position that stands for "no entry". */
  public static final int NIL = -1;

  /** The order of a tree's entries. */
  public enum Order {
    /** Key = block address, value = block size. */
    BY_ADDRESS,
    /** Key = block size, value = block address. */
    BY_SIZE
  }

  static final int CAPACITY = 32;
  private static final int SHIFT = 5;
  private static final int MINIMUM = CAPACITY / 4;
  /** The free slots a sibling must have to take entries from a full leaf instead of a split. */
  private static final int SHARE_ROOM = 4;
  private static final int MAX_HEIGHT = 24;

  private final boolean sizeIsKey;

  // Leaves: entry i of leaf n is at n * CAPACITY + i.
  private long[] leafKeys;
  private long[] leafValues;
  private int[] leafCount;
  /** The next leaf in order, or NIL; on the free list, the next free leaf. */
  private int[] leafNext;
  private int leavesUsed;
  private int freeLeaves = NIL;

  // Inner nodes: entry i of node n describes child i, at n * CAPACITY + i.
  private long[] innerKeys;
  private long[] innerValues;
  private long[] innerMax;
  /** The number of entries in each child's subtree, for {@link #rankOfLastFit}. */
  private int[] innerSize;
  private int[] innerChild;
  private int[] innerCount;
  private int innersUsed;
  private int freeInners = NIL;

  private int root;
  /** The number of inner levels: 0 when the root is a leaf. */
  private int height;
  private int count;
  private long visits;

  /** The whole tree at one moment, as {@link #save()} copied it. */
  public static final class Saved {
    private final FreeBlockTree tree;
    private final long[] leafKeys;
    private final long[] leafValues;
    private final int[] leafCount;
    private final int[] leafNext;
    private final long[] innerKeys;
    private final long[] innerValues;
    private final long[] innerMax;
    private final int[] innerSize;
    private final int[] innerChild;
    private final int[] innerCount;
    private final long[] scalars;

    private Saved(FreeBlockTree t) {
      tree = t;
      leafKeys = t.leafKeys.clone();
      leafValues = t.leafValues.clone();
      leafCount = t.leafCount.clone();
      leafNext = t.leafNext.clone();
      innerKeys = t.innerKeys.clone();
      innerValues = t.innerValues.clone();
      innerMax = t.innerMax.clone();
      innerSize = t.innerSize.clone();
      innerChild = t.innerChild.clone();
      innerCount = t.innerCount.clone();
      scalars = new long[] {t.leavesUsed, t.freeLeaves, t.innersUsed, t.freeInners, t.root,
          t.height, t.count, t.visits};
    }
  }

  /** {@return a copy of the whole tree, node for node, for {@link #restore}} */
  public Saved save() {
    return new Saved(this);
  }

  /**
   * Makes the tree what it was when {@code saved} was taken, node for node (so searches visit
   * the same nodes); {@code saved} stays usable.
   *
   * @param saved a copy of this tree
   * @throws IllegalArgumentException if it is another tree's
   */
  public void restore(Saved saved) {
    if (saved.tree != this) {
      throw new IllegalArgumentException("a copy of another tree");
    }
    leafKeys = saved.leafKeys.clone();
    leafValues = saved.leafValues.clone();
    leafCount = saved.leafCount.clone();
    leafNext = saved.leafNext.clone();
    innerKeys = saved.innerKeys.clone();
    innerValues = saved.innerValues.clone();
    innerMax = saved.innerMax.clone();
    innerSize = saved.innerSize.clone();
    innerChild = saved.innerChild.clone();
    innerCount = saved.innerCount.clone();
    leavesUsed = (int) saved.scalars[0];
    freeLeaves = (int) saved.scalars[1];
    innersUsed = (int) saved.scalars[2];
    freeInners = (int) saved.scalars[3];
    root = (int) saved.scalars[4];
    height = (int) saved.scalars[5];
    count = (int) saved.scalars[6];
    visits = saved.scalars[7];
  }

  /** The rank of the entry that the last successful {@link #firstFit} found. */
  private int foundRank;

  /**
   * Inner nodes and child slots on the last way down (descend, firstFit), for rekeying; trees
   * that are never changed at once may share them (see {@link Path}).
   */
  private final int[] pathNode;
  private final int[] pathSlot;

  /**
   * Creates an empty tree.
   *
   * @param order the order of its entries
   */
  public FreeBlockTree(Order order) {
    this(order, 4, 1, new Path());
  }

  /**
   * The scratch arrays of a walk down a tree, which trees changed one at a time may share: each
   * call is done with them when it returns, except that {@link #rekeyFound} reads what the last
   * {@link #firstFit} left, so a tree used that way must have its own.
   */
  static final class Path {
    final int[] nodes = new int[MAX_HEIGHT];
    final int[] slots = new int[MAX_HEIGHT];
  }

  /**
   * Creates an empty tree with room for {@code leaves} leaves and {@code inners} inner nodes
   * before its arrays grow (a small tree, such as one of many size bins, starts with one leaf)
   * that keeps its walks down in {@code path}.
   */
  FreeBlockTree(Order order, int leaves, int inners, Path path) {
    this.sizeIsKey = order == Order.BY_SIZE;
    this.pathNode = path.nodes;
    this.pathSlot = path.slots;
    leafKeys = new long[leaves * CAPACITY];
    leafValues = new long[leaves * CAPACITY];
    leafCount = new int[leaves];
    leafNext = new int[leaves];
    innerKeys = new long[inners * CAPACITY];
    innerValues = new long[inners * CAPACITY];
    innerMax = new long[inners * CAPACITY];
    innerSize = new int[inners * CAPACITY];
    innerChild = new int[inners * CAPACITY];
    innerCount = new int[inners];
    clear();
  }

  /** {@return the number of entries} */
  public int count() {
    return count;
  }

  /** {@return the number of nodes the search methods have visited since the tree was made} */
  public long visits() {
    return visits;
  }

  /** {@return the largest block size in the tree, or 0 when it is empty} */
  public long maxSize() {
    return height == 0 ? leafMax(root) : innerNodeMax(root);
  }

  /** {@return the key of the entry at a position} */
  public long key(int position) {
    return leafKeys[position];
  }

  /** {@return the value of the entry at a position} */
  public long value(int position) {
    return leafValues[position];
  }

  /** Removes every entry. */
  public void clear() {
    leavesUsed = 0;
    freeLeaves = NIL;
    innersUsed = 0;
    freeInners = NIL;
    height = 0;
    count = 0;
    root = newLeaf();
  }

  // ---------------------------------------------------------------------------------------------
  // Searches

  /** {@return whether the tree holds this entry} */
  public boolean contains(long key, long value) {
    int leaf = descend(key, value);
    int slot = lowerBound(leaf, key, value);
    int at = (leaf << SHIFT) + slot;
    return slot < leafCount[leaf] && leafKeys[at] == key && leafValues[at] == value;
  }

  /** {@return the position of the smallest entry, or {@link #NIL} when the tree is empty} */
  public int first() {
    visits += height + 1;
    int node = root;
    for (int level = 0; level < height; level++) {
      node = innerChild[node << SHIFT];
    }
    return count == 0 ? NIL : node << SHIFT;
  }

  /**
   * {@return the position of the smallest entry not below ({@code key}, {@code value}), or
   * {@link #NIL}}
   */
  public int ceiling(long key, long value) {
    visits += height + 1;
    int leaf = descend(key, value);
    int slot = lowerBound(leaf, key, value);
    if (slot == leafCount[leaf]) {
      leaf = leafNext[leaf];
      if (leaf == NIL) {
        return NIL;
      }
      visits++;
      slot = 0;
    }
    return (leaf << SHIFT) + slot;
  }

  /**
   * Returns the position of the first entry whose key is at least {@code fromKey} and whose block
   * size is at least {@code need}, or {@link #NIL}.
   */
  public int firstFit(long fromKey, long need) {
    return firstFit(root, 0, fromKey, need, 0);
  }

  /**
   * Searches below {@code node}, before whose subtree {@code before} entries sort; on success
   * notes the found entry's rank in {@code foundRank}, counted on the way down.
   */
  private int firstFit(int node, int level, long fromKey, long need, int before) {
    visits++;
    if (level == height) {
      int n = leafCount[node];
      int base = node << SHIFT;
      for (int i = lowerBound(node, fromKey, Long.MIN_VALUE); i < n; i++) {
        if (sizeAt(base + i) >= need) {
          foundRank = before + i;
          return base + i;
        }
      }
      return NIL;
    }
    int base = node << SHIFT;
    int n = innerCount[node];
    int first = innerSlot(node, fromKey, Long.MIN_VALUE);
    for (int i = 0; i < first; i++) {
      before += innerSize[base + i];
    }
    for (int i = first; i < n; i++) {
      if (innerMax[base + i] >= need) {
        pathNode[level] = node;
        pathSlot[level] = i;
        int found = firstFit(innerChild[base + i], level + 1, fromKey, need, before);
        if (found != NIL) {
          return found;
        }
      }
      before += innerSize[base + i];
    }
    return NIL;
  }

  private long sizeAt(int at) {
    return sizeIsKey ? leafKeys[at] : leafValues[at];
  }

  private long sizeOf(long key, long value) {
    return sizeIsKey ? key : value;
  }

  /**
   * Walks from the root to the leaf where ({@code key}, {@code value}) belongs, noting the way in
   * {@code pathNode} and {@code pathSlot}.
   */
  private int descend(long key, long value) {
    int node = root;
    for (int level = 0; level < height; level++) {
      int slot = innerSlot(node, key, value);
      pathNode[level] = node;
      pathSlot[level] = slot;
      node = innerChild[(node << SHIFT) + slot];
    }
    return node;
  }

  private static int compare(long k1, long v1, long k2, long v2) {
    int c = Long.compare(k1, k2);
    return c != 0 ? c : Long.compare(v1, v2);
  }

  /** {@return the last child whose smallest entry is not above the pair, or 0} */
  private int innerSlot(int node, long key, long value) {
    int base = node << SHIFT;
    return search(innerKeys, innerValues, base + 1, base + innerCount[node], key, value, true)
        - base - 1;
  }

  /** {@return the first slot of a leaf whose entry is not below the pair} */
  private int lowerBound(int leaf, long key, long value) {
    int base = leaf << SHIFT;
    return search(leafKeys, leafValues, base, base + leafCount[leaf], key, value, false) - base;
  }

  /**
   * Search of the sorted entries at {@code [from, to)}: {@return the first index whose entry is
   * above the pair, or (unless {@code inclusive}) not below it}. A node holds at most
   * {@value #CAPACITY} entries, so this scans instead of halving: a scan's loop mispredicts
   * once, at its exit, where halving mispredicts every other step (on the 1,000,000-operation
   * replay, first-fit, 7% less time).
   */
  private int search(long[] keys, long[] values, int from, int to, long key, long value,
      boolean inclusive) {
    // The entries before the answer are exactly those that sort before the pair; one look at
    // the middle says which half holds the answer, and that half is scanned from its far end
    // towards the middle, so a scan covers at most half the node.
    int mid = (from + to) >>> 1;
    if (mid < to && before(keys, values, mid, key, value, inclusive)) {
      int i = to;
      while (i - 1 > mid && !before(keys, values, i - 1, key, value, inclusive)) {
        i--;
      }
      return i;
    }
    int i = from;
    while (i < mid && before(keys, values, i, key, value, inclusive)) {
      i++;
    }
    return i;
  }

  /**
   * {@return whether entry {@code i} sorts before the pair, or (if {@code inclusive}) is the
   * pair} By address, where addresses are unique, the key alone decides.
   */
  private boolean before(long[] keys, long[] values, int i, long key, long value,
      boolean inclusive) {
    long k = keys[i];
    if (!sizeIsKey || k != key) {
      return inclusive ? k <= key : k < key;
    }
    return inclusive ? values[i] <= value : values[i] < value;
  }

  /**
   * {@return the rank of the entry that the last successful call to {@link #firstFit} returned,
   * with no change to the tree since: how many entries sort before it, which is how many a
   * linear scan in the tree's order passes before reaching it, counted on firstFit's way down
   * instead of by a new search}
   */
  public int rankOfLastFit() {
    return foundRank;
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  /**
   * Adds an entry.
   *
   * @throws IllegalArgumentException if the entry is there already, or (by address) an entry
   *     with this address is
   */
  public void insert(long key, long value) {
    int split = insert(root, 0, key, value);
    if (split != NIL) {
      int top = newInner();
      int base = top << SHIFT;
      innerCount[top] = 2;
      // Levels are still counted from the old root: the children are at level 0.
      setEntry(base, root, 0);
      setEntry(base + 1, split, 0);
      root = top;
      height++;
    }
    count++;
  }

  /** Inserts below {@code node}; returns a new right sibling if {@code node} split, else NIL. */
  private int insert(int node, int level, long key, long value) {
    if (level == height) {
      int slot = lowerBound(node, key, value);
      int at = (node << SHIFT) + slot;
      // By address the search looks at keys alone, so an entry with this address is at the slot.
      if (slot < leafCount[node] && leafKeys[at] == key
          && (!sizeIsKey || leafValues[at] == value)) {
        throw new IllegalArgumentException("entry (" + key + ", " + value + ") is already there");
      }
      return insertIntoLeaf(node, slot, key, value);
    }
    int slot = innerSlot(node, key, value);
    if (level + 1 == height && leafCount[innerChild[(node << SHIFT) + slot]] == CAPACITY
        && shareWithSibling(node, slot)) {
      slot = innerSlot(node, key, value);
    }
    int at = (node << SHIFT) + slot;
    int child = innerChild[at];
    int split = insert(child, level + 1, key, value);
    if (split == NIL) {
      innerMax[at] = Math.max(innerMax[at], sizeOf(key, value));
      innerSize[at]++;
      if (slot == 0) {
        innerKeys[at] = firstKey(child, level + 1);
        innerValues[at] = firstValue(child, level + 1);
      }
      return NIL;
    }
    setEntry(at, child, level + 1);
    return insertIntoInner(node, slot + 1, split, level + 1);
  }

  private int insertIntoLeaf(int leaf, int slot, long key, long value) {
    int n = leafCount[leaf];
    if (n < CAPACITY) {
      int at = (leaf << SHIFT) + slot;
      System.arraycopy(leafKeys, at, leafKeys, at + 1, n - slot);
      System.arraycopy(leafValues, at, leafValues, at + 1, n - slot);
      leafKeys[at] = key;
      leafValues[at] = value;
      leafCount[leaf] = n + 1;
      return NIL;
    }
    int right = newLeaf();
    int half = splitPoint(slot);
    int from = leaf << SHIFT;
    int to = right << SHIFT;
    System.arraycopy(leafKeys, from + half, leafKeys, to, CAPACITY - half);
    System.arraycopy(leafValues, from + half, leafValues, to, CAPACITY - half);
    leafCount[leaf] = half;
    leafCount[right] = CAPACITY - half;
    leafNext[right] = leafNext[leaf];
    leafNext[leaf] = right;
    if (slot <= half) {
      insertIntoLeaf(leaf, slot, key, value);
    } else {
      insertIntoLeaf(right, slot - half, key, value);
    }
    return right;
  }

  /**
   * Makes room in the full leaf that is child {@code slot} of {@code node} by sharing its entries
   * evenly with the emptier of its siblings, when that one has room for a few: a leaf splits only
   * when its neighbours are full too. At the peak of a 1M-operation random trace this keeps
   * leaves 55 to 77% full instead of 44 to 61%, about 6 to 7 bytes per free block fewer.
   *
   * @return whether entries moved (and the caller must look for its slot again)
   */
  private boolean shareWithSibling(int node, int slot) {
    int at = (node << SHIFT) + slot;
    int n = innerCount[node];
    int left = slot > 0 ? leafCount[innerChild[at - 1]] : CAPACITY;
    int right = slot + 1 < n ? leafCount[innerChild[at + 1]] : CAPACITY;
    if (Math.min(left, right) > CAPACITY - SHARE_ROOM) {
      return false;
    }
    int first = right <= left ? at : at - 1;
    int a = innerChild[first];
    int b = innerChild[first + 1];
    int na = leafCount[a];
    int nb = leafCount[b];
    moveLeafEntries(a, na, b, nb, (na + nb) / 2);
    setEntry(first, a, height);
    setEntry(first + 1, b, height);
    return true;
  }

  /**
   * {@return how many entries a full node keeps when it splits for an entry at {@code slot}}
   * Half, except for an entry at or near the end, the way a heap freed in address order fills
   * the tree (near, because the heap's last free block usually stays last): then the node keeps
   * three quarters, so such a tree ends up three quarters full, not half.
   */
  private static int splitPoint(int slot) {
    return slot > CAPACITY - MINIMUM / 2 ? CAPACITY - MINIMUM : CAPACITY / 2;
  }

  /** Inserts {@code child} as entry {@code slot} of an inner node, splitting it when full. */
  private int insertIntoInner(int node, int slot, int child, int childLevel) {
    int n = innerCount[node];
    if (n < CAPACITY) {
      int at = (node << SHIFT) + slot;
      shiftInner(at, at + 1, n - slot);
      setEntry(at, child, childLevel);
      innerCount[node] = n + 1;
      return NIL;
    }
    int right = newInner();
    int half = splitPoint(slot);
    shiftInner((node << SHIFT) + half, right << SHIFT, CAPACITY - half);
    innerCount[node] = half;
    innerCount[right] = CAPACITY - half;
    if (slot <= half) {
      insertIntoInner(node, slot, child, childLevel);
    } else {
      insertIntoInner(right, slot - half, child, childLevel);
    }
    return right;
  }

  /**
   * Removes an entry.
   *
   * @return whether it was there
   */
  public boolean remove(long key, long value) {
    if (!remove(root, 0, key, value)) {
      return false;
    }
    count--;
    if (height > 0 && innerCount[root] == 1) {
      int only = innerChild[root << SHIFT];
      releaseInner(root);
      root = only;
      height--;
    }
    return true;
  }

  private boolean remove(int node, int level, long key, long value) {
    if (level == height) {
      int slot = lowerBound(node, key, value);
      int at = (node << SHIFT) + slot;
      int n = leafCount[node];
      if (slot == n || leafKeys[at] != key || leafValues[at] != value) {
        return false;
      }
      System.arraycopy(leafKeys, at + 1, leafKeys, at, n - slot - 1);
      System.arraycopy(leafValues, at + 1, leafValues, at, n - slot - 1);
      leafCount[node] = n - 1;
      return true;
    }
    int slot = innerSlot(node, key, value);
    int at = (node << SHIFT) + slot;
    int child = innerChild[at];
    if (!remove(child, level + 1, key, value)) {
      return false;
    }
    int childLevel = level + 1;
    if (nodeCount(child, childLevel) >= MINIMUM || innerCount[node] == 1) {
      innerSize[at]--;
      // The removed entry may have been the child's first.
      innerKeys[at] = firstKey(child, childLevel);
      innerValues[at] = firstValue(child, childLevel);
      if (innerMax[at] == sizeOf(key, value)) {
        innerMax[at] = nodeMax(child, childLevel);
      }
      return true;
    }
    rebalance(node, slot == innerCount[node] - 1 ? slot - 1 : slot, childLevel);
    return true;
  }

  /**
   * Merges children {@code left} and {@code left + 1} of {@code node}, or shares their entries
   * evenly when they do not fit in one node.
   */
  private void rebalance(int node, int left, int childLevel) {
    int at = (node << SHIFT) + left;
    int a = innerChild[at];
    int b = innerChild[at + 1];
    int na = nodeCount(a, childLevel);
    int nb = nodeCount(b, childLevel);
    boolean leaves = childLevel == height;
    if (na + nb <= CAPACITY * 3 / 4) {
      if (leaves) {
        System.arraycopy(leafKeys, b << SHIFT, leafKeys, (a << SHIFT) + na, nb);
        System.arraycopy(leafValues, b << SHIFT, leafValues, (a << SHIFT) + na, nb);
        leafCount[a] = na + nb;
        leafNext[a] = leafNext[b];
        releaseLeaf(b);
      } else {
        shiftInner(b << SHIFT, (a << SHIFT) + na, nb);
        innerCount[a] = na + nb;
        releaseInner(b);
      }
      int n = innerCount[node];
      shiftInner(at + 2, at + 1, n - left - 2);
      innerCount[node] = n - 1;
      setEntry(at, a, childLevel);
      return;
    }
    int total = na + nb;
    int keepLeft = total / 2;
    if (leaves) {
      moveLeafEntries(a, na, b, nb, keepLeft);
    } else {
      moveInnerEntries(a, na, b, nb, keepLeft);
    }
    setEntry(at, a, childLevel);
    setEntry(at + 1, b, childLevel);
  }

  private void moveLeafEntries(int a, int na, int b, int nb, int keepLeft) {
    int baseA = a << SHIFT;
    int baseB = b << SHIFT;
    if (na > keepLeft) {
      int moved = na - keepLeft;
      System.arraycopy(leafKeys, baseB, leafKeys, baseB + moved, nb);
      System.arraycopy(leafValues, baseB, leafValues, baseB + moved, nb);
      System.arraycopy(leafKeys, baseA + keepLeft, leafKeys, baseB, moved);
      System.arraycopy(leafValues, baseA + keepLeft, leafValues, baseB, moved);
    } else {
      int moved = keepLeft - na;
      System.arraycopy(leafKeys, baseB, leafKeys, baseA + na, moved);
      System.arraycopy(leafValues, baseB, leafValues, baseA + na, moved);
      System.arraycopy(leafKeys, baseB + moved, leafKeys, baseB, nb - moved);
      System.arraycopy(leafValues, baseB + moved, leafValues, baseB, nb - moved);
    }
    leafCount[a] = keepLeft;
    leafCount[b] = na + nb - keepLeft;
  }

  private void moveInnerEntries(int a, int na, int b, int nb, int keepLeft) {
    int baseA = a << SHIFT;
    int baseB = b << SHIFT;
    if (na > keepLeft) {
      int moved = na - keepLeft;
      shiftInner(baseB, baseB + moved, nb);
      shiftInner(baseA + keepLeft, baseB, moved);
    } else {
      int moved = keepLeft - na;
      shiftInner(baseB, baseA + na, moved);
      shiftInner(baseB + moved, baseB, nb - moved);
    }
    innerCount[a] = keepLeft;
    innerCount[b] = na + nb - keepLeft;
  }

  /**
   * Changes an entry in place. The caller guarantees that the new entry sorts exactly where the
   * old one did: no other entry lies between them.
   *
   * @return whether the old entry was there
   */
  public boolean rekey(long key, long value, long newKey, long newValue) {
    int leaf = descend(key, value);
    int slot = lowerBound(leaf, key, value);
    int at = (leaf << SHIFT) + slot;
    if (slot == leafCount[leaf] || leafKeys[at] != key || leafValues[at] != value) {
      return false;
    }
    replace(leaf, slot, newKey, newValue);
    return true;
  }

  /**
   * Changes the entry at a position that the last call returned, which must be
   * {@link #firstFit}, with no change to the tree since; otherwise as {@link #rekey}. This
   * spares the walk down that {@code rekey} needs.
   */
  public void rekeyFound(int position, long newKey, long newValue) {
    replace(position >>> SHIFT, position & (CAPACITY - 1), newKey, newValue);
  }

  /** Replaces the entry in a leaf slot, then fixes the path to it (in pathNode, pathSlot). */
  private void replace(int leaf, int slot, long newKey, long newValue) {
    int at = (leaf << SHIFT) + slot;
    long oldSize = sizeAt(at);
    leafKeys[at] = newKey;
    leafValues[at] = newValue;
    long newSize = sizeOf(newKey, newValue);
    boolean first = slot == 0;
    boolean maxChanged = true;
    int child = leaf;
    for (int level = height - 1; level >= 0 && (first || maxChanged); level--) {
      int e = (pathNode[level] << SHIFT) + pathSlot[level];
      if (first) {
        innerKeys[e] = newKey;
        innerValues[e] = newValue;
        first = pathSlot[level] == 0;
      }
      if (maxChanged) {
        long m = innerMax[e];
        if (newSize >= m) {
          maxChanged = newSize != m;
          innerMax[e] = newSize;
        } else if (oldSize == m) {
          // The subtree's largest block shrank: its new largest, and above only if that moved.
          long largest = nodeMax(child, level + 1);
          innerMax[e] = largest;
          maxChanged = largest != m;
        } else {
          maxChanged = false;
        }
      }
      child = pathNode[level];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Node helpers

  /** Describes {@code child} (at {@code childLevel}) in inner entry {@code at}. */
  private void setEntry(int at, int child, int childLevel) {
    innerChild[at] = child;
    innerKeys[at] = firstKey(child, childLevel);
    innerValues[at] = firstValue(child, childLevel);
    innerMax[at] = nodeMax(child, childLevel);
    innerSize[at] = nodeSize(child, childLevel);
  }

  private void shiftInner(int from, int to, int length) {
    System.arraycopy(innerKeys, from, innerKeys, to, length);
    System.arraycopy(innerValues, from, innerValues, to, length);
    System.arraycopy(innerMax, from, innerMax, to, length);
    System.arraycopy(innerSize, from, innerSize, to, length);
    System.arraycopy(innerChild, from, innerChild, to, length);
  }

  /** {@return the number of entries in the subtree of {@code node}} */
  private int nodeSize(int node, int level) {
    if (level == height) {
      return leafCount[node];
    }
    int base = node << SHIFT;
    int size = 0;
    for (int i = 0; i < innerCount[node]; i++) {
      size += innerSize[base + i];
    }
    return size;
  }

  private int nodeCount(int node, int level) {
    return level == height ? leafCount[node] : innerCount[node];
  }

  private long firstKey(int node, int level) {
    return level == height ? leafKeys[node << SHIFT] : innerKeys[node << SHIFT];
  }

  private long firstValue(int node, int level) {
    return level == height ? leafValues[node << SHIFT] : innerValues[node << SHIFT];
  }

  private long nodeMax(int node, int level) {
    return level == height ? leafMax(node) : innerNodeMax(node);
  }

  private long leafMax(int leaf) {
    int base = leaf << SHIFT;
    int n = leafCount[leaf];
    if (sizeIsKey) {
      return n == 0 ? 0 : leafKeys[base + n - 1];
    }
    return max(leafValues, base, n);
  }

  private long innerNodeMax(int node) {
    return max(innerMax, node << SHIFT, innerCount[node]);
  }

  /** {@return the largest of {@code n} sizes from {@code from}, or 0} */
  private static long max(long[] sizes, int from, int n) {
    long m = 0;
    for (int i = from; i < from + n; i++) {
      m = Math.max(m, sizes[i]);
    }
    return m;
  }

  private int newLeaf() {
    int leaf;
    if (freeLeaves != NIL) {
      leaf = freeLeaves;
      freeLeaves = leafNext[leaf];
    } else {
      if (leavesUsed == leafCount.length) {
        int capacity = leavesUsed + Math.max(4, leavesUsed >> 2);
        leafKeys = Arrays.copyOf(leafKeys, capacity << SHIFT);
        leafValues = Arrays.copyOf(leafValues, capacity << SHIFT);
        leafCount = Arrays.copyOf(leafCount, capacity);
        leafNext = Arrays.copyOf(leafNext, capacity);
      }
      leaf = leavesUsed++;
    }
    leafCount[leaf] = 0;
    leafNext[leaf] = NIL;
    return leaf;
  }

  private void releaseLeaf(int leaf) {
    leafNext[leaf] = freeLeaves;
    freeLeaves = leaf;
  }

  private int newInner() {
    int node;
    if (freeInners != NIL) {
      node = freeInners;
      freeInners = innerChild[node << SHIFT];
    } else {
      if (innersUsed == innerCount.length) {
        int capacity = innersUsed + Math.max(1, innersUsed >> 1);
        innerKeys = Arrays.copyOf(innerKeys, capacity << SHIFT);
        innerValues = Arrays.copyOf(innerValues, capacity << SHIFT);
        innerMax = Arrays.copyOf(innerMax, capacity << SHIFT);
        innerSize = Arrays.copyOf(innerSize, capacity << SHIFT);
        innerChild = Arrays.copyOf(innerChild, capacity << SHIFT);
        innerCount = Arrays.copyOf(innerCount, capacity);
      }
      node = innersUsed++;
    }
    innerCount[node] = 0;
    return node;
  }

  private void releaseInner(int node) {
    innerChild[node << SHIFT] = freeInners;
    freeInners = node;
  }

  /** {@return the number of leaves in use} For tests. */
  int leaves() {
    int free = 0;
    for (int leaf = freeLeaves; leaf != NIL; leaf = leafNext[leaf]) {
      free++;
    }
    return leavesUsed - free;
  }

  /**
   * Checks the tree's structure: order, exact separators and maxima, fill, leaf links and count.
   * For tests.
   *
   * @throws IllegalStateException at the first fault
   */
  void checkStructure() {
    List<Integer> leaves = new ArrayList<>();
    checkNode(root, 0, leaves);
    List<Integer> chain = new ArrayList<>();
    int entries = 0;
    long lastKey = 0;
    long lastValue = 0;
    for (int leaf = leaves.get(0); leaf != NIL && chain.size() <= leaves.size();
        leaf = leafNext[leaf]) {
      chain.add(leaf);
      for (int at = leaf << SHIFT; at < (leaf << SHIFT) + leafCount[leaf]; at++) {
        if (entries++ > 0 && compare(lastKey, lastValue, leafKeys[at], leafValues[at]) >= 0) {
          throw new IllegalStateException("entries out of order at leaf " + leaf);
        }
        lastKey = leafKeys[at];
        lastValue = leafValues[at];
      }
    }
    if (!chain.equals(leaves)) {
      throw new IllegalStateException("leaf chain " + chain + " is not the leaves " + leaves);
    }
    if (entries != count) {
      throw new IllegalStateException("count " + count + " but " + entries + " entries");
    }
  }

  /**
   * Checks fill, separators, maxima and subtree sizes below {@code node}, lists its leaves in
   * order, and returns the number of entries below it.
   */
  private int checkNode(int node, int level, List<Integer> leaves) {
    int n = nodeCount(node, level);
    if (node != root && n < MINIMUM) {
      throw new IllegalStateException("node " + node + " at level " + level + " holds " + n);
    }
    if (level == height) {
      leaves.add(node);
      return n;
    }
    if (n < 2 && node == root) {
      throw new IllegalStateException("inner root with " + n + " children");
    }
    int entries = 0;
    for (int i = 0; i < n; i++) {
      int at = (node << SHIFT) + i;
      int child = innerChild[at];
      if (innerKeys[at] != firstKey(child, level + 1)
          || innerValues[at] != firstValue(child, level + 1)
          || innerMax[at] != nodeMax(child, level + 1)) {
        throw new IllegalStateException("stale entry " + i + " of inner node " + node);
      }
      int below = checkNode(child, level + 1, leaves);
      if (innerSize[at] != below) {
        throw new IllegalStateException("entry " + i + " of inner node " + node + " says "
            + innerSize[at] + " entries below it, but there are " + below);
      }
      entries += below;
    }
    return entries;
  }
}
