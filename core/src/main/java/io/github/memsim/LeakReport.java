package io.github.memsim;

import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live blocks of a heap at one moment, classified as Valgrind's Memcheck classifies them
 * at exit: found by scanning every thread's stack, and then every block reached, for 8-byte
 * words that point into live blocks. The scan is conservative, as Memcheck's is: any aligned
 * word whose value falls inside a live block counts as a pointer to it, whether the program
 * stored it as a pointer or as a number. Made by {@link Heap#leaks()}; read-only.
 *
 * <p>{@link #toString()} groups blocks by kind, allocating thread and allocation site, largest
 * first, in memsim's grammar: {@code 48 bytes in 3 blocks are definitely lost, allocated by
 * main in push_node <- build_list <- main}.
 */
public final class LeakReport {
  /** How a live block can still be reached, from best to worst, as Memcheck names it. */
  public enum Kind {
    /** A pointer to its start is reachable from a thread's stack. */
    STILL_REACHABLE("still reachable"),
    /**
     * Only pointers into its middle are reachable (or it is reached only from a possibly lost
     * block): it may be lost, or the program may keep an interior pointer on purpose.
     */
    POSSIBLY_LOST("possibly lost"),
    /**
     * Nothing reachable points to it, but another lost block does: it is lost because that one
     * is, and freeing that one's contents would have freed it.
     */
    INDIRECTLY_LOST("indirectly lost"),
    /** Nothing reachable points to it, and no other lost block leads to it: the leak itself. */
    DEFINITELY_LOST("definitely lost");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    /** {@return the words reports use, e.g. "definitely lost"} */
    public String words() {
      return words;
    }
  }

  /**
   * The blocks of one kind allocated by one thread at one site.
   *
   * @param kind how they can be reached
   * @param thread the thread that allocated them
   * @param site the functions on its stack then, innermost first (empty outside any frame)
   * @param bytes the bytes they hold
   * @param blocks the blocks, in address order
   */
  public record Group(Kind kind, String thread, List<String> site, long bytes,
      List<HeapBlock> blocks) {
    /**
     * Copies the lists.
     *
     * @param kind how they can be reached
     * @param thread the allocating thread
     * @param site the allocation site
     * @param bytes their bytes
     * @param blocks the blocks
     */
    public Group {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(thread, "thread");
      site = List.copyOf(site);
      blocks = List.copyOf(blocks);
    }

    /**
     * {@return e.g. {@code 48 bytes in 3 blocks are definitely lost, allocated by main in f <-
     * main}}
     */
    @Override
    public String toString() {
      return Phrases.leakGroup(bytes, blocks.size(), kind.words(), thread, site);
    }
  }

  private final List<Group> groups;
  private final Map<Long, Kind> kinds;

  LeakReport(ThreadTable threads, Map<Block, Kind> classified) {
    Map<List<Object>, List<HeapBlock>> byKey = new LinkedHashMap<>();
    Map<Long, Kind> byAddress = new LinkedHashMap<>();
    classified.forEach((block, kind) -> {
      HeapBlock snapshot = threads.heapBlock(block);
      byAddress.put(block.address(), kind);
      byKey.computeIfAbsent(List.of(kind, snapshot.thread(), snapshot.allocationSite()),
          k -> new ArrayList<>()).add(snapshot);
    });
    List<Group> found = new ArrayList<>();
    byKey.forEach((key, blocks) -> {
      @SuppressWarnings("unchecked")
      List<String> site = (List<String>) key.get(2);
      found.add(new Group((Kind) key.get(0), (String) key.get(1), site,
          blocks.stream().mapToLong(HeapBlock::size).sum(), blocks));
    });
    found.sort(Comparator.comparing(Group::kind).reversed()
        .thenComparing(Comparator.comparingLong(Group::bytes).reversed())
        .thenComparing(g -> g.blocks().get(0).address()));
    this.groups = List.copyOf(found);
    this.kinds = byAddress;
  }

  /** {@return every group, the worst kind first, then the most bytes first} */
  public List<Group> groups() {
    return groups;
  }

  /**
   * {@return the groups of one kind}
   *
   * @param kind the kind
   */
  public List<Group> groups(Kind kind) {
    return groups.stream().filter(g -> g.kind() == kind).toList();
  }

  /**
   * {@return the bytes of one kind}
   *
   * @param kind the kind
   */
  public long bytes(Kind kind) {
    return groups(kind).stream().mapToLong(Group::bytes).sum();
  }

  /**
   * {@return the blocks of one kind}
   *
   * @param kind the kind
   */
  public long blocks(Kind kind) {
    return groups(kind).stream().mapToLong(g -> g.blocks().size()).sum();
  }

  /**
   * {@return how the live block at {@code address} was classified, if one starts there}
   *
   * @param address a block's first payload byte
   */
  public Optional<Kind> kindOf(long address) {
    return Optional.ofNullable(kinds.get(address));
  }

  /** {@return whether no block is lost, definitely, indirectly or possibly} */
  public boolean isLeakFree() {
    return groups.stream().allMatch(g -> g.kind() == Kind.STILL_REACHABLE);
  }

  /**
   * {@return one line per group, worst first, then a summary line per kind, e.g. "definitely
   * lost: 48 bytes in 3 blocks"}
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Group group : groups) {
      if (group.kind() != Kind.STILL_REACHABLE) {
        out.append(group).append('\n');
      }
    }
    for (Kind kind : List.of(Kind.DEFINITELY_LOST, Kind.INDIRECTLY_LOST, Kind.POSSIBLY_LOST,
        Kind.STILL_REACHABLE)) {
      out.append(kind.words()).append(": ").append(Text.count(bytes(kind), "byte")).append(" in ")
          .append(Text.count(blocks(kind), "block")).append('\n');
    }
    return out.toString();
  }
}
