package io.github.memsim.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program with a broken allocator provider registered and slf4j-api but no logging binding on
 * its class path sees memsim's own warning on standard error, and none of SLF4J's lines about a
 * missing binding.
 */
class SkippedProviderWarningTest {
  /** The program run in the child JVM. */
  public static final class Program {
    private Program() {}

    /**
     * Asks for the broken provider by name.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
      try {
        Allocators.byName("throwing");
      } catch (IllegalArgumentException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  @Test
  void withoutABindingTheWarningReachesStandardErrorAndSlf4jStaysSilent(@TempDir Path dir)
      throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(AllocatorProvider.class.getName()),
        "com.example.outside.BrokenProviders$Throwing\n");
    String classPath = Stream.concat(
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")),
            Stream.of(dir.toString()))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).contains("slf4j-api");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.language=en", "-cp", classPath, Program.class.getName()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    String why = "a registered provider could not be loaded: "
        + "io.github.memsim.alloc.AllocatorProvider: Provider "
        + "com.example.outside.BrokenProviders$Throwing could not be instantiated";
    assertThat(err.lines()).as("standard error").contains(
        "WARNING: allocator provider skipped: " + why);
    assertThat(err).as("standard error").doesNotContain("SLF4J");
    assertThat(out.strip()).isEqualTo("unknown allocator 'throwing'; known allocators: "
        + "first-fit, next-fit, best-fit, worst-fit, bump, tracing-best-fit; skipped: " + why);
    assertThat(process.exitValue()).isZero();
  }
}
