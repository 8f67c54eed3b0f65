package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import io.github.memsim.trace.TraceImport;
import io.github.memsim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code memsim record}: runs a program under Valgrind ({@code --trace-malloc=yes}) or heaptrack
 * and writes its allocations as a trace, with the program, its command and the tool in the
 * header; or, with {@code --from}, converts a recording made earlier.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Run a program under Valgrind or heaptrack and write its allocations as a"
        + " trace (or convert a recording with --from).",
    footer = {"", "Example: memsim record -o ls.rep -- ls -l /",
        "The program's own output goes where memsim's does; its exit code is told, not taken."})
final class RecordCommand implements Callable<Integer> {
  /** The tools that record, and the Debian package of each. */
  enum Tool {
    VALGRIND("valgrind", "valgrind"), HEAPTRACK("heaptrack", "heaptrack");

    final String command;
    final String debianPackage;

    Tool(String command, String debianPackage) {
      this.command = command;
      this.debianPackage = debianPackage;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Option(names = "--with", paramLabel = "TOOL", defaultValue = "valgrind",
      description = "The tool: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Tool tool = Tool.VALGRIND;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The trace to write (.rep).")
  Path output;

  @Option(names = "--from", paramLabel = "RECORDING",
      description = "Convert this Valgrind log, heaptrack file or mtrace log instead of running"
          + " a program.")
  Path from;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "The program and its arguments, after --.")
  List<String> command = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (from != null) {
      if (!command.isEmpty()) {
        throw new IllegalArgumentException("record: give --from RECORDING or a COMMAND to run,"
            + " not both");
      }
      Optional<TraceImport> format = TraceInput.detect(from);
      if (format.isEmpty()) {
        throw new IllegalArgumentException(Text.shown(from.toString()) + ": line 1: not a"
            + " Valgrind --trace-malloc log, a heaptrack file or an mtrace log");
      }
      write(format.get(), from, Map.of(), err);
      return 0;
    }
    if (command.isEmpty()) {
      throw new IllegalArgumentException("record: no COMMAND to run (memsim record -o FILE --"
          + " COMMAND [ARGS...])");
    }
    if (!installed(tool.command)) {
      throw new IllegalArgumentException(missing(tool));
    }
    Path directory = Files.createTempDirectory("memsim-record");
    try {
      List<String> run = new ArrayList<>();
      Path recording;
      if (tool == Tool.VALGRIND) {
        recording = directory.resolve("valgrind.log");
        run.addAll(List.of("valgrind", "--trace-malloc=yes", "--log-file=" + recording));
      } else {
        recording = directory.resolve("heaptrack");
        run.addAll(List.of("heaptrack", "-o", recording.toString()));
      }
      run.addAll(command);
      // The program's input and output are the user's; Valgrind's own words go to its log.
      int code = new ProcessBuilder(run).inheritIO().start().waitFor();
      if (tool == Tool.HEAPTRACK) {
        recording = find(directory);
      }
      if (recording == null || !Files.isRegularFile(recording)) {
        throw new IOException(tool.command + " wrote no recording (exit " + code + "): is '"
            + Text.shown(command.get(0)) + "' a program?");
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      String program = command.get(0);
      metadata.put("program", program.substring(program.lastIndexOf('/') + 1));
      metadata.put("command", shellWords(command));
      if (code != 0) {
        err.println(Memsim.errorLine("warning: " + Text.shown(program) + " exited with " + code
            + "; its allocations up to then are recorded"));
        metadata.put("exit-code", Integer.toString(code));
      }
      write(tool == Tool.VALGRIND ? TraceImport.VALGRIND : TraceImport.HEAPTRACK, recording,
          metadata, err);
    } finally {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(directory);
    }
    return 0;
  }

  /** Converts the recording to the output trace and says what was written. */
  private void write(TraceImport format, Path recording, Map<String, String> metadata,
      PrintWriter err) throws IOException {
    Path temporary = output.resolveSibling(output.getFileName() + ".part");
    try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
      format.convert(recording.getFileName().toString(), () -> TraceInput.bytes(recording), out,
          metadata);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING);
    try (TraceReader reader = TraceReader.open(output)) {
      err.println("memsim: wrote " + Text.shown(output.toString()) + ": "
          + reader.declaredOperations() + " operations on " + reader.declaredIds()
          + " block ids, recorded with " + Text.shown(reader.metadata().getOrDefault("tool",
              format.toolName())));
    }
  }

  private static Path find(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith("heaptrack")).sorted()
          .findFirst().orElse(null);
    }
  }

  /** {@return the error of a tool that is not installed, naming its Debian package} */
  static String missing(Tool tool) {
    return "record --with " + tool + ": " + tool.command + " is not installed; install the"
        + " Debian package " + tool.debianPackage + " (apt-get install " + tool.debianPackage
        + ")";
  }

  /** {@return the command as a shell would take it back: words with spaces quoted} */
  static String shellWords(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      out.add(word.matches("[A-Za-z0-9_./=:,+@%-]+") ? word
          : "'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", out);
  }

  static boolean installed(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
