package io.github.memsim.cli;

import io.github.memsim.alloc.Allocators;
import io.github.memsim.trace.ReplayResult;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memsim replay}: one trace on one allocator. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a trace (.rep file or bundled name) on one allocator and report.")
final class ReplayCommand implements Callable<Integer> {
  /** The default of {@code --allocator}. */
  static final String ALLOCATOR = "first-fit";

  @Parameters(paramLabel = "TRACE", completionCandidates = TraceOptions.Bundled.class,
      description = "A .rep file (or .rep.gz), - for standard input, or a bundled trace:"
          + " ${COMPLETION-CANDIDATES}.")
  String trace;

  @Option(names = "--allocator", defaultValue = ALLOCATOR, paramLabel = "NAME",
      description = "Allocator (default: ${DEFAULT-VALUE}); any registered name works.")
  String allocator = ALLOCATOR;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin
  TraceOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Trace loaded = TraceOptions.load(trace);
    ReplayResult result;
    try (Progress progress = Progress.start("replay " + loaded.name(), loaded.size())) {
      Replayer replayer = Replayer.builder().allocator(Allocators.byName(allocator))
          .layout(options.blockLayout()).patterns(!options.noPatterns)
          .progress(progress.listener()).build();
      result = replayer.replay(loaded, options.repeats());
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String warning : loaded.warnings()) {
      spec.commandLine().getErr().println(Memsim.errorLine("warning: " + warning));
    }
    options.write((json ? result.toJson() : Report.describe(result)) + System.lineSeparator(),
        out);
    return 0;
  }
}
