package io.github.memsim.cli;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.trace.ReplayResult;
import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Option(names = "--jobs", paramLabel = "N",
      description = "Replays to run at once (default: the available processors); the report is"
          + " the same, byte for byte, as with one.")
  Integer jobs;

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

  /**
   * The same, with or without the ns/op column in a table. The replays run on {@code --jobs}
   * threads, each reading its trace anew as a stream; results are gathered in the order of a
   * run with one job, so the report is the same byte for byte (but for timings).
   */
  String report(List<AllocatorProvider> allocators, Report.Format reportFormat, PrintWriter err,
      boolean timings) {
    errors.clear();
    // Bad options are refused before any replay, not taken for a replay's failure.
    int repeats = options.repeats();
    BlockLayout layout = options.blockLayout();
    int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (threads < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1 but was " + threads);
    }
    List<TraceInput> inputs = new ArrayList<>();
    List<Map<String, String>> metadata = new ArrayList<>();
    long total = 0;
    for (String name : traces) {
      try {
        TraceInput input = TraceInput.of(name);
        inputs.add(input);
        try (TraceReader reader = input.open()) {
          metadata.add(reader.metadata());
          total += reader.declaredOperations() * allocators.size() * repeats;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    List<Callable<Outcome>> tasks = new ArrayList<>();
    try (Progress progress = Progress.start("compare", total)) {
      Progress.Shared shared = progress.shared();
      for (int t = 0; t < inputs.size(); t++) {
        TraceInput input = inputs.get(t);
        for (int a = 0; a < allocators.size(); a++) {
          AllocatorProvider allocator = allocators.get(a);
          boolean first = a == 0;
          tasks.add(() -> replay(input, allocator, layout, repeats, shared, first));
        }
      }
      List<Outcome> outcomes = run(tasks, threads);
      List<ReplayResult> results = new ArrayList<>();
      List<Report.Failure> failures = new ArrayList<>();
      for (Outcome outcome : outcomes) {
        for (String warning : outcome.warnings()) {
          err.println(Memsim.errorLine("warning: " + warning));
        }
        if (outcome.result() != null) {
          results.add(outcome.result());
        } else {
          // One allocator's failure leaves the others' rows: the table marks it.
          errors.add(outcome.error());
          failures.add(new Report.Failure(outcome.trace(), outcome.allocator(), layout.name(),
              Memsim.describe(outcome.error())));
        }
      }
      List<String> names = inputs.stream().map(TraceInput::name).toList();
      String report = Report.format(results, failures, reportFormat, timings);
      if (reportFormat == Report.Format.JSON) {
        report = Report.withRecorded(report, names, metadata);
      }
      return report + Report.fidelity(names, metadata, results, reportFormat);
    }
  }

  /** One replay's result or failure, and the trace's warnings (told once per trace). */
  private record Outcome(String trace, String allocator, ReplayResult result, Throwable error,
      List<String> warnings) {}

  private Outcome replay(TraceInput input, AllocatorProvider allocator, BlockLayout layout,
      int repeats, Progress.Shared progress, boolean tellWarnings) throws IOException {
    ReplayResult best = null;
    List<String> warnings = List.of();
    try {
      for (int i = 0; i < repeats; i++) {
        try (TraceReader reader = input.open()) {
          ReplayResult result = Replayer.builder().allocator(allocator).layout(layout)
              .patterns(!options.noPatterns).progress(progress.task()).build().replay(reader);
          if (best == null || result.nsPerOp() < best.nsPerOp()) {
            best = result;
          }
          warnings = tellWarnings ? reader.warnings() : List.of();
        }
      }
      return new Outcome(input.name(), allocator.name(), best, null, warnings);
    } catch (RuntimeException e) {
      // A malformed line is not one allocator's failure: it stops the comparison (call()).
      return new Outcome(input.name(), allocator.name(), null, e, warnings);
    }
  }

  /** Runs the tasks on {@code threads} threads and returns their outcomes in the tasks' order. */
  private static List<Outcome> run(List<Callable<Outcome>> tasks, int threads) {
    List<Outcome> outcomes = new ArrayList<>();
    if (threads == 1 || tasks.size() <= 1) {
      for (Callable<Outcome> task : tasks) {
        outcomes.add(call(task));
      }
      return outcomes;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()));
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Callable<Outcome> task : tasks) {
        futures.add(pool.submit(() -> call(task)));
      }
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("compare was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome call(Callable<Outcome> task) {
    try {
      return task.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
