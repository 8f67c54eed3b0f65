package io.github.memsim.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Replays one trace with two builds of memsim in the same JVM, each in a class loader of its
 * own, alternating which goes first in each round, so that the machine's drift falls on both
 * alike. Prints every round's ns/op and the median and spread of the per-round ratios
 * (new / old). Patterns are off unless the last argument is {@code patterns}; each round takes
 * the best of a few repeats.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.memsim.benchmarks.CompareBuilds OLD.jar NEW.jar TRACE.rep [ALLOCATOR] [ROUNDS]
 * [REPEATS] [patterns]}, where the jars are the command-line jars
 * ({@code examples/target/memsim.jar}) of the two builds. It uses only API that both have:
 * {@code TraceFormat.read}, {@code Allocators.byName} and the replayer's builder.
 */
public final class CompareBuilds {
  private CompareBuilds() {}

  /** One build's replayer and trace, reached by reflection through its own class loader. */
  private static final class Build {
    private final Object replayer;
    private final Object trace;
    private final Method replay;
    private final Method nsPerOp;

    Build(Path jar, Path tracePath, String allocator, int repeats, boolean patterns)
        throws Exception {
      ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> format = loader.loadClass("io.github.memsim.trace.TraceFormat");
      trace = format.getMethod("read", Path.class).invoke(null, tracePath);
      Class<?> allocators = loader.loadClass("io.github.memsim.alloc.Allocators");
      Class<?> provider = loader.loadClass("io.github.memsim.alloc.AllocatorProvider");
      Object strategy = allocators.getMethod("byName", String.class).invoke(null, allocator);
      Class<?> replayerClass = loader.loadClass("io.github.memsim.trace.Replayer");
      Object builder = replayerClass.getMethod("builder").invoke(null);
      Class<?> builderClass = builder.getClass();
      builderClass.getMethod("allocator", provider).invoke(builder, strategy);
      builderClass.getMethod("patterns", boolean.class).invoke(builder, patterns);
      replayer = builderClass.getMethod("build").invoke(builder);
      replay = replayerClass.getMethod("replay", trace.getClass(), int.class);
      nsPerOp = loader.loadClass("io.github.memsim.trace.ReplayResult").getMethod("nsPerOp");
      this.repeats = repeats;
    }

    private final int repeats;

    double run() throws Exception {
      return (double) nsPerOp.invoke(replay.invoke(replayer, trace, repeats));
    }
  }

  /**
   * Runs the comparison.
   *
   * @param args the old jar, the new jar, the trace, the allocator (default first-fit), the
   *     rounds (default 10), the repeats per round (default 3) and {@code patterns} to replay
   *     with block patterns
   * @throws Exception if a build cannot be loaded or a replay fails
   */
  public static void main(String[] args) throws Exception {
    Path trace = Path.of(args[2]);
    String allocator = args.length > 3 ? args[3] : "first-fit";
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    boolean patterns = args.length > 6 && args[6].equals("patterns");
    Build old = new Build(Path.of(args[0]), trace, allocator, repeats, patterns);
    Build current = new Build(Path.of(args[1]), trace, allocator, repeats, patterns);
    old.run();
    current.run();
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double a;
      double b;
      if (round % 2 == 0) {
        a = old.run();
        b = current.run();
      } else {
        b = current.run();
        a = old.run();
      }
      ratios[round] = b / a;
      System.out.printf(Locale.ROOT, "round %2d: old %7.1f ns/op, new %7.1f ns/op, new/old %.3f%n",
          round + 1, a, b, ratios[round]);
    }
    Arrays.sort(ratios);
    double median = rounds % 2 == 1 ? ratios[rounds / 2]
        : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
    System.out.printf(Locale.ROOT, "%s on %s, %d rounds: new/old median %.3f, min %.3f, max %.3f%n",
        trace.getFileName(), allocator, rounds, median, ratios[0], ratios[rounds - 1]);
  }
}
