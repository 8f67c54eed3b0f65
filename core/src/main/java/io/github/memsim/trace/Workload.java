package io.github.memsim.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic allocation workloads, as named profiles. The same profile, operation count, live
 * target and seed always give the same trace. Every trace ends by freeing what is still live,
 * so it is balanced.
 */
public enum Workload {
  /** Uniform sizes from 1 to 2048 bytes; frees pick a random live block. */
  RANDOM("random", "uniform sizes 1..2048, random frees, about LIVE blocks live") {
    @Override
    void run(Generator g) {
      while (g.room()) {
        boolean allocate = g.liveCount() == 0
            || g.random.nextDouble() < (g.liveCount() < g.liveTarget ? 0.6 : 0.4);
        if (allocate) {
          g.alloc(1 + g.random.nextInt(2048));
        } else {
          g.free(g.random.nextInt(g.liveCount()));
        }
      }
    }
  },
  /**
   * A program-like mix: mostly small blocks, some medium, a heavy tail of large ones; phases of
   * growth and shrinkage; most blocks die young (the most recent is freed first), some live long.
   */
  PROGRAM("program", "heavy-tailed sizes, growth and shrink phases, mostly short lifetimes") {
    @Override
    void run(Generator g) {
      int phaseLength = Math.max(100, g.operations / 10);
      boolean growing = true;
      while (g.room()) {
        if (g.done() % phaseLength == 0) {
          growing = !growing || g.liveCount() < g.liveTarget / 4;
        }
        double allocateChance = growing ? 0.65 : 0.35;
        if (g.liveCount() >= g.liveTarget) {
          allocateChance = 0.3;
        }
        if (g.liveCount() == 0 || g.random.nextDouble() < allocateChance) {
          g.alloc(heavyTailedSize(g.random));
        } else {
          boolean young = g.random.nextDouble() < 0.75;
          int index = young ? g.liveCount() - 1 - Math.min(g.liveCount() - 1,
              g.random.nextInt(8)) : g.random.nextInt(g.liveCount());
          g.free(index);
        }
      }
    }
  },
  /**
   * The pathological case for fragmentation: pairs of a small and a large block, then the large
   * ones are freed and somewhat larger blocks requested, which fit none of the holes.
   */
  BINARY("binary", "small/large pairs, large ones freed, then larger requests") {
    @Override
    void run(Generator g) {
      int pairs = Math.max(1, g.liveTarget / 2);
      int round = 0;
      while (g.room()) {
        int small = 16 + 16 * (round % 4);
        int large = 448 + 16 * (round % 3);
        List<Integer> larges = new ArrayList<>(pairs);
        for (int i = 0; i < pairs && g.room(); i++) {
          g.alloc(small);
          larges.add(g.alloc(large));
        }
        for (int id : larges) {
          if (!g.room()) {
            break;
          }
          g.freeId(id);
        }
        for (int i = 0; i < pairs / 2 && g.room(); i++) {
          g.alloc(large + 64);
        }
        while (g.liveCount() > pairs && g.room()) {
          g.free(g.random.nextInt(g.liveCount()));
        }
        round++;
      }
    }
  },
  /** Runs of adjacent blocks freed in shuffled order, so that every free coalesces. */
  COALESCING("coalescing", "runs of adjacent blocks freed in shuffled order, then a big block") {
    @Override
    void run(Generator g) {
      int run = Math.max(2, Math.min(g.liveTarget, 256));
      while (g.room()) {
        int size = 32 + 32 * g.random.nextInt(32);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < run && g.room(); i++) {
          ids.add(g.alloc(size));
        }
        for (int i = ids.size() - 1; i > 0; i--) {
          int j = g.random.nextInt(i + 1);
          int swap = ids.get(i);
          ids.set(i, ids.get(j));
          ids.set(j, swap);
        }
        for (int id : ids) {
          if (!g.room()) {
            break;
          }
          g.freeId(id);
        }
        if (g.room()) {
          int big = g.alloc((long) size * run / 2);
          if (g.room()) {
            g.freeId(big);
          }
        }
      }
    }
  },
  /** A few buffers that grow by realloc, with small short-lived blocks in between. */
  REALLOC("realloc", "growing buffers reallocated step by step among small blocks") {
    @Override
    void run(Generator g) {
      int buffers = Math.max(1, Math.min(16, g.liveTarget / 8));
      int[] ids = new int[buffers];
      long[] sizes = new long[buffers];
      for (int i = 0; i < buffers && g.room(); i++) {
        sizes[i] = 64;
        ids[i] = g.alloc(sizes[i]);
      }
      while (g.room()) {
        int b = g.random.nextInt(buffers);
        sizes[b] += 16 + g.random.nextInt(240);
        if (sizes[b] > 1 << 20) {
          sizes[b] = 64;
        }
        g.realloc(ids[b], sizes[b]);
        if (g.room() && g.random.nextDouble() < 0.7) {
          if (g.liveCount() - buffers < g.liveTarget && g.random.nextBoolean()) {
            g.alloc(8 + g.random.nextInt(120));
          } else if (g.liveCount() > buffers) {
            g.free(buffers + g.random.nextInt(g.liveCount() - buffers));
          }
        }
      }
    }
  };

  private final String profile;
  private final String description;

  Workload(String profile, String description) {
    this.profile = profile;
    this.description = description;
  }

  /** {@return the profile's name, as the command line takes it} */
  public String profile() {
    return profile;
  }

  /** {@return a one-line description} */
  public String description() {
    return description;
  }

  /**
   * Finds a profile by name, ignoring case.
   *
   * @param name a profile name, such as {@code random}
   * @return the workload
   * @throws IllegalArgumentException if there is none, listing the known names
   */
  public static Workload byName(String name) {
    for (Workload workload : values()) {
      if (workload.profile.equalsIgnoreCase(name)) {
        return workload;
      }
    }
    throw new IllegalArgumentException("unknown profile '" + name + "'; known profiles: "
        + String.join(", ", profiles()));
  }

  /** {@return the profile names of all workloads, in declaration order} */
  public static List<String> profiles() {
    List<String> names = new ArrayList<>();
    for (Workload workload : values()) {
      names.add(workload.profile);
    }
    return List.copyOf(names);
  }

  /**
   * Generates a trace.
   *
   * @param operations the number of operations, at least 2
   * @param liveBlocks how many blocks the workload keeps live at its peak, roughly; at least 1
   * @param seed the seed
   * @return a balanced trace of exactly {@code operations} operations, named
   *     {@code PROFILE-OPERATIONS-SEED}
   * @throws IllegalArgumentException if a count is out of range
   */
  public Trace generate(int operations, int liveBlocks, long seed) {
    check(operations, liveBlocks);
    Trace.Builder builder = Trace.builder(profile + "-" + operations + "-" + seed).weight(1);
    Generator g = new Generator(profile, operations, liveBlocks, seed,
        (kind, id, size) -> builder.add(kind, id, size, 0));
    run(g);
    g.finishOps();
    return builder.suggestedHeapSize(g.suggestedHeapSize()).build();
  }

  /**
   * Writes a trace in the {@code .rep} format as it is generated, without holding it: the same
   * text as {@link TraceFormat#write(Trace, Writer)} of {@link #generate(int, int, long)}, in
   * memory that grows with the live blocks, not the operations. The generator runs twice (the
   * header's figures are known only at its end), which determinism allows.
   *
   * @param operations the number of operations, at least 2
   * @param liveBlocks how many blocks the workload keeps live at its peak, roughly; at least 1
   * @param seed the seed
   * @param out where the trace goes; not closed
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if a count is out of range
   */
  public void write(int operations, int liveBlocks, long seed, Writer out) throws IOException {
    check(operations, liveBlocks);
    String name = profile + "-" + operations + "-" + seed;
    int[] maxId = {-1};
    Generator count = new Generator(name, operations, liveBlocks, seed,
        (kind, id, size) -> maxId[0] = Math.max(maxId[0], id));
    run(count);
    count.finishOps();
    out.write(count.suggestedHeapSize() + "\n" + (maxId[0] + 1L) + "\n" + count.done() + "\n1\n");
    StringBuilder line = new StringBuilder(32);
    Generator write = new Generator(name, operations, liveBlocks, seed, (kind, id, size) -> {
      line.setLength(0);
      TraceFormat.operation(line, kind, id, size, 0, 0);
      try {
        out.write(line.append('\n').toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      run(write);
      write.finishOps();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void check(int operations, int liveBlocks) {
    if (operations < 2) {
      throw new IllegalArgumentException("operations must be at least 2 but was " + operations);
    }
    if (liveBlocks < 1) {
      throw new IllegalArgumentException("live blocks must be at least 1 but was " + liveBlocks);
    }
  }

  abstract void run(Generator g);

  static long heavyTailedSize(SplittableRandom random) {
    double u = random.nextDouble();
    if (u < 0.6) {
      return 8 + random.nextInt(57);
    }
    if (u < 0.9) {
      return (long) Math.exp(Math.log(64) + random.nextDouble() * Math.log(512.0 / 64));
    }
    // Pareto tail with shape 1.2 from 512 bytes, capped at 256 KiB.
    double pareto = 512 / Math.pow(1 - random.nextDouble(), 1 / 1.2);
    return (long) Math.min(pareto, 256 * 1024);
  }

  @Override
  public String toString() {
    return profile.toLowerCase(Locale.ROOT);
  }

  /** The state of one generation: the trace so far and the live blocks. */
  static final class Generator {
    final SplittableRandom random;
    final int operations;
    final int liveTarget;
    /** Where each operation goes. */
    interface Sink {
      void add(Trace.Kind kind, int id, long size);
    }

    private final Sink sink;
    private int count;
    /** Live ids; freeing swaps the last one into the hole, so order is only roughly by age. */
    private int[] live = new int[1024];
    private int liveCount;
    /** Per id: its index in {@link #live}, and its size. */
    private int[] position = new int[1024];
    private long[] sizes = new long[1024];
    private int[] recycled = new int[1024];
    private int recycledCount;
    private int nextId;
    private long liveBytes;
    private long peakLive;

    Generator(String name, int operations, int liveTarget, long seed, Sink sink) {
      this.random = new SplittableRandom(seed);
      this.operations = operations;
      this.liveTarget = liveTarget;
      this.sink = sink;
    }

    private void add(Trace.Kind kind, int id, long size) {
      sink.add(kind, id, size);
      count++;
    }

    int done() {
      return count;
    }

    int liveCount() {
      return liveCount;
    }

    /** Whether another operation fits while leaving room to free every live block at the end. */
    boolean room() {
      return count + liveCount + 2 < operations;
    }

    int alloc(long size) {
      int id = recycledCount > 0 ? recycled[--recycledCount] : nextId++;
      add(Trace.Kind.ALLOC, id, size);
      if (id >= position.length) {
        position = Arrays.copyOf(position, position.length * 2);
        sizes = Arrays.copyOf(sizes, sizes.length * 2);
      }
      if (liveCount == live.length) {
        live = Arrays.copyOf(live, live.length * 2);
      }
      position[id] = liveCount;
      live[liveCount++] = id;
      sizes[id] = size;
      liveBytes += size;
      peakLive = Math.max(peakLive, liveBytes);
      return id;
    }

    void realloc(int id, long size) {
      add(Trace.Kind.REALLOC, id, size);
      liveBytes += size - sizes[id];
      sizes[id] = size;
      peakLive = Math.max(peakLive, liveBytes);
    }

    /** Frees the live block at {@code index}; recent blocks have high indexes. */
    void free(int index) {
      freeId(live[index]);
    }

    void freeId(int id) {
      add(Trace.Kind.FREE, id, 0);
      int index = position[id];
      int last = live[--liveCount];
      live[index] = last;
      position[last] = index;
      liveBytes -= sizes[id];
      if (recycledCount == recycled.length) {
        recycled = Arrays.copyOf(recycled, recycled.length * 2);
      }
      recycled[recycledCount++] = id;
    }

    /**
     * Pads to exactly {@code operations} and frees every live block. {@link #room()} leaves at
     * least two spare operations, so an odd remainder always has a live block to realloc.
     */
    void finishOps() {
      int extra;
      while ((extra = operations - count - liveCount) > 0) {
        if (extra % 2 == 1 && liveCount > 0) {
          int id = live[random.nextInt(liveCount)];
          realloc(id, sizes[id]);
        } else {
          alloc(8);
        }
      }
      while (liveCount > 0) {
        free(random.nextInt(liveCount));
      }
    }

    /** {@return the header's suggested heap size: twice the peak of live bytes, at least 4096} */
    long suggestedHeapSize() {
      return Math.max(4096, peakLive * 2);
    }
  }
}
