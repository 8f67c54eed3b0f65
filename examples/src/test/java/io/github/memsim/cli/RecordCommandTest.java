package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.memsim.trace.Trace;
import io.github.memsim.trace.TraceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memsim record} on the project's own C and C++ programs (test resources
 * {@code record/allocs.c} and {@code record/news.cc}), compiled here: every call the program
 * makes must appear in the trace with its size, alignment and pairing. Skipped, saying why,
 * where a compiler or the tool is missing; with {@code MEMSIM_REQUIRE_TOOLS} set (as
 * {@code .ci/run} sets it, after installing them), a missing one fails instead.
 */
class RecordCommandTest {
  /** What allocs.c does, as trace lines (ids as the importer numbers them). */
  private static final List<String> ALLOCS_BY_VALGRIND = List.of("a 0 100", "a 1 300",
      "r 0 5000", "r 0 40", "a 2 64", "r 2 0", "a 3 200 al=64", "a 4 300 al=128",
      "a 5 512 al=256", "f 1", "f 3", "f 4", "f 5", "f 0", "a 0 77");

  @Test
  void valgrindSeesEveryCallOfTheCProgram(@TempDir Path dir) throws Exception {
    Path program = compile(dir, "gcc", "allocs.c");
    require("valgrind");
    Path trace = dir.resolve("allocs.rep");
    Result result = memsim("record", "-o", trace.toString(), "--", program.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).contains("memsim: wrote " + trace + ": 15 operations on 6 block"
        + " ids, recorded with valgrind-");
    Trace read = TraceFormat.read(trace);
    assertThat(operations(read)).containsExactlyElementsOf(ALLOCS_BY_VALGRIND);
    assertThat(read.metadata()).containsEntry("program", "allocs")
        .containsEntry("command", program.toString())
        .containsEntry("real-peak-live-bytes", "5300");
    // free(NULL) once in the program, and more by the C library's cleanup at exit.
    assertThat(Long.parseLong(read.metadata().get("free-null"))).isPositive();
    assertThat(read.metadata().get("tool")).startsWith("valgrind-");
    Result replay = memsim("replay", trace.toString());
    assertThat(replay.out()).startsWith("allocs.rep replays program allocs (" + program
        + "), recorded with valgrind-").contains("3 aligned requests replayed padded")
        .contains("still live at the end: 77 bytes in 1 block allocated");
  }

