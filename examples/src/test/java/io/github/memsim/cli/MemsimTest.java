package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import io.github.memsim.trace.Workload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in process: output, formats, errors and exit codes. */
class MemsimTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void noArgumentsRunsTheTourAndComparesEveryAllocator() {
    assertThat(run()).isZero();
    assertThat(out.toString()).contains("== 1. Calls push frames", "heap check: consistent",
        "== 8. Every built-in allocator on the bundled workloads");
    for (String allocator : new String[] {"first-fit", "next-fit", "best-fit", "worst-fit",
        "bump"}) {
      assertThat(out.toString()).containsPattern("average +" + allocator + " +default +20000");
    }
    assertThat(err.toString()).isEmpty();
    // Cold-JVM timings are left out, so the first screen is the same on every run.
    assertThat(out.toString()).doesNotContain("ns/op  ").contains("(ns/op left out: in a fresh"
        + " JVM they time the JIT warming up; for figures worth comparing, run memsim compare"
        + " TRACE... --repeat 5)");
    String first = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run()).isZero();
    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void replayPrintsOneJsonObjectWithTheKeys() {
    assertThat(run("replay", "binary", "--allocator", "best-fit", "--layout", "textbook",
        "--json", "--repeat", "2")).isZero();
    String json = out.toString().strip();
    assertThat(json).startsWith("{\"trace\":\"binary.rep\",\"allocator\":\"best-fit\","
        + "\"layout\":\"textbook\",\"ops\":4000,").endsWith("}");
    for (String key : new String[] {"peakLiveBytes", "heapBytes", "utilization",
        "indexProbesPerOp", "scanProbesPerOp",
        "nsPerOp"}) {
      assertThat(json).contains("\"" + key + "\":");
    }
    assertThat(json.lines()).hasSize(1);
  }

  @Test
  void utilizationIsTheSameOnEveryRun() {
    run("replay", "program", "--json");
    String first = out.toString().replaceAll("\"nsPerOp\":[0-9.]+", "");
    out.getBuffer().setLength(0);
    run("replay", "program", "--json", "--no-patterns");
    String second = out.toString().replaceAll("\"nsPerOp\":[0-9.]+", "")
        .replace("\"patterns\":false", "\"patterns\":true");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void compareFormats() {
    assertThat(run("compare", "binary", "realloc", "--allocators", "first-fit,best-fit",
        "--format", "csv")).isZero();
    assertThat(out.toString().lines()).hasSize(1 + 4 + 2).first().asString()
        .isEqualTo("trace,allocator,layout,ops,utilization,fragmentation,indexProbesPerOp,"
            + "scanProbesPerOp,nsPerOp");
    assertThat(out.toString()).contains("\naverage,best-fit,default,8000,");
    out.getBuffer().setLength(0);
    assertThat(run("compare", "coalescing", "--allocators", "bump", "--format", "json",
        "--no-patterns")).isZero();
    assertThat(out.toString()).startsWith("{\"results\":[{\"trace\":\"coalescing.rep\"")
        .contains("\"averages\":[{\"allocator\":\"bump\"").endsWith("\"patterns\":false}\n");
    out.getBuffer().setLength(0);
    assertThat(run("compare", "random", "--allocators", "next-fit", "--format", "markdown"))
        .isZero();
    assertThat(out.toString()).startsWith("| trace | allocator |").contains("| **average** |");
  }

  @Test
  void generateWritesADeterministicTrace(@TempDir Path dir) throws Exception {
    assertThat(run("generate", "--profile", "realloc", "--ops", "1000", "--live", "50",
        "--seed", "9")).isZero();
    Trace trace = TraceFormat.parse("stdout", out.toString());
    assertThat(trace.size()).isEqualTo(1000);
    Path file = dir.resolve("t.rep");
    assertThat(run("generate", "--profile", "realloc", "--ops", "1000", "--live", "50",
        "--seed", "9", "-o", file.toString())).isZero();
    assertThat(Files.readString(file)).isEqualTo(TraceFormat.toText(trace));
    out.getBuffer().setLength(0);
    assertThat(run("replay", file.toString(), "--json")).isZero();
    assertThat(out.toString()).contains("\"trace\":\"t.rep\"");
  }

  @Test
  void aBadTraceFileIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.rep");
    Files.writeString(file, "100\n2\n2\n1\na 0 16\nq 1 2\n");
    assertThat(run("replay", file.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: bad.rep: line 6: expected 'a ID SIZE', 'r ID SIZE'"
        + " or 'f ID', found 'q 1 2'" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void freeOfANeverAllocatedIdNamesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ids.rep");
    Files.writeString(file, "100\n2\n2\n1\na 0 16\nf 1\n");
    assertThat(run("replay", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("ids.rep: line 6: f 1 frees block 1, which was never"
        + " allocated").hasLineCount(1);
  }

  @Test
  void usageErrorsAreOneLineAndExitCodeTwo() {
    assertThat(run("replay", "nowhere.rep")).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: cannot read trace 'nowhere.rep': no such file")
        .hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(run("replay", "binary", "--allocator", "buddy")).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: unknown allocator 'buddy'; known allocators:"
        + " first-fit, next-fit, best-fit, worst-fit, bump").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(run("replay", "binary", "--frobnicate")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: Unknown option: '--frobnicate' (see memsim"
        + " --help)" + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(run("compare", "binary", "--format", "yaml")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: Invalid value for option '--format': expected"
        + " one of [TABLE, MARKDOWN, CSV, JSON] (case-insensitive) but was 'yaml' (see memsim"
        + " --help)" + System.lineSeparator());
  }

  @Test
  void verboseAddsTheStackTrace() {
    assertThat(run("replay", "binary", "--allocator", "buddy", "--verbose")).isEqualTo(2);
    assertThat(err.toString()).contains("java.lang.IllegalArgumentException: unknown allocator")
        .contains("\tat io.github.memsim.alloc.Allocators.byName");
  }

  @Test
  void anAllocatorFromTheClassPathIsFoundByName() {
    assertThat(run("replay", "program", "--allocator", "plugin-first-fit", "--json")).isZero();
    assertThat(out.toString()).contains("\"allocator\":\"plugin-first-fit\"");
  }

  @Test
  void aViolationStopsTheReplayWithExitCodeOne() {
    assertThat(run("replay", "binary", "--allocator", "plugin-misaligned")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("memsim: violation: binary.rep, operation 0 (line 5:"
        + " a 0 16): heap corruption: allocator plugin-misaligned returned 0x10028 for malloc of"
        + " 16 bytes, not aligned to 16 bytes; on main" + System.lineSeparator());
  }

  @Test
  void noProgressBarWhenStandardErrorIsNotATerminal() {
    assertThat(Progress.stderrIsTerminal()).isFalse();
    assertThat(run("generate", "--profile", "random", "--ops", "250000", "-o",
        System.getProperty("java.io.tmpdir") + "/memsim-progress.rep")).isZero();
    assertThat(run("replay", System.getProperty("java.io.tmpdir") + "/memsim-progress.rep",
        "--no-patterns")).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anErrorOfTheJvmIsOneLineAndExitThree() {
    assertThat(run("replay", "binary", "--allocator", "plugin-exhausting")).isEqualTo(3);
    assertThat(err.toString().strip()).startsWith("memsim: internal error: out of memory: the"
        + " JVM's heap (").endsWith(" MB, set with -Xmx) is too small for this; Java heap space")
        .doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void generateWritesAsItGeneratesTheTextOfATraceInMemory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.rep.gz");
    assertThat(run("generate", "--profile", "program", "--ops", "5000", "--live", "300",
        "--seed", "9", "-o", file.toString())).isZero();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo(TraceFormat.toText(Workload.PROGRAM.generate(5000, 300, 9)));
    }
  }

  @Test
  void theVersionComesFromTheJarNotAConstant() {
    // Run from the build's classes, there is no jar manifest to read; .ci/run checks the jar.
    assertThat(run("--version")).isZero();
    assertThat(out.toString().strip()).isEqualTo("memsim (not built as a jar)");
  }

  @Test
  void aDirectoryIsNotATrace(@TempDir Path dir) {
    assertThat(run("replay", dir.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("memsim: cannot read trace '" + dir
        + "': it is a directory");
  }

  @Test
  void namesWithCommasQuotesAndPipesAreEscapedInEveryFormat(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("a,b|\"c.rep");
    Files.writeString(file, "4096\n1\n2\n1\na 0 8\nf 0\n");
    assertThat(run("compare", file.toString(), "--allocators", "first-fit", "--format", "csv"))
        .isZero();
    assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
        .startsWith("\"a,b|\"\"c.rep\",first-fit,default,2,");
    out.getBuffer().setLength(0);
    assertThat(run("compare", file.toString(), "--allocators", "first-fit", "--format",
        "markdown")).isZero();
    assertThat(out.toString()).contains("| a,b\\|\"c.rep | first-fit | default | 2 |");
    out.getBuffer().setLength(0);
    assertThat(run("compare", file.toString(), "--allocators", "first-fit", "--format", "json"))
        .isZero();
    assertThat(out.toString()).contains("{\"trace\":\"a,b|\\\"c.rep\"")
        .contains("\"averages\":[{\"allocator\":\"first-fit\",\"layout\":\"default\"");
  }

  @Test
  void tracesComeGzippedOrFromStandardInputAndResultsGoToAFile(
      @TempDir Path dir) throws Exception {
    String text = "4096\n1\n2\n1\na 0 100\nf 0\n";
    Path gz = dir.resolve("t.rep.gz");
    try (OutputStream zipped = new GZIPOutputStream(
        Files.newOutputStream(gz))) {
      zipped.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    Path result = dir.resolve("result.json");
    assertThat(run("replay", gz.toString(), "--json", "-o", result.toString())).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(Files.readString(result)).startsWith("{\"trace\":\"t.rep.gz\"")
        .contains("\"peakLiveBytes\":100,");
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.US_ASCII)));
    try {
      assertThat(run("compare", "-", "--allocators", "best-fit", "--format", "CSV")).isZero();
    } finally {
      System.setIn(original);
    }
    assertThat(out.toString()).contains("\nstdin,best-fit,default,2,");
  }

  @Test
  void picocliWritesTheShellCompletion() {
    assertThat(run("generate-completion")).isZero();
    assertThat(out.toString()).startsWith("#!/usr/bin/env bash").contains("replay", "compare",
        "generate");
  }
}
