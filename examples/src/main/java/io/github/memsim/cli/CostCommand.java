package io.github.memsim.cli;

import io.github.memsim.cost.CacheHierarchy;
import java.io.IOException;
import io.github.memsim.internal.Text;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code memsim cost}: the claims about memory's speed, measured on a simulated machine. */
@Command(name = "cost", mixinStandardHelpOptions = true,
    description = {"Measure what programmers are told about memory's speed on a simulated"
        + " cache hierarchy: a frame push against a malloc, arrays against linked lists, rows"
        + " against columns, and two threads sharing a cache line."})
final class CostCommand implements Callable<Integer> {
  /** The default of {@code --preset}. */
  static final String PRESET = "desktop";
  /** The default of {@code -n}. */
  static final String OPERATIONS = "10000";
  /** The default of {@code --format}. */
  static final String FORMAT = "table";

  @Option(names = "--preset", defaultValue = PRESET, paramLabel = "NAME",
      description = "The machine: teaching, desktop or desktop-serial (default:"
          + " ${DEFAULT-VALUE}).")
  String preset = PRESET;

  @Option(names = "-n", defaultValue = OPERATIONS, paramLabel = "N",
      description = "Operations per side, 1 to 1000000 (default: ${DEFAULT-VALUE}); a million"
          + " takes a few minutes and about 1 GB of JVM heap.")
  int n = Integer.parseInt(OPERATIONS);

  @Option(names = "--format", defaultValue = FORMAT, paramLabel = "table|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Report.Format format = Report.Format.of(FORMAT);

  @Option(names = "--native",
      description = "Also compile the demonstrations' C counterparts with the C compiler ($CC,"
          + " else cc, gcc or clang), run each " + CostNative.RUNS + " times on the same -n and"
          + " print the measured ratios beside memsim's.")
  boolean nativeRun;

  @Mixin
  OutputOption output = new OutputOption();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (n < 1 || n > 1_000_000) {
      throw new IllegalArgumentException("-n must be 1 to 1000000, not " + n);
    }
    if (format != Report.Format.TABLE && format != Report.Format.JSON) {
      throw new IllegalArgumentException("--format must be table or json, not " + format);
    }
    long needed = CostDemos.JVM_BYTES_PER_OP * n;
    long available = Runtime.getRuntime().maxMemory();
    if (needed > available) {
      throw new IllegalArgumentException("cost -n " + n + " needs about " + (needed >> 20)
          + " MB, more than the JVM's heap of " + (available >> 20) + " MB (set a larger one"
          + " with -Xmx, or ask for fewer operations)");
    }
    CacheHierarchy hierarchy = CacheHierarchy.preset(preset);
    List<CostDemos.Demo> demos = new CostDemos(hierarchy, n).all();
    String results = format == Report.Format.JSON
        ? CostDemos.json(hierarchy, demos) + System.lineSeparator()
        : CostDemos.table(hierarchy, demos);
    if (nativeRun) {
      results = withNative(results, demos);
    }
    output.write(results, spec.commandLine().getOut());
    return 0;
  }

  /** Adds the measured ratios, or a one-line note where no C compiler is found. */
  private String withNative(String results, List<CostDemos.Demo> demos) throws IOException {
    Optional<String> compiler = CostNative.compiler(System.getenv());
    boolean json = format == Report.Format.JSON;
    if (compiler.isEmpty()) {
      String note = "--native: no C compiler found (set CC, or put cc, gcc or clang on the"
          + " PATH); memsim's figures only";
      if (json) {
        return results.strip().substring(0, results.strip().length() - 1) + ",\"native\":"
            + new Text.Json().value(note) + "}" + System.lineSeparator();
      }
      return results + System.lineSeparator() + note + System.lineSeparator();
    }
    List<CostNative.Claim> claims =
        CostNative.claims(demos, CostNative.measure(compiler.get(), n));
    if (json) {
      String body = results.strip();
      return body.substring(0, body.length() - 1) + ",\"native\":"
          + CostNative.json(compiler.get(), n, claims) + "}" + System.lineSeparator();
    }
    return results + CostNative.table(compiler.get(), n, claims);
  }
}
