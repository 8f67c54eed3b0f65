package io.github.memsim.alloc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The registry of allocation strategies: the built-in ones by factory method, and every
 * strategy, built-in or registered with {@link ServiceLoader}, by name.
 */
public final class Allocators {
  /** A built-in strategy: a name, a description and a constructor. */
  private static final class BuiltIn implements AllocatorProvider {
    private final String strategyName;
    private final String description;
    private final BiFunction<HeapRegion, BlockLayout, Allocator> factory;

    BuiltIn(String strategyName, String description,
        BiFunction<HeapRegion, BlockLayout, Allocator> factory) {
      this.strategyName = strategyName;
      this.description = description;
      this.factory = factory;
    }

    @Override
    public String name() {
      return strategyName;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(layout, "layout");
      return factory.apply(region, layout);
    }

    @Override
    public String toString() {
      return strategyName;
    }
  }

  private static BuiltIn boundaryTag(String name, String description,
      BoundaryTagAllocator.Placement placement) {
    return new BuiltIn(name, description,
        (region, layout) -> new BoundaryTagAllocator(name, placement, region, layout));
  }

  private static final AllocatorProvider FIRST_FIT = boundaryTag("first-fit",
      "boundary tags, lowest-address free block that fits",
      BoundaryTagAllocator.Placement.FIRST_FIT);
  private static final AllocatorProvider NEXT_FIT = boundaryTag("next-fit",
      "boundary tags, first fit at or after the last block chosen",
      BoundaryTagAllocator.Placement.NEXT_FIT);
  private static final AllocatorProvider BEST_FIT = boundaryTag("best-fit",
      "boundary tags, smallest free block that fits", BoundaryTagAllocator.Placement.BEST_FIT);
  private static final AllocatorProvider WORST_FIT = boundaryTag("worst-fit",
      "boundary tags, largest free block", BoundaryTagAllocator.Placement.WORST_FIT);
  private static final AllocatorProvider BUMP = new BuiltIn("bump",
      "arena: a cursor that only moves up; free releases nothing until reset",
      (region, layout) -> new BumpAllocator("bump", region, layout));
  private static final List<AllocatorProvider> BUILT_IN =
      List.of(FIRST_FIT, NEXT_FIT, BEST_FIT, WORST_FIT, BUMP);

  private Allocators() {}

  /** {@return first-fit: the lowest-address free block that fits} */
  public static AllocatorProvider firstFit() {
    return FIRST_FIT;
  }

  /** {@return next-fit: the first fit at or after the block last chosen, wrapping around} */
  public static AllocatorProvider nextFit() {
    return NEXT_FIT;
  }

  /** {@return best-fit: the smallest free block that fits, the lowest address among equals} */
  public static AllocatorProvider bestFit() {
    return BEST_FIT;
  }

  /** {@return worst-fit: the largest free block, the lowest address among equals} */
  public static AllocatorProvider worstFit() {
    return WORST_FIT;
  }

  /** {@return bump: an arena whose cursor only moves up until it is reset} */
  public static AllocatorProvider bump() {
    return BUMP;
  }

  /** {@return the built-in strategies, in a fixed order} */
  public static List<AllocatorProvider> builtIn() {
    return BUILT_IN;
  }

  /**
   * {@return every known strategy: the built-in ones, then those registered with
   * {@link ServiceLoader} that the current class loader or module layer can see, by name}
   */
  public static List<AllocatorProvider> all() {
    return scan(new ArrayList<>());
  }

  /**
   * Finds every strategy; a registered provider that cannot be loaded, made or named is left
   * out, with one warning, and described in {@code skipped}.
   */
  private static List<AllocatorProvider> scan(List<String> skipped) {
    List<AllocatorProvider> all = new ArrayList<>(builtIn());
    List<AllocatorProvider> registered = new ArrayList<>();
    Iterator<AllocatorProvider> providers = ServiceLoader.load(AllocatorProvider.class).iterator();
    while (true) {
      AllocatorProvider provider;
      String name;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
        name = provider.name();
      } catch (ServiceConfigurationError | RuntimeException e) {
        // The lazy iterator goes on to the next provider after one that fails.
        skip(skipped, "a registered provider could not be loaded: " + e.getMessage());
        continue;
      }
      if (name == null || name.isBlank()) {
        skip(skipped, provider.getClass().getName() + " has no name");
      } else if (find(all, name) == null && find(registered, name) == null) {
        registered.add(provider);
      }
    }
    registered.sort((a, b) -> a.name().compareTo(b.name()));
    all.addAll(registered);
    return Collections.unmodifiableList(all);
  }

  private static void skip(List<String> skipped, String why) {
    skipped.add(why);
    Log.warn("allocator provider skipped: " + why);
  }

  /**
   * Where the warning of a skipped provider goes, decided when the first one is skipped: to SLF4J
   * when the application has bound it to a logging backend (one is registered or named by the
   * {@code slf4j.provider} property), and otherwise to the JDK's {@link System.Logger}, which
   * writes to standard error unless the application routes it elsewhere. Without a binding SLF4J
   * would print its own lines about the missing binding and drop the warning itself; asking first
   * keeps SLF4J from starting at all then.
   */
  private static final class Log {
    private static final boolean SLF4J_BOUND = System.getProperty("slf4j.provider") != null
        || ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader())
            .stream().findAny().isPresent();

    static void warn(String message) {
      if (SLF4J_BOUND) {
        LoggerFactory.getLogger(Allocators.class).warn(message);
      } else {
        System.getLogger(Allocators.class.getName()).log(System.Logger.Level.WARNING, message);
      }
    }
  }

  /** {@return the names of {@link #all()}} */
  public static List<String> names() {
    return names(all());
  }

  private static List<String> names(List<AllocatorProvider> providers) {
    List<String> names = new ArrayList<>();
    for (AllocatorProvider provider : providers) {
      names.add(provider.name());
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * Finds a strategy by name, ignoring case; built-in names win over registered ones.
   *
   * @param name a strategy name, such as {@code best-fit}
   * @return the strategy
   * @throws IllegalArgumentException if no strategy has that name; the message lists the known
   * names
   */
  public static AllocatorProvider byName(String name) {
    Objects.requireNonNull(name, "name");
    List<String> skipped = new ArrayList<>();
    List<AllocatorProvider> all = scan(skipped);
    AllocatorProvider found = find(all, name);
    if (found == null) {
      throw new IllegalArgumentException("unknown allocator '" + name + "'; known allocators: "
          + String.join(", ", names(all))
          + (skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped)));
    }
    return found;
  }

  private static AllocatorProvider find(List<AllocatorProvider> providers, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (AllocatorProvider provider : providers) {
      if (provider.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return provider;
      }
    }
    return null;
  }
}
