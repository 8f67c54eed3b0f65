package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traces read as streams, and what a recorded program's trace adds to the format. */
class TraceReaderTest {
  private static final String RECORDED = """
      # format: memsim-trace 2
      # program: demo
      # command: ./demo --fast
      # tool: valgrind-3.19.0
      # site 1: make_list <- main
      # a comment that is no metadata
      4096
      3
      5
      1
      a 0 100 at=1
      a 1 200 al=64
      # site 2: leak_one <- main
      a 2 77 al=32 at=2
      r 0 300 at=1
      f 1
      """;

  private static TraceReader reader(String text) throws IOException {
    return TraceReader.open("demo.rep",
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void metadataSitesAndAlignmentsAreReadAndWrittenBack() throws Exception {
    Trace trace = TraceFormat.parse("demo.rep", RECORDED);
    assertThat(trace.metadata()).containsExactly(
        Map.entry("format", "memsim-trace 2"), Map.entry("program", "demo"),
        Map.entry("command", "./demo --fast"),
        Map.entry("tool", "valgrind-3.19.0"));
    assertThat(trace.sites()).containsExactly(List.of("make_list", "main"),
        List.of("leak_one", "main"));
    assertThat(trace.alignment(1)).isEqualTo(64);
    assertThat(trace.alignment(2)).isEqualTo(32);
    assertThat(trace.site(2)).isEqualTo(2);
    assertThat(trace.site(4)).isZero();
    assertThat(TraceFormat.toText(trace)).isEqualTo("""
        # format: memsim-trace 2
        # program: demo
        # command: ./demo --fast
        # tool: valgrind-3.19.0
        # site 1: make_list <- main
        # site 2: leak_one <- main
        4096
        3
        5
        1
        a 0 100 at=1
        a 1 200 al=64
        a 2 77 al=32 at=2
        r 0 300 at=1
        f 1
        """);
  }

  @Test
  void aCsappTraceIsWrittenAsBefore() throws Exception {
    String text = "100\n2\n3\n1\na 0 8\na 1 16\nf 0\n";
    assertThat(TraceFormat.toText(TraceFormat.parse("t.rep", text))).isEqualTo(text);
  }

  @Test
  void whatTheExtensionsGetWrongNamesTheLine() {
    String header = "0\n1\n1\n1\n";
    assertThatThrownBy(() -> TraceFormat.parse("x.rep", header + "a 0 8 al=48\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("x.rep: line 5: expected an alignment that is a power of two, found 48");
    assertThatThrownBy(() -> TraceFormat.parse("x.rep", header + "a 0 8 at=1\n"))
        .hasMessage("x.rep: line 5: expected a site defined above (1 to 0), found 1");
    assertThatThrownBy(() -> TraceFormat.parse("x.rep", header + "a 0 8\nr 0 16 al=16\n"))
        .hasMessage("x.rep: line 6: expected 'al=ALIGNMENT' (on 'a' only) or 'at=SITE' after the"
            + " size, found 'r 0 16 al=16'");
    assertThatThrownBy(() -> TraceFormat.parse("x.rep", "# site 2: main\n" + header))
        .hasMessage("x.rep: line 1: expected site 1 next, found site 2");
    assertThatThrownBy(() -> Trace.builder("t").add(Trace.Kind.FREE, 0, 0, 16, 0, 0))
        .hasMessage("operation 0: only an allocation may ask for an alignment");
    assertThatThrownBy(() -> Trace.builder("t").metadata("bad key", "x"))
        .hasMessage("a metadata key is a word of letters, digits and hyphens (not starting with"
            + " 'site'), not 'bad key'");
  }

  @Test
  void aStreamChecksWhatTheBuilderChecksAndWarnsAtItsEnd() throws Exception {
    try (TraceReader reader = reader("0\n1\n9\n1\na 0 8\nf 0\n")) {
      assertThat(reader.declaredOperations()).isEqualTo(9);
      assertThat(reader.next()).isTrue();
      assertThat(reader.op()).isEqualTo(new Trace.Op(Trace.Kind.ALLOC, 0, 8, 5));
      assertThat(reader.next()).isTrue();
      assertThat(reader.warnings()).isEmpty();
      assertThat(reader.next()).isFalse();
      assertThat(reader.warnings())
          .containsExactly("demo.rep: the header says 9 operations but the trace has 2");
    }
    try (TraceReader reader = reader("0\n1\n2\n1\na 0 8\nf 0\nf 0\n")) {
      reader.next();
      reader.next();
      assertThatThrownBy(reader::next).isInstanceOf(TraceFormatException.class)
          .hasMessage("demo.rep: line 7: f 0 frees block 0, which was already freed on line 6");
    }
  }

  @Test
  void aStreamedReplayGivesTheFiguresOfAReplayInMemory() throws Exception {
    Trace trace = Workload.PROGRAM.generate(3000, 150, 11);
    String text = TraceFormat.toText(trace);
    for (BlockLayout layout : List.of(BlockLayout.standard(), BlockLayout.textbook())) {
      Replayer replayer = Replayer.builder().allocator(Allocators.nextFit()).layout(layout)
          .build();
      ReplayResult inMemory = replayer.replay(trace);
      ReplayResult streamed;
      try (TraceReader reader = reader(text)) {
        streamed = replayer.replay(reader);
      }
      assertThat(streamed.toJson().replaceAll("\"trace\":\"[^\"]*\",|\"nsPerOp\":[0-9.]+,", ""))
          .isEqualTo(inMemory.toJson().replaceAll("\"trace\":\"[^\"]*\",|\"nsPerOp\":[0-9.]+,",
              ""));
    }
  }

  @Test
  void sitesBecomeTheModelsFramesSoThatWhatIsLeftLiveNamesThem() throws Exception {
    ReplayResult result;
    try (TraceReader reader = reader(RECORDED)) {
      result = Replayer.builder().build().replay(reader);
    }
    // 77 bytes asked with 32-byte alignment are replayed as 77 + 32 - 16.
    assertThat(result.stillLive()).containsExactly(
        "300 bytes in 1 block allocated in make_list <- main",
        "93 bytes in 1 block allocated in leak_one <- main");
    assertThat(result.alignedRequests()).isEqualTo(2);
    assertThat(result.toJson()).endsWith(",\"patterns\":true,\"alignedRequests\":2,"
        + "\"stillLive\":[\"300 bytes in 1 block allocated in make_list <- main\",\"93 bytes in"
        + " 1 block allocated in leak_one <- main\"]}");
  }
}
