package io.github.memsim.cli;

import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import io.github.memsim.trace.Workload;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code memsim generate}: a synthetic trace, deterministic by seed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic trace in the .rep format to standard output.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--profile", required = true, paramLabel = "NAME",
      completionCandidates = Profiles.class, description = "One of: ${COMPLETION-CANDIDATES}.")
  String profile;

  @Option(names = "--ops", required = true, paramLabel = "N", description = "Operations.")
  int ops;

  /** The most live blocks {@code --live} defaults to. */
  static final int MAX_DEFAULT_LIVE = 100_000;
  /** The default of {@code --seed}. */
  static final String SEED = "1";

  @Option(names = "--live", paramLabel = "N",
      description = "Live blocks at the peak, roughly (default: ops / 10, at most "
          + MAX_DEFAULT_LIVE + ").")
  Integer live;

  @Option(names = "--seed", defaultValue = SEED, paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = Long.parseLong(SEED);

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    // A trace keeps about 21 bytes an operation, and its builder up to twice that while it
    // grows: refuse what cannot fit before generating any of it.
    long needed = 48L * ops;
    long available = Runtime.getRuntime().maxMemory();
    if (needed > available) {
      throw new IllegalArgumentException("generate --ops " + ops + " needs about "
          + (needed >> 20) + " MB for the trace, more than the JVM's heap of " + (available >> 20)
          + " MB (set a larger one with -Xmx, or ask for fewer operations)");
    }
    int liveBlocks = live != null ? live : Math.max(1, Math.min(MAX_DEFAULT_LIVE, ops / 10));
    Trace trace = Workload.byName(profile).generate(ops, liveBlocks, seed);
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      TraceFormat.write(trace, out);
      out.flush();
    } else {
      try (Writer out = Files.newBufferedWriter(output, StandardCharsets.US_ASCII)) {
        TraceFormat.write(trace, out);
      }
    }
    return 0;
  }

  /** The profile names, from the workloads themselves. */
  static final class Profiles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Workload.profiles().iterator();
    }
  }
}
