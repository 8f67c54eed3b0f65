package io.github.memsim.cli;

import io.github.memsim.cost.CacheHierarchy;
import java.io.IOException;
import java.util.List;
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
      description = "The machine: teaching or desktop (default: ${DEFAULT-VALUE}).")
  String preset = PRESET;

  @Option(names = "-n", defaultValue = OPERATIONS, paramLabel = "N",
      description = "Operations per side (default: ${DEFAULT-VALUE}).")
  int n = Integer.parseInt(OPERATIONS);

  @Option(names = "--format", defaultValue = FORMAT, paramLabel = "table|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Report.Format format = Report.Format.of(FORMAT);

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
    output.write(results, spec.commandLine().getOut());
    return 0;
  }
}
