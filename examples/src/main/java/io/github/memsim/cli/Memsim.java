package io.github.memsim.cli;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.internal.Text;
import io.github.memsim.trace.ReplayViolationException;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The {@code memsim} command line: with no arguments, the tour and a comparison of every
 * built-in allocator on the bundled workloads; subcommands replay, compare and generate traces.
 *
 * <p>Exit codes: 0 success, 1 a replay found a violation or a threads run failed, 2 bad usage
 * or a bad trace file, 3 an internal error. Every error is one line on standard error; {@code --verbose} adds the
 * stack trace.
 */
@Command(name = "memsim", mixinStandardHelpOptions = true, versionProvider = Memsim.Version.class,
    description = "Simulated memory: the tour, and allocator research on traces.",
    subcommands = {TourCommand.class, ReplayCommand.class, CompareCommand.class,
        GenerateCommand.class, CacheCommand.class, CostCommand.class, ThreadsCommand.class,
        DrawCommand.class, RecordCommand.class, OwnershipCommand.class,
        CommandLine.HelpCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"", "With no command: the tour, then every built-in allocator on the bundled "
        + "workloads; with --html FILE, also the tour's step-through page.",
        "Exit codes: 0 success, 1 a replay found a violation or a threads run failed, 2 bad"
        + " usage or a bad trace file, 3 an internal error."})
public final class Memsim implements Callable<Integer> {
  /** The version from the jar's manifest, which the build writes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Memsim.class.getPackage().getImplementationVersion();
      return new String[] {"memsim " + (version == null ? "(not built as a jar)" : version)};
    }
  }

  /** Exit code of a replay that found a violation, or of a threads run that failed. */
  static final int VIOLATION = 1;
  /** Exit code of bad usage or a bad trace file. */
  static final int USAGE = 2;
  /** Exit code of an internal error. */
  static final int INTERNAL = 3;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write the tour's model, op by op, as one self-contained HTML page.")
  Path html;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // The command line prints trace warnings itself, once; the library's logger would repeat
    // them through the bundled binding.
    System.setProperty("org.slf4j.simpleLogger.log.io.github.memsim.trace.TraceFormat", "error");
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line without exiting.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Memsim root = new Memsim();
    CommandLine cli = new CommandLine(root);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, arguments) -> {
      err.println(errorLine(ex.getMessage() + " (see memsim --help)"));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, command, parseResult) -> {
      int code = exitCode(ex);
      err.println(errorLine(describe(ex)));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      code = fatal(err, root, e, "out of memory: the JVM's heap (" + maxHeapMegabytes()
          + " MB, set with -Xmx) is too small for this; " + e.getMessage());
    } catch (StackOverflowError e) {
      code = fatal(err, root, e, "stack overflow in the JVM (set a larger one with -Xss)");
    } catch (Error e) {
      code = fatal(err, root, e, e.toString());
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The most characters an error line shows; a longer one is cut, saying so. */
  static final int ERROR_LENGTH = 1000;

  /** {@return the exit code of a command that failed with {@code ex}} */
  static int exitCode(Throwable ex) {
    if (ex instanceof ReplayViolationException) {
      return VIOLATION;
    }
    if (ex instanceof IllegalArgumentException || ex instanceof IOException
        || ex instanceof UncheckedIOException) {
      return USAGE;
    }
    return INTERNAL;
  }

  /** {@return what went wrong, for the error line (without the "memsim: " before it)} */
  static String describe(Throwable ex) {
    String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    if (ex instanceof ReplayViolationException) {
      return "violation: " + message;
    }
    if (ex instanceof FileSystemException e) {
      return fileProblem(e);
    }
    if (exitCode(ex) == INTERNAL) {
      return "internal error: " + ex;
    }
    return message;
  }

  /**
   * {@return one line of standard error: "memsim: " and the message, printable (a control
   * character in a name cannot drive the terminal) and cut to {@link #ERROR_LENGTH} characters}
   */
  static String errorLine(String message) {
    return "memsim: " + Text.printable(Text.cut(message, ERROR_LENGTH));
  }

  /** {@return a file system error in one line: the file and why, e.g. "x: no such file"} */
  static String fileProblem(FileSystemException e) {
    String why = e.getReason() != null ? e.getReason()
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof AccessDeniedException ? "permission denied"
        : e instanceof FileAlreadyExistsException ? "already exists"
        : e.getClass().getSimpleName();
    return Text.shown(String.valueOf(e.getFile())) + (e.getOtherFile() == null ? ""
        : " -> " + Text.shown(e.getOtherFile())) + ": " + why;
  }

  /** Reports an {@link Error} in one line (the stack trace only under --verbose). */
  private static int fatal(PrintWriter err, Memsim root, Error e, String message) {
    err.println(errorLine("internal error: " + message));
    if (root.verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return INTERNAL;
  }

  /** {@return the largest heap the JVM may use, in MiB} */
  static long maxHeapMegabytes() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    TourCommand.run(out, html);
    out.println();
    out.println("== 8. Every built-in allocator on the bundled workloads (default layout)");
    List<AllocatorProvider> allocators = Allocators.builtIn();
    List<String> traces = new ArrayList<>();
    for (String name : TraceFormat.bundled()) {
      traces.add(name + ".rep");
    }
    CompareCommand compare = new CompareCommand();
    compare.traces = traces;
    out.print(compare.report(allocators, Report.Format.TABLE, out, false));
    return 0;
  }
}
