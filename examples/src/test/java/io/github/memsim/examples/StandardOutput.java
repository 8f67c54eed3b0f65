package io.github.memsim.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a program's {@code main} and keeps what it printed on standard output. */
final class StandardOutput {
  private StandardOutput() {}

  /** A {@code main} method. */
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** {@return the lines that {@code main} printed} */
  static List<String> of(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.run(new String[0]);
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
