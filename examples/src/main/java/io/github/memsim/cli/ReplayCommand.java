package io.github.memsim.cli;

import io.github.memsim.alloc.Allocators;
import io.github.memsim.trace.ReplayResult;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memsim replay}: one trace on one allocator, read as a stream. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a trace (.rep file, a recording of a program, or a bundled name) on one"
        + " allocator and report.")
final class ReplayCommand implements Callable<Integer> {
  /** The default of {@code --allocator}. */
  static final String ALLOCATOR = "first-fit";

  @Parameters(paramLabel = "TRACE", completionCandidates = TraceOptions.Bundled.class,
      description = "A .rep file (or .rep.gz), a Valgrind --trace-malloc log, a heaptrack file or"
          + " an mtrace log, - for standard input, or a bundled trace:"
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
    TraceInput input = TraceInput.of(trace);
    Replayer.Builder builder = Replayer.builder().allocator(Allocators.byName(allocator))
        .layout(options.blockLayout()).patterns(!options.noPatterns);
    int repeats = options.repeats();
    ReplayResult result = null;
    List<String> warnings = List.of();
    Map<String, String> metadata = Map.of();
    for (int i = 0; i < repeats; i++) {
      try (TraceReader reader = input.open();
          Progress progress = Progress.start("replay " + input.name(),
              reader.declaredOperations())) {
        ReplayResult one = builder.progress(progress.listener()).build().replay(reader);
        if (result == null || one.nsPerOp() < result.nsPerOp()) {
          result = one;
        }
        warnings = reader.warnings();
        metadata = reader.metadata();
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String warning : warnings) {
      spec.commandLine().getErr().println(Memsim.errorLine("warning: " + warning));
    }
    String recorded = Report.recorded(input.name(), metadata);
    String text = json ? Report.withRecorded(result.toJson(), metadata)
        : (recorded.isEmpty() ? "" : recorded + System.lineSeparator()) + Report.describe(result);
    options.write(text + System.lineSeparator(), out);
    return 0;
  }
}
