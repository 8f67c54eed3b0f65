package io.github.memsim.cli;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.trace.ReplayResult;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code memsim compare}: traces × allocators, one row each, and an average per allocator. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Replay traces on several allocators and compare them side by side.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "TRACE", arity = "1..*",
      completionCandidates = TraceOptions.Bundled.class,
      description = "The .rep (or .rep.gz) files, - for standard input, or bundled trace names:"
          + " ${COMPLETION-CANDIDATES}.")
  List<String> traces;

  @Option(names = "--allocators", split = ",", paramLabel = "a,b,...",
      description = "Allocators to compare (default: every built-in one).")
  List<String> allocatorNames;

  /** The default of {@code --format}. */
  static final String FORMAT = "table";

  @Option(names = "--format", defaultValue = FORMAT, paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Report.Format format = Report.Format.of(FORMAT);

  @Mixin
  TraceOptions options = new TraceOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** What failed in the last report, in order: the table marks each, standard error tells. */
  final List<Throwable> errors = new ArrayList<>();

  @Override
  public Integer call() {
    List<AllocatorProvider> allocators = new ArrayList<>();
    if (allocatorNames == null || allocatorNames.isEmpty()) {
      allocators.addAll(Allocators.builtIn());
    } else {
      for (String name : allocatorNames) {
        allocators.add(Allocators.byName(name.strip()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      options.write(report(allocators, format, err), out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + options.output.file + ": "
          + e.getMessage(), e);
    }
    if (errors.isEmpty()) {
      return 0;
    }
    for (Throwable error : errors) {
      err.println(Memsim.errorLine(Memsim.describe(error)));
    }
    err.flush();
    return Memsim.exitCode(errors.get(0));
  }

  /** Replays every trace on every allocator and formats the results. */
  String report(List<AllocatorProvider> allocators, Report.Format reportFormat, PrintWriter err) {
    return report(allocators, reportFormat, err, true);
  }

  /** The same, with or without the ns/op column in a table. */
  String report(List<AllocatorProvider> allocators, Report.Format reportFormat, PrintWriter err,
      boolean timings) {
    List<ReplayResult> results = new ArrayList<>();
    List<Report.Failure> failures = new ArrayList<>();
    errors.clear();
    // Bad options are refused before any replay, not taken for a replay's failure.
    int repeats = options.repeats();
    BlockLayout layout = options.blockLayout();
    for (String name : traces) {
      Trace trace;
      try {
        trace = TraceOptions.load(name);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      for (String warning : trace.warnings()) {
        err.println(Memsim.errorLine("warning: " + warning));
      }
      for (AllocatorProvider allocator : allocators) {
        String task = String.format(Locale.ROOT, "%s on %s", allocator.name(), trace.name());
        try (Progress progress = Progress.start(task, trace.size())) {
          results.add(Replayer.builder().allocator(allocator).layout(layout)
              .patterns(!options.noPatterns).progress(progress.listener()).build()
              .replay(trace, repeats));
        } catch (RuntimeException e) {
          // One allocator's failure leaves the others' rows: the table marks it.
          errors.add(e);
          failures.add(new Report.Failure(trace.name(), allocator.name(), layout.name(),
              Memsim.describe(e)));
        }
      }
    }
    return Report.format(results, failures, reportFormat, timings);
  }
}
