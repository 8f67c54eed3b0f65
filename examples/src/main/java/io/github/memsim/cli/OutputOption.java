package io.github.memsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -o FILE} option of every command that writes results, and the writing. */
final class OutputOption {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the results to FILE instead of standard output.")
  Path file;

  /** Writes results to the file, or to {@code out}. */
  void write(String results, PrintWriter out) throws IOException {
    if (file == null) {
      out.print(results);
      out.flush();
    } else {
      Files.writeString(file, results, StandardCharsets.UTF_8);
    }
  }
}
