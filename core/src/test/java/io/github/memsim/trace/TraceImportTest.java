package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The importers of real programs' recordings, on fixtures written by hand after what the tools
 * print (Valgrind 3.19, heaptrack 1.4, glibc 2.36), odd cases included.
 */
class TraceImportTest {
  /** Every call shape Valgrind's --trace-malloc prints, and what surrounds them in a log. */
  private static final String VALGRIND = """
      ==4242== Memcheck, a memory error detector
      ==4242== Using Valgrind-3.19.0 and LibVEX; rerun with -h for copyright info
      ==4242== Command: ./demo --fast
      ==4242==\s
      --4242-- malloc(100) = 0x4A41040
      --4242-- calloc(10,30) = 0x4A410F0
      --4242-- realloc(0x4A41040,5000) = 0x4A41260
      --4242-- realloc(0x4A41260,40) = 0x4A41260
      --4242-- realloc(0x0,64)malloc(64) = 0x4A426A0
      --4242-- realloc(0x4A426A0,0)free(0x4A426A0)
      --4242--  = 0
      --4242-- memalign(al 64, size 200) = 0x4A42780
      --4242-- posix_memalign(al 100, size 300) = 0x4A42900
      --4242-- _ZnwmSt11align_val_t(size 64, al 64) = 0x4A42C00
      --4242-- _Znwm(4) = 0x4A42D00
      --4242-- _Znam(200) = 0x4A42D40
      --4242-- malloc_usable_size(0x4A42D40) = 200
      the program's own output, between Valgrind's lines
      --4242-- malloc(99999999999) = 0x0
      --4242-- free(0x0)
      --4242-- free(0x1234)
      --4242-- _ZdlPv(0x4A42D00)
      --4242-- _ZdaPv(0x4A42D40)
      --4242-- _ZdlPvSt11align_val_t(0x4A42C00)
      --4242-- free(0x4A410F0)
      --4242-- free(0x4A42780)
      --4242-- malloc(24) = 0x4A410F0
      ==4242== HEAP SUMMARY:
      """;

  @Test
  void valgrindsLogBecomesATraceWithEveryCallInItsPlace() throws Exception {
    assertThat(TraceImport.VALGRIND.toText("demo.vg", VALGRIND)).isEqualTo("""
        # format: memsim-trace 2
        # tool: valgrind-3.19.0
        # command: ./demo --fast
        # program: demo
        # real-peak-live-bytes: 5300
        # real-span-at-peak: 5368
        # ignored-calls: 1
        # failed-calls: 1
        # free-null: 1
        # unknown-frees: 1
        10600
        8
        17
        1
        a 0 100
        a 1 300
        r 0 5000
        r 0 40
        a 2 64
        r 2 0
        a 3 200 al=64
        a 4 300 al=128
        a 5 64 al=64
        a 6 4
        a 7 200
        f 6
        f 7
        f 5
        f 1
        f 3
        a 3 24
        """);
  }

  @Test
  void theImportedTraceReplaysWithItsAlignmentRequestsPadded() throws Exception {
    Trace trace = TraceImport.VALGRIND.read("demo.vg",
        () -> new java.io.ByteArrayInputStream(VALGRIND.getBytes()));
    assertThat(trace.metadata()).containsEntry("program", "demo")
        .containsEntry("command", "./demo --fast").containsEntry("tool", "valgrind-3.19.0");
    assertThat(trace.alignment(6)).isEqualTo(64);
    ReplayResult result = Replayer.builder().allocator(Allocators.bestFit()).build()
        .replay(trace);
    assertThat(result.alignedRequests()).isEqualTo(3);
    // 40 + 24 bytes, and posix_memalign's 300 as replayed: padded by 128 - 16 to 412.
    assertThat(result.stillLive()).containsExactly("476 bytes in 3 blocks allocated");
  }

