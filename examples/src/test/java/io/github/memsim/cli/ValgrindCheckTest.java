package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside check of the cache model: a C program of the project's, traced by Valgrind's
 * Lackey, replayed by {@code memsim cache --spans cachegrind}, must miss exactly as often as
 * Valgrind's Cachegrind says its D1 cache does, for several geometries. Skipped, saying why,
 * where valgrind or gcc is missing ({@code .ci/run} installs both).
 */
class ValgrindCheckTest {
  private static final Pattern D1_MISSES = Pattern.compile("D1 +misses: +([0-9,]+)");

  @Test
  void missesEqualCachegrindsD1Misses(@TempDir Path dir) throws Exception {
    assumeTrue(available("valgrind", "--version") && available("gcc", "--version"),
        "valgrind or gcc is not installed: the outside check of the cache model is skipped");
    Path source = dir.resolve("walk.c");
    try (InputStream in = getClass().getResourceAsStream("/valgrind/walk.c")) {
      Files.copy(in, source);
    }
    Path program = dir.resolve("walk");
    // Linked statically: a dynamically linked program's loader indexes with the kernel's random
    // bytes (AT_RANDOM), so its accesses differ from run to run, and the two tools see two runs.
    assumeTrue(available("gcc", "-O1", "-static", "-o", program.toString(), source.toString()),
        "gcc cannot link statically here (libc6-dev missing): the outside check is skipped");
    Path trace = dir.resolve("lackey.txt");
    run(dir, "valgrind", "--tool=lackey", "--trace-mem=yes", "--log-file=" + trace,
        program.toString());
    // size,ways,line for Cachegrind (lines of at least 32 bytes: it wants a register per line);
    // s, E, b for memsim.
    int[][] geometries = {{4096, 4, 64, 4, 4, 6}, {1024, 1, 32, 5, 1, 5}, {8192, 8, 64, 4, 8, 6},
        {2048, 2, 32, 5, 2, 5}};
    List<String> compared = new ArrayList<>();
    for (int[] g : geometries) {
      String report = run(dir, "valgrind", "--tool=cachegrind", "--cache-sim=yes",
          "--D1=" + g[0] + "," + g[1] + "," + g[2], "--I1=32768,8,64", "--LL=1048576,16,64",
          "--cachegrind-out-file=/dev/null", program.toString());
      Matcher matcher = D1_MISSES.matcher(report);
      assertThat(matcher.find()).as("Cachegrind's report:%n%s", report).isTrue();
      long cachegrind = Long.parseLong(matcher.group(1).replace(",", ""));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Memsim.run(new String[] {"cache", "-s", String.valueOf(g[3]), "-E",
          String.valueOf(g[4]), "-b", String.valueOf(g[5]), "--spans", "cachegrind", "-t",
          trace.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isZero();
      Matcher ours = Pattern.compile("misses:(\\d+)").matcher(out.toString());
      assertThat(ours.find()).isTrue();
      compared.add(g[0] + "," + g[1] + "," + g[2] + ": " + cachegrind);
      assertThat(Long.parseLong(ours.group(1))).as("D1 %d,%d,%d", g[0], g[1], g[2])
          .isEqualTo(cachegrind).isGreaterThan(1000);
    }
    assertThat(compared).hasSize(geometries.length);
  }

  private static boolean available(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs a command with an empty environment (so both tools see the same stack) and returns its output. */
  private static String run(Path dir, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    String path = System.getenv("PATH");
    builder.environment().clear();
    builder.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output)
        .isZero();
    return output;
  }
}
