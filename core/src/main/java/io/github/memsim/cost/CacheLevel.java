package io.github.memsim.cost;

import java.util.Objects;

/**
 * One level of a {@link CacheHierarchy}: its geometry, policies and latency. The line size is
 * the hierarchy's, shared by every level. Immutable.
 *
 * <pre>{@code
 * CacheLevel l1 = CacheLevel.builder("L1D").sets(64).ways(8).latency(4).build();
 * }</pre>
 *
 * <p>One way is a direct-mapped cache; one set is a fully associative one.
 */
public final class CacheLevel {
  /** The most ways a set may have (tree-PLRU keeps a set's tree in one {@code long}). */
  public static final int MAX_WAYS = 64;

  private final String name;
  private final int sets;
  private final int ways;
  private final int latency;
  private final Replacement replacement;
  private final WritePolicy writePolicy;
  private final long seed;
  private final Prefetcher prefetcher;

  private CacheLevel(Builder builder) {
    this.name = builder.name;
    this.sets = builder.sets;
    this.ways = builder.ways;
    this.latency = builder.latency;
    this.replacement = builder.replacement;
    this.writePolicy = builder.writePolicy;
    this.seed = builder.seed;
    this.prefetcher = builder.prefetcher;
  }

  /**
   * Starts a level: by default 64 sets of 8 ways, LRU, write-back, latency 4 cycles.
   *
   * @param name the level's name in reports, e.g. {@code "L1D"}
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the name in reports} */
  public String name() {
    return name;
  }

  /** {@return the number of sets, a power of two} */
  public int sets() {
    return sets;
  }

  /** {@return the lines per set} */
  public int ways() {
    return ways;
  }

  /** {@return the cycles an access spends at this level, hit or miss} */
  public int latency() {
    return latency;
  }

  /** {@return the replacement policy} */
  public Replacement replacement() {
    return replacement;
  }

  /** {@return the write policy} */
  public WritePolicy writePolicy() {
    return writePolicy;
  }

  /** {@return the seed of {@link Replacement#RANDOM}} */
  public long seed() {
    return seed;
  }

  /** {@return the level's prefetcher; {@link Prefetcher#NONE} unless one was set} */
  public Prefetcher prefetcher() {
    return prefetcher;
  }

  /**
   * {@return the bytes this level holds with lines of {@code lineSize} bytes}
   *
   * @param lineSize the hierarchy's line size
   */
  public long capacity(int lineSize) {
    return (long) sets * ways * lineSize;
  }

  @Override
  public String toString() {
    return name + ": " + sets + (sets == 1 ? " set" : " sets") + " x " + ways
        + (ways == 1 ? " way" : " ways") + ", " + replacement + ", " + writePolicy + ", "
        + latency + (latency == 1 ? " cycle" : " cycles");
  }

  /** Builds a {@link CacheLevel}. */
  public static final class Builder {
    private final String name;
    private int sets = 64;
    private int ways = 8;
    private int latency = 4;
    private Replacement replacement = Replacement.LRU;
    private WritePolicy writePolicy = WritePolicy.WRITE_BACK;
    private long seed = 1;
    private Prefetcher prefetcher = Prefetcher.NONE;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a cache level needs a name");
      }
      this.name = name;
    }

    /**
     * Sets the number of sets.
     *
     * @param sets a power of two, at least 1
     * @return this builder
     */
    public Builder sets(int sets) {
      if (sets < 1 || Integer.bitCount(sets) != 1) {
        throw new IllegalArgumentException(name + ": sets must be a power of two, not " + sets);
      }
      this.sets = sets;
      return this;
    }

    /**
     * Sets the associativity.
     *
     * @param ways lines per set, 1 to {@link #MAX_WAYS}
     * @return this builder
     */
    public Builder ways(int ways) {
      if (ways < 1 || ways > MAX_WAYS) {
        throw new IllegalArgumentException(name + ": ways must be 1 to " + MAX_WAYS + ", not "
            + ways);
      }
      this.ways = ways;
      return this;
    }

    /**
     * Sets the latency.
     *
     * @param cycles cycles spent at this level by every access that reaches it, at least 0
     * @return this builder
     */
    public Builder latency(int cycles) {
      if (cycles < 0) {
        throw new IllegalArgumentException(name + ": latency must not be negative, not "
            + cycles);
      }
      this.latency = cycles;
      return this;
    }

    /**
     * Sets the replacement policy.
     *
     * @param replacement the policy
     * @return this builder
     */
    public Builder replacement(Replacement replacement) {
      this.replacement = Objects.requireNonNull(replacement, "replacement");
      return this;
    }

    /**
     * Sets the write policy.
     *
     * @param writePolicy the policy
     * @return this builder
     */
    public Builder writePolicy(WritePolicy writePolicy) {
      this.writePolicy = Objects.requireNonNull(writePolicy, "writePolicy");
      return this;
    }

    /**
     * Sets the seed of {@link Replacement#RANDOM}.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Gives the level a hardware prefetcher (none by default, so that counts are those of the
     * demand accesses alone).
     *
     * @param prefetcher the prefetcher's rules
     * @return this builder
     */
    public Builder prefetcher(Prefetcher prefetcher) {
      this.prefetcher = Objects.requireNonNull(prefetcher, "prefetcher");
      return this;
    }

    /**
     * {@return the level}
     *
     * @throws IllegalArgumentException if tree-PLRU is asked of a number of ways that is not a
     *     power of two
     */
    public CacheLevel build() {
      if (replacement == Replacement.TREE_PLRU && Integer.bitCount(ways) != 1) {
        throw new IllegalArgumentException(name + ": tree-PLRU needs a power-of-two number of"
            + " ways, not " + ways);
      }
      return new CacheLevel(this);
    }
  }
}