  @Test
  void aMalformedValgrindLineNamesFileLineAndCause() {
    assertThatThrownBy(() -> TraceImport.VALGRIND.toText("bad.vg",
        "==1== Command: x\n--1-- malloc(12) = 0x10\n--1-- malloc(abc) = 0x20\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("bad.vg: line 3: expected a number or an address, found 'abc'");
    assertThatThrownBy(() -> TraceImport.VALGRIND.toText("bad.vg", "--1-- malloc(12)\n"))
        .hasMessage("bad.vg: line 1: malloc has no result: the log ends before it");
    assertThatThrownBy(() -> TraceImport.VALGRIND.toText("bad.vg", "--1--  = 0x10\n"))
        .hasMessage("bad.vg: line 1: a result '= 0x10' without a call before it");
    assertThatThrownBy(() -> TraceImport.VALGRIND.toText("bad.vg",
        "--1-- malloc(8) = 0x10\n--1-- malloc(8) = 0x10\n"))
        .hasMessage("bad.vg: line 2: address 0x10 is returned again while still live (from line"
            + " 1): a free is missing from the recording");
  }

  @Test
  void mtracesLogKeepsItsCallersAsSites() throws Exception {
    String log = """
        = Start
        @ ./demo:(make_list+0x1c)[0x55d0c0a011c9] + 0x55f2dd8be4a0 0x64
        @ ./demo:[0x1242] + 0x55f2dd8be510 0x12c
        @ ./demo:[0x125f] < 0x55f2dd8be4a0
        @ ./demo:[0x125f] > 0x55f2dd8be650 0x1388
        @ ./demo:[0x1292] ! 0x55f2dd8be650 0xffffffffff
        @ ./demo:[0x12af] - 0x55f2dd8be510
        @ ./demo:[0x12af] - (nil)
        @ ./demo:(make_list+0x1c)[0x55d0c0a011c9] + 0x55f2dd8be510 0x10
        = End
        """;
    assertThat(TraceImport.MTRACE.toText("demo.mt", log)).isEqualTo("""
        # format: memsim-trace 2
        # tool: mtrace
        # real-peak-live-bytes: 5300
        # real-span-at-peak: 5320
        # failed-calls: 1
        # free-null: 1
        # site 1: make_list
        # site 2: ./demo:[0x1242]
        # site 3: ./demo:[0x125f]
        10600
        2
        5
        1
        a 0 100 at=1
        a 1 300 at=2
        r 0 5000 at=3
        f 1
        a 1 16 at=1
        """);
    assertThatThrownBy(() -> TraceImport.MTRACE.toText("bad.mt",
        "= Start\n@ [0x1] > 0x10 0x8\n"))
        .hasMessage("bad.mt: line 2: '>' without the '<' of its realloc before it");
    assertThatThrownBy(() -> TraceImport.MTRACE.toText("bad.mt", "= Start\n@ [0x1] + 0x10\n"))
        .hasMessage("bad.mt: line 2: '+' needs a size: '@ [0x1] + 0x10'");
    assertThatThrownBy(() -> TraceImport.MTRACE.toText("bad.mt", "= Start\nhello\n"))
        .hasMessage("bad.mt: line 2: expected '@ CALLER + ADDRESS SIZE', '- ADDRESS', '< ADDRESS',"
            + " '> ADDRESS SIZE' or '! ADDRESS SIZE', found 'hello'");
  }

  /**
   * A heaptrack file (format 3) written by hand: strings, instruction pointers with an inlined
   * frame and an unnamed one, stack nodes, allocation kinds, and blocks of one kind freed out of
   * order, which the importer pairs last in, first out.
   */
  private static final String HEAPTRACK = """
      v 10400 3
      X ./demo --fast
      I 1000 5e293f
      s 4 main
      s 9 make_list
      s 1b operator new(unsigned long)
      s 4 push
      i 5633e1879226 1 1
      t 1 0
      i 5633e1879300 1 2 0 c 4 0 12
      t 2 1
      i 7f0000000001 2 3
      t 3 2
      i 7f0000000002 2
      t 4 1
      a 64 2
      a 20 3
      a 8 4
      + 0
      + 0
      + 1
      - 0
      # a comment
      c 7
      + 2
      - 1
      - 0
      + 0
      R 38e
      """;

  @Test
  void heaptracksStacksBecomeSitesAndFreesPairLastInFirstOut() throws Exception {
    assertThat(TraceImport.HEAPTRACK.toText("demo.ht", HEAPTRACK)).isEqualTo("""
        # format: memsim-trace 2
        # tool: heaptrack-1.4.0
        # command: ./demo --fast
        # program: demo
        # site 1: make_list <- push <- main
        # site 2: 0x7f0000000002 <- main
        4096
        3
        8
        1
        a 0 100 at=1
        a 1 100 at=1
        a 2 32 at=1
        f 1
        a 1 8 at=2
        f 2
        f 0
        a 0 100 at=1
        """);
  }

  @Test
  void aMalformedHeaptrackLineNamesFileLineAndCause() {
    assertThatThrownBy(() -> TraceImport.HEAPTRACK.toText("bad.ht", "v 10400 3\n+ 0\n"))
        .hasMessage("bad.ht: line 2: expected an allocation kind defined above by an 'a' line (0"
            + " to -1), found '+ 0'");
    assertThatThrownBy(() -> TraceImport.HEAPTRACK.toText("bad.ht", "v 10400 3\ns 9 main\n"))
        .hasMessage("bad.ht: line 2: expected a length and a string of that length, found"
            + " 's 9 main'");
    assertThatThrownBy(() -> TraceImport.HEAPTRACK.toText("bad.ht", "v 10400 3\nt zz 0\n"))
        .hasMessage("bad.ht: line 2: expected hexadecimal numbers, found 't zz 0'");
  }

  @Test
  void recordingsAreRecognizedByTheirFirstLine() {
    assertThat(TraceImport.detect("==4242== Memcheck, a memory error detector"))
        .contains(TraceImport.VALGRIND);
    assertThat(TraceImport.detect("v 10400 3")).contains(TraceImport.HEAPTRACK);
    assertThat(TraceImport.detect("= Start")).contains(TraceImport.MTRACE);
    assertThat(TraceImport.detect("20000")).isEmpty();
    assertThat(TraceImport.detect("# format: memsim-trace 2")).isEmpty();
    assertThat(TraceImport.byName("Heaptrack")).isEqualTo(TraceImport.HEAPTRACK);
    assertThatThrownBy(() -> TraceImport.byName("dtrace"))
        .hasMessage("no recording format 'dtrace'; formats: valgrind, heaptrack, mtrace");
    assertThat(List.of(TraceImport.values())).extracting(TraceImport::toolName)
        .containsExactly("valgrind", "heaptrack", "mtrace");
  }

  /**
   * Whatever a program does (blocks allocated, moved, shrunk, freed, reallocated from NULL and to
   * 0, frees of NULL and of blocks from before the recording), the imported trace is one the
   * format accepts and every strategy replays, with the program's peak of live bytes.
   */
  @Test
  void anyProgramsCallsImportAsAValidTrace() {
    qt().withExamples(60).forAll(lists().of(integers().between(0, 99)).ofSizeBetween(1, 120))
        .checkAssert(choices -> {
          StringBuilder log = new StringBuilder("==1== Command: ./random\n");
          List<Long> live = new ArrayList<>();
          long next = 0x1000;
          long liveBytes = 0;
          long peak = 0;
          List<Long> sizes = new ArrayList<>();
          for (int choice : choices) {
            int pick = live.isEmpty() ? 0 : choice % live.size();
            long size = 1 + choice * 7L;
            if (choice < 35 || live.isEmpty()) {
              log.append("--1-- malloc(").append(size).append(") = 0x")
                  .append(Long.toHexString(next)).append('\n');
              live.add(next);
              sizes.add(size);
              liveBytes += size;
              next += 0x1000;
            } else if (choice < 55) {
              log.append("--1-- free(0x").append(Long.toHexString(live.get(pick))).append(")\n");
              liveBytes -= sizes.remove(pick);
              live.remove(pick);
            } else if (choice < 75) {
              long to = choice % 2 == 0 ? live.get(pick) : next;
              log.append("--1-- realloc(0x").append(Long.toHexString(live.get(pick))).append(',')
                  .append(size).append(") = 0x").append(Long.toHexString(to)).append('\n');
              liveBytes += size - sizes.get(pick);
              live.set(pick, to);
              sizes.set(pick, size);
              next += 0x1000;
            } else if (choice < 82) {
              log.append("--1-- realloc(0x").append(Long.toHexString(live.get(pick)))
                  .append(",0)free(0x").append(Long.toHexString(live.get(pick)))
                  .append(")\n--1--  = 0\n");
              liveBytes -= sizes.remove(pick);
              live.remove(pick);
            } else if (choice < 90) {
              log.append("--1-- realloc(0x0,").append(size).append(")malloc(").append(size)
                  .append(") = 0x").append(Long.toHexString(next)).append('\n');
              live.add(next);
              sizes.add(size);
              liveBytes += size;
              next += 0x1000;
            } else if (choice < 95) {
              log.append("--1-- free(0x0)\n");
            } else {
              log.append("--1-- free(0x7)\n");
            }
            peak = Math.max(peak, liveBytes);
          }
          try {
            Trace trace = TraceFormat.parse("random.rep",
                TraceImport.VALGRIND.toText("random.vg", log.toString()));
            assertThat(trace.metadata().get("real-peak-live-bytes"))
                .isEqualTo(Long.toString(peak));
            assertThat(trace.distinctIds()).isLessThanOrEqualTo(choices.size());
            ReplayResult result = Replayer.builder().allocator(Allocators.firstFit()).build()
                .replay(trace);
            assertThat(result.peakLiveBytes()).isEqualTo(peak);
          } catch (TraceFormatException e) {
            throw new AssertionError(e.getMessage() + "\n" + log, e);
          }
        });
  }
}
