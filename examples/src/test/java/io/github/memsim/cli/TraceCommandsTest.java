package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.alloc.Allocators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay, compare and draw on recordings and streams: what is new with real programs' traces. */
class TraceCommandsTest {
  private static final String LOG = """
      ==77== Command: ./demo
      --77-- malloc(100) = 0x4A41040
      --77-- calloc(10,30) = 0x4A410F0
      --77-- realloc(0x4A41040,5000) = 0x4A41260
      --77-- memalign(al 64, size 200) = 0x4A42780
      --77-- free(0x4A410F0)
      --77-- free(0x4A42780)
      --77-- free(0x4A41260)
      """;

  private static RecordCommandTest.Result memsim(String... args) {
    return RecordCommandTest.memsim(args);
  }

  @Test
  void compareOnManyJobsReportsWhatOneJobReports(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("demo.vg");
    Files.writeString(log, LOG);
    String[] reports = new String[2];
    int[] jobs = {1, 3};
    for (int i = 0; i < 2; i++) {
      CompareCommand compare = new CompareCommand();
      compare.traces = List.of("binary", "realloc", log.toString());
      compare.jobs = jobs[i];
      reports[i] = compare.report(Allocators.builtIn(), Report.Format.TABLE,
          new PrintWriter(new StringWriter()), false);
    }
    assertThat(reports[1]).isEqualTo(reports[0]).containsPattern("average +bump");
  }

  @Test
  void compareSetsTheRealAllocatorBesideEachStrategy(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("demo.vg");
    Files.writeString(log, LOG);
    RecordCommandTest.Result result = memsim("compare", "--allocators", "first-fit,bump",
        log.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("""
        demo.vg replays program demo (./demo), recorded with valgrind; the real allocator \
        peaked at 5500 live bytes spanning 5976 bytes of addresses:
          allocator        peak live  heap  heap / real span
          real (valgrind)       5500  5976              1.00
          first-fit             5548  9152              1.53
          bump                  5548  8224              1.38
        """.replace("\n", System.lineSeparator()));
  }

  @Test
  void replayReadsARecordingAndSaysWhatItReplays(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("demo.vg");
    Files.writeString(log, LOG);
    RecordCommandTest.Result result = memsim("replay", log.toString(), "--allocator",
        "best-fit");
    assertThat(result.code()).as(result.err()).isZero();
    // The memalign's 200 bytes with 64-byte alignment are replayed padded, by 48 bytes.
    assertThat(result.out()).startsWith("demo.vg replays program demo (./demo), recorded with"
        + " valgrind; the real allocator peaked at 5500 live bytes spanning 5976 bytes of"
        + " addresses" + System.lineSeparator() + "demo.vg on best-fit (default layout): 7 ops,"
        + " peak live 5548 bytes,")
        .contains("; 1 aligned requests replayed padded");
    assertThat(memsim("replay", log.toString(), "--json").out()).contains(",\"patterns\":true,"
        + "\"alignedRequests\":1,\"recorded\":{\"format\":\"memsim-trace 2\",\"tool\":"
        + "\"valgrind\",\"command\":\"./demo\",\"program\":\"demo\","
        + "\"real-peak-live-bytes\":\"5500\",\"real-span-at-peak\":\"5976\"}}");
    assertThat(memsim("compare", log.toString(), "binary", "--allocators", "bump", "--format",
        "json").out()).endsWith(",\"patterns\":true,\"recorded\":{\"demo.vg\":{\"format\":"
        + "\"memsim-trace 2\",\"tool\":\"valgrind\",\"command\":\"./demo\",\"program\":"
        + "\"demo\",\"real-peak-live-bytes\":\"5500\",\"real-span-at-peak\":\"5976\"}}}\n");
  }

  @Test
  void drawHasAxesWithUnitsAPanelEachWhenOneHeapDwarfsAnotherAndTimeSeries() {
    String together = memsim("draw", "binary", "--allocators", "first-fit,best-fit").out();
    assertThat(together).contains("trace operations", ">80 KiB<", ">1k<")
        .doesNotContain("a panel each");
    String apart = memsim("draw", "binary", "--allocators", "first-fit,bump").out();
    assertThat(apart).contains("live bytes (solid) and heap size (dashed), a panel each")
        .contains(">600 KiB<");
    assertThat(memsim("draw", "binary", "--allocators", "first-fit,bump", "--log").out())
        .doesNotContain("a panel each").contains("log scale", ">4 KiB<", ">1 MiB<");
    String csv = memsim("draw", "binary", "--allocators", "first-fit", "--csv").out();
    assertThat(csv).startsWith("allocator,operation,liveBytes,heapBytes,utilization,"
        + "externalFragmentation\nfirst-fit,0,16,4128,0.003876,0.000000\n");
    assertThat(csv.lines().count()).isBetween(500L, 700L);
    assertThat(memsim("draw", "binary", "--allocators", "first-fit", "--json").out())
        .startsWith("{\"trace\":\"binary.rep\",\"series\":[{\"allocator\":\"first-fit\","
            + "\"peakOperation\":3600,\"peakLiveBytes\":74320,\"columns\":[\"operation\",")
        .contains("\"points\":[[0,16,4128,0.003876,0.000000],");
    RecordCommandTest.Result both = memsim("draw", "binary", "--csv", "--json");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("memsim: draw: --csv or --json, not both\n");
  }

  @Test
  void axisTicksAreRoundValuesWithUnits() {
    assertThat(DrawCommand.bytesLabel(0)).isEqualTo("0 B");
    assertThat(DrawCommand.bytesLabel(1536)).isEqualTo("1.5 KiB");
    assertThat(DrawCommand.bytesLabel(23 << 20)).isEqualTo("23 MiB");
    assertThat(DrawCommand.opsLabel(2500)).isEqualTo("2.5k");
    assertThat(DrawCommand.opsLabel(10_000_000)).isEqualTo("10M");
    assertThat(DrawCommand.Axis.bytes(90_000, false).labels())
        .containsExactly("0 B", "20 KiB", "40 KiB", "60 KiB", "80 KiB", "100 KiB");
  }
}
