package io.github.memsim.cli;

import io.github.memsim.trace.Workload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code memsim generate}: a synthetic trace, deterministic by seed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic trace in the .rep format to standard output (or -o FILE,"
        + " gzip-compressed when FILE ends in .gz), as it is generated: any length fits.")
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
    // Written as generated: memory follows the live blocks, not the operations.
    int liveBlocks = live != null ? live : Math.max(1, Math.min(MAX_DEFAULT_LIVE, ops / 10));
    Workload workload = Workload.byName(profile);
    if (output == null) {
      Writer out = spec.commandLine().getOut();
      workload.write(ops, liveBlocks, seed, out);
      out.flush();
    } else {
      OutputStream file = Files.newOutputStream(output);
      // A name ending in .gz gets gzip, which every command reads back.
      OutputStream bytes = output.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16)
          : file;
      try (Writer out = new BufferedWriter(new OutputStreamWriter(bytes,
          StandardCharsets.US_ASCII), 1 << 16)) {
        workload.write(ops, liveBlocks, seed, out);
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
