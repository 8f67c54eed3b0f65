package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code memsim cost --native}: the C counterparts of the cost demonstrations (the sources in
 * {@code benchmarks/native/costs}, bundled with the command), compiled with the machine's C
 * compiler, each run {@link #RUNS} times, their best times turned into the same ratios that
 * memsim prints, and both set side by side.
 */
final class CostNative {
  /** Runs of each program; the best time of each side is kept. */
  static final int RUNS = 3;
  /** The programs, by file name without {@code .c}. */
  static final List<String> PROGRAMS = List.of("stack_heap", "lists", "matrix");
  /**
   * Optimised, but with the two transformations off that would change the work itself: a
   * vectorised sum reads four longs per load, and loop interchange turns columns into rows.
   */
  static final List<String> FLAGS =
      List.of("-O2", "-std=c11", "-fno-tree-vectorize", "-fno-loop-interchange");
  private static final String SOURCES = "/io/github/memsim/cli/native-costs/";

  /** One claim: memsim's ratio and the measured one (NaN if not measured). */
  record Claim(String name, double memsim, double measured) {}

  private CostNative() {}

  /**
   * {@return the C compiler to use: {@code $CC} if set, else the first of cc, gcc and clang on
   * the {@code PATH}}
   *
   * @param environment the process environment
   */
  static Optional<String> compiler(Map<String, String> environment) {
    String chosen = environment.get("CC");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(chosen.strip());
    }
    String path = environment.getOrDefault("PATH", "");
    for (String name : List.of("cc", "gcc", "clang")) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Compiles the programs with {@code compiler}, runs each {@link #RUNS} times on {@code n}
   * and {@return the best nanoseconds per operation of each side, by the names the programs
   * print}
   *
   * @throws IOException if a program cannot be written, compiled or run; the message is one
   *     line
   */
  static Map<String, Double> measure(String compiler, int n) throws IOException {
    Path dir = Files.createTempDirectory("memsim-costs");
    try {
      copy("timing.h", dir);
      Map<String, Double> best = new HashMap<>();
      for (String program : PROGRAMS) {
        copy(program + ".c", dir);
        List<String> compile = new ArrayList<>(List.of(compiler));
        compile.addAll(FLAGS);
        compile.addAll(List.of("-o", dir.resolve(program).toString(),
            dir.resolve(program + ".c").toString()));
        String failure = run(compile, dir, null);
        if (failure != null) {
          throw new IOException("--native: " + compiler + " could not compile " + program
              + ".c: " + failure);
        }
        for (int run = 0; run < RUNS; run++) {
          Map<String, Double> found = new HashMap<>();
          String error = run(List.of(dir.resolve(program).toString(), Integer.toString(n)), dir,
              found);
          if (error != null) {
            throw new IOException("--native: " + program + " failed: " + error);
          }
          found.forEach((side, ns) -> best.merge(side, ns, Math::min));
        }
      }
      return best;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private static void copy(String name, Path dir) throws IOException {
    try (InputStream in = CostNative.class.getResourceAsStream(SOURCES + name)) {
      if (in == null) {
        throw new IOException("--native: the C source " + name + " is missing from this build");
      }
      Files.copy(in, dir.resolve(name));
    }
  }

  /**
   * Runs a process; {@return null on success, else the first line of what it said}. With
   * {@code sides}, parses its output lines {@code NAME NANOSECONDS} into it.
   */
  private static String run(List<String> command, Path dir, Map<String, Double> sides)
      throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return "it ran for more than 30 minutes";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted";
    }
    if (process.exitValue() != 0) {
      String first = output.lines().findFirst().orElse("exit status " + process.exitValue());
      return Text.shown(first);
    }
    if (sides != null) {
      for (String line : output.lines().toList()) {
        String[] parts = line.strip().split(" ");
        if (parts.length == 2) {
          try {
            sides.put(parts[0], Double.parseDouble(parts[1]));
          } catch (NumberFormatException e) {
            return "unexpected output " + Text.shown(line);
          }
        }
      }
    }
    return null;
  }

  /** {@return the claims, memsim's ratios from the demonstrations and the measured ones} */
  static List<Claim> claims(List<CostDemos.Demo> demos, Map<String, Double> measured) {
    List<CostDemos.Side> stack = demos.get(0).sides();
    List<CostDemos.Side> lists = demos.get(1).sides();
    List<CostDemos.Side> matrix = demos.get(2).sides();
    return List.of(
        new Claim("malloc + free against push + pop", ratio(stack.get(1), stack.get(0)),
            ratio(measured, "malloc+free", "push+pop")),
        new Claim("list in allocation order against array", ratio(lists.get(2), lists.get(1)),
            ratio(measured, "list-in-order", "array")),
        new Claim("shuffled list against array", ratio(lists.get(3), lists.get(1)),
            ratio(measured, "list-shuffled", "array")),
        new Claim("column by column against row by row", ratio(matrix.get(1), matrix.get(0)),
            ratio(measured, "columns", "rows")));
  }

  private static double ratio(CostDemos.Side side, CostDemos.Side base) {
    return side.cyclesPerOp() / base.cyclesPerOp();
  }

  private static double ratio(Map<String, Double> measured, String side, String base) {
    Double top = measured.get(side);
    Double bottom = measured.get(base);
    return top == null || bottom == null || bottom <= 0 ? Double.NaN : top / bottom;
  }

  /** Why false sharing is not measured, in one line. */
  static final String FALSE_SHARING = "false sharing: not measured; it needs two threads on"
      + " cores that do not share a first-level cache, on an otherwise idle machine";

  /** {@return the comparison as text} */
  static String table(String compiler, int n, List<Claim> claims) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nMeasured on this machine: C programs doing the same"
        + " work on n = %d (%s %s), best of %d runs%n", n, compiler, String.join(" ", FLAGS),
        RUNS));
    out.append(String.format(Locale.ROOT, "  %-42s %9s %9s %16s%n", "claim", "memsim",
        "measured", "memsim/measured"));
    for (Claim claim : claims) {
      out.append(String.format(Locale.ROOT, "  %-42s %8.2fx %9s %16s%n", claim.name(),
          claim.memsim(), Double.isNaN(claim.measured()) ? "-"
              : String.format(Locale.ROOT, "%.2fx", claim.measured()),
          Double.isNaN(claim.measured()) ? "-"
              : String.format(Locale.ROOT, "%.2f", claim.memsim() / claim.measured())));
    }
    out.append("  ").append(FALSE_SHARING).append('\n');
    return out.toString();
  }

  /** {@return the comparison as a JSON object} */
  static String json(String compiler, int n, List<Claim> claims) {
    Text.Json out = new Text.Json().beginObject().name("compiler").value(compiler)
        .name("n").value(n).name("runs").value(RUNS).name("claims").beginArray();
    for (Claim claim : claims) {
      out.beginObject().name("claim").value(claim.name()).name("memsim")
          .value(claim.memsim(), 4);
      if (!Double.isNaN(claim.measured())) {
        out.name("measured").value(claim.measured(), 4);
      }
      out.endObject();
    }
    return out.endArray().name("notMeasured").beginArray().value(FALSE_SHARING).endArray()
        .endObject().toString();
  }
}
