package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.trace.Replayer;
import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A program that uses the model, reads and replays a trace, with slf4j-api but no logging
 * binding on its class path, prints nothing but its own output: the model never touches the
 * logging facade, and the trace reader does only when it has a warning.
 */
class NoLoggingNoiseTest {
  /** The program run in the child JVM. */
  public static final class Program {
    private Program() {}

    /**
     * Uses the model and the trace reader.
     *
     * @param args ignored
     * @throws Exception never, in a passing run
     */
    public static void main(String[] args) throws Exception {
      MemoryModel model = MemoryModel.builder().build();
      ThreadContext main = model.mainThread();
      Pointer p = main.malloc(24);
      main.free(p);
      Trace trace = TraceFormat.parse("t",
          "4096\n1\n2\n1\na 0 8\nf 0\n");
      Replayer.builder().build().replay(trace);
      System.out.println("done " + model.statistics().operations());
    }
  }

  @Test
  void aProgramWithoutABindingPrintsNoLoggingWarnings() throws Exception {
    String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("slf4j-simple"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).contains("slf4j-api");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
        Program.class.getName()));
    Process process = new ProcessBuilder(command).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).as("standard error").isEmpty();
    assertThat(out.strip()).isEqualTo("done 2");
    assertThat(process.exitValue()).isZero();
  }
}