  @Test
  void heaptrackSeesTheBlocksAndTheirFunctions(@TempDir Path dir) throws Exception {
    Path program = compile(dir, "gcc", "allocs.c");
    require("heaptrack");
    Path trace = dir.resolve("allocs.rep");
    Result result = memsim("record", "--with", "heaptrack", "-o", trace.toString(), "--",
        program.toString());
    assertThat(result.code()).as(result.err()).isZero();
    Trace read = TraceFormat.read(trace);
    // Heaptrack sees a realloc as a free and an allocation, and (1.4) neither memalign nor the
    // free of realloc(p, 0); the C library's own allocations come before and after (the pool
    // libstdc++, which heaptrack loads, makes at start and frees at exit).
    List<String> sizes = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      sizes.add(read.kind(i) == Trace.Kind.FREE ? "f" : Long.toString(read.sizeOf(i)));
    }
    assertThat(String.join(" ", sizes)).contains(" 100 300 f 5000 f 40 64 300 512 f f f f 77");
    assertThat(read.metadata()).containsEntry("program", "allocs");
    assertThat(read.metadata().get("tool")).startsWith("heaptrack-");
    Result replay = memsim("replay", trace.toString());
    // gcc may name a specialized copy leak_one.isra.0; heaptrack 1.4 misses the free of the 64
    // bytes by realloc(c, 0), so they stay live too.
    assertThat(replay.out()).containsPattern("still live at the end: 77 bytes in 1 block"
        + " allocated in leak_one[.\\w]* <- main <- ");
  }

  @Test
  void mtracesLogOfTheProgramImportsWithEveryCall(@TempDir Path dir) throws Exception {
    Path program = compile(dir, "gcc", "allocs.c", "-DMEMSIM_MTRACE");
    Path preload = Path.of("/lib/x86_64-linux-gnu/libc_malloc_debug.so.0");
    assumeTrue(Files.exists(preload), "glibc's " + preload + " is not here (glibc before 2.34,"
        + " or not x86-64 Debian): the mtrace check is skipped");
    Path log = dir.resolve("allocs.mtrace");
    ProcessBuilder run = new ProcessBuilder(program.toString()).redirectErrorStream(true);
    run.environment().put("MALLOC_TRACE", log.toString());
    run.environment().put("LD_PRELOAD", preload.toString());
    Process process = run.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).isTrue();
    Path trace = dir.resolve("allocs.rep");
    Result result = memsim("record", "--from", log.toString(), "-o", trace.toString());
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (String line : operations(TraceFormat.read(trace))) {
      lines.add(line.replaceFirst(" at=[0-9]+$", ""));
    }
    // mtrace keeps no alignment, and writes realloc(p, 0) as a free.
    assertThat(lines).containsExactly("a 0 100", "a 1 300", "r 0 5000", "r 0 40", "a 2 64",
        "f 2", "a 2 200", "a 3 300", "a 4 512", "f 1", "f 2", "f 3", "f 4", "f 0", "a 0 77");
    assertThat(TraceFormat.read(trace).metadata()).containsEntry("tool", "mtrace")
        .containsEntry("real-peak-live-bytes", "5300");
  }

  @Test
  void valgrindNamesCppOperatorsAndTheImporterKeepsTheirAlignment(@TempDir Path dir)
      throws Exception {
    Path program = compile(dir, "g++", "news.cc");
    require("valgrind");
    Path trace = dir.resolve("news.rep");
    Result result = memsim("record", "-o", trace.toString(), "--", program.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(String.join(" ", operations(TraceFormat.read(trace))))
        .contains("a 1 4 a 2 200 a 3 64 al=64 a 4 192 al=64 a 5 10 f 1 f 2 f 3 f 4 f 5");
  }

  @Test
  void aMissingToolIsOneLineNamingItsPackage() {
    assertThat(RecordCommand.installed("no-such-tool-for-memsim")).isFalse();
    Result result = memsim("record", "--with", "heaptrack", "-o", "x.rep");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("memsim: record: no COMMAND to run (memsim record -o FILE"
        + " -- COMMAND [ARGS...])\n");
    assertThat(RecordCommand.missing(RecordCommand.Tool.HEAPTRACK)).isEqualTo("record --with"
        + " heaptrack: heaptrack is not installed; install the Debian package heaptrack"
        + " (apt-get install heaptrack)");
  }

  @Test
  void aMalformedRecordingIsOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("bad.vg");
    Files.writeString(log, "==1== Command: ./x\n--1-- malloc(12) = 0x10\n--1-- calloc(3,y)"
        + " = 0x20\n");
    Result replay = memsim("replay", log.toString());
    assertThat(replay.code()).isEqualTo(2);
    assertThat(replay.err()).isEqualTo("memsim: bad.vg: line 3: expected a number or an"
        + " address, found 'y'\n");
    Result record = memsim("record", "--from", log.toString(), "-o",
        dir.resolve("bad.rep").toString());
    assertThat(record.code()).isEqualTo(2);
    assertThat(record.err()).isEqualTo(replay.err());
    assertThat(dir.resolve("bad.rep")).doesNotExist();
  }

  private static List<String> operations(Trace trace) {
    String text = TraceFormat.toText(trace);
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.matches("[arf] .*")) {
        out.add(line);
      }
    }
    return out;
  }

  record Result(int code, String out, String err) {}

  static Result memsim(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString().replace(System.lineSeparator(),
        "\n"));
  }

  /** Compiles a test resource of {@code record/}, or skips (fails in CI) without a compiler. */
  private Path compile(Path dir, String compiler, String source, String... options)
      throws IOException, InterruptedException {
    require(compiler);
    Path file = dir.resolve(source);
    try (InputStream in = getClass().getResourceAsStream("/record/" + source)) {
      Files.copy(in, file);
    }
    Path program = dir.resolve(source.substring(0, source.indexOf('.')));
    List<String> command = new ArrayList<>(List.of(compiler, "-O2", "-o", program.toString()));
    command.addAll(List.of(options));
    command.add(file.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0)
        .as("%s: %s", command, output).isTrue();
    return program;
  }

  /** Skips, saying why, when a program is not installed; fails instead where CI requires it. */
  private static void require(String program) {
    if (RecordCommand.installed(program)) {
      return;
    }
    if (System.getenv("MEMSIM_REQUIRE_TOOLS") != null) {
      fail("MEMSIM_REQUIRE_TOOLS is set but " + program + " is not on the PATH");
    }
    assumeTrue(false, program + " is not installed: this recording check is skipped");
  }
}
