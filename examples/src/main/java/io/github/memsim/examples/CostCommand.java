package io.github.memsim.examples;

import io.github.memsim.cost.CacheHierarchy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memsim cost}: the claims about memory's speed, measured on a simulated machine. */
@Command(name = "cost", mixinStandardHelpOptions = true,
    description = {"Measure what programmers are told about memory's speed on a simulated"
        + " cache hierarchy: a frame push against a malloc, arrays against linked lists, rows"
        + " against columns, and two threads sharing a cache line."})
final class CostCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "desktop", paramLabel = "NAME",
      description = "The machine: teaching or desktop (default: ${DEFAULT-VALUE}).")
  String preset = "desktop";

  @Option(names = "-n", defaultValue = "10000", paramLabel = "N",
      description = "Operations per side (default: ${DEFAULT-VALUE}).")
  int n = 10000;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Report.Format format = Report.Format.TABLE;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the results to FILE instead of standard output.")
  Path output;

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
    CacheHierarchy hierarchy = CacheHierarchy.preset(preset);
    List<CostDemos.Demo> demos = new CostDemos(hierarchy, n).all();
    String results = format == Report.Format.JSON
        ? CostDemos.json(hierarchy, demos) + System.lineSeparator()
        : CostDemos.table(hierarchy, demos);
    if (output == null) {
      spec.commandLine().getOut().print(results);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, results, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
