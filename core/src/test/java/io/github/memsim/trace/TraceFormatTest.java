package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing the .rep format, including what real files get wrong. */
class TraceFormatTest {
  @Test
  void readsOperationsWithExtraWhitespaceAndBlankLines() throws Exception {
    Trace trace = TraceFormat.parse("t.rep", "  1000\n2\n\t3\n1\n\na   0  512 \n r\t0 640\n\n f 0\n");
    assertThat(trace.size()).isEqualTo(3);
    assertThat(trace.op(0)).isEqualTo(new Trace.Op(Trace.Kind.ALLOC, 0, 512, 6));
    assertThat(trace.op(1)).isEqualTo(new Trace.Op(Trace.Kind.REALLOC, 0, 640, 7));
    assertThat(trace.op(2)).isEqualTo(new Trace.Op(Trace.Kind.FREE, 0, 0, 9));
    assertThat(trace.suggestedHeapSize()).isEqualTo(1000);
    assertThat(trace.warnings()).isEmpty();
  }

  @Test
  void wrongHeaderCountsAreWarningsNotErrors() throws Exception {
    Trace trace = TraceFormat.parse("t.rep", "0\n1\n7\n1\na 0 8\na 1 8\nf 0\nf 1\n");
    assertThat(trace.size()).isEqualTo(4);
    assertThat(trace.warnings()).containsExactly(
        "t.rep: the header says 7 operations but the trace has 4",
        "t.rep: the header says 1 ids but the trace uses 2");
  }

  @Test
  void aMalformedLineNamesFileLineAndWhatWasExpected() {
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\n2\n1\na 0 8\nx 0\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("bad.rep: line 6: expected 'a ID SIZE', 'r ID SIZE' or 'f ID', found 'x 0'")
        .extracting(e -> ((TraceFormatException) e).line()).isEqualTo(6);
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\n1\n1\na 0\n"))
        .hasMessage("bad.rep: line 5: expected 'a ID SIZE', 'r ID SIZE' or 'f ID', found 'a 0'");
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\n1\n1\na 0 big\n"))
        .hasMessage("bad.rep: line 5: expected a size (a number), found 'big'");
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\n1\n1\na -3 8\n"))
        .hasMessage("bad.rep: line 5: expected a block id (a number of at least 0), found -3");
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\nx\n"))
        .hasMessage("bad.rep: line 3: expected the header's number of operations (a number), found 'x'");
    assertThatThrownBy(() -> TraceFormat.parse("bad.rep", "0\n1\n"))
        .hasMessage("bad.rep: line 2: expected a header of 4 numbers (suggested heap size, number of"
            + " ids, number of operations, weight) but the file ends after 2");
  }

  @Test
  void aFileThatIsNotAsciiTextNamesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("binary.rep");
    Files.write(file, new byte[] {'4', '0', '9', '6', '\n', '1', '\n', '1', '\n', '1', '\n',
        (byte) 0x1f, (byte) 0x8b, 8, 0, '\n'});
    assertThatThrownBy(() -> TraceFormat.read(file))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("binary.rep: line 5: expected ASCII text, found a byte that is not (is this a"
            + " binary or compressed file?)");
  }

  @Test
  void idLifeErrorsNameTheLine() {
    assertThatThrownBy(() -> TraceFormat.parse("ids.rep", "0\n2\n2\n1\na 0 8\nf 1\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("ids.rep: line 6: f 1 frees block 1, which was never allocated");
    assertThatThrownBy(() -> TraceFormat.parse("ids.rep", "0\n1\n3\n1\na 0 8\nf 0\nf 0\n"))
        .hasMessage("ids.rep: line 7: f 0 frees block 0, which was already freed on line 6");
    assertThatThrownBy(() -> TraceFormat.parse("ids.rep", "0\n1\n2\n1\na 0 8\na 0 16\n"))
        .hasMessage("ids.rep: line 6: a 0 allocates block 0, which is still live (allocated on"
            + " line 5)");
  }

  @Test
  void idsOfAnyLegalValueCostWhatTheirNumberCosts() throws Exception {
    Trace trace = TraceFormat.parse("big.rep",
        "4096\n3\n6\n1\na 2147483647 8\na 2147483646 16\na 1000000000 24\n"
            + "f 2147483647\nr 1000000000 40\nf 2147483646\n");
    assertThat(trace.distinctIds()).isEqualTo(3);
    assertThat(trace.idCount()).isEqualTo(1L << 31);
    assertThat(trace.warnings()).containsExactly(
        "big.rep: the header says 3 ids but the trace uses 2147483648");
    ReplayResult result = Replayer.builder().build().replay(trace);
    assertThat(result.peakLiveBytes()).as("16 + 40 after the realloc").isEqualTo(56);
    assertThat(result.ops()).isEqualTo(6);
  }

  @Test
  void reallocToZeroLeavesTheIdHoldingNull() throws Exception {
    // r ID 0 frees the block; then r ID n is realloc(NULL, n), and f ID is free(NULL).
    Trace trace = TraceFormat.parse("r0.rep",
        "0\n2\n7\n1\na 0 8\nr 0 0\nr 0 32\nf 0\na 1 8\nr 1 0\nf 1\n");
    List<String> calls = new ArrayList<>();
    MemoryListener listener = new MemoryListener() {
      @Override
      public void onHeapCall(HeapCall call) {
        calls.add(call.toString().replaceAll(" \\(.*", ""));
      }
    };
    // Patterns off, so that op numbers count the heap calls alone.
    ReplayResult result = Replayer.builder().listener(listener).patterns(false).build()
        .replay(trace);
    assertThat(result.peakLiveBytes()).isEqualTo(32);
    assertThat(calls).containsExactly("op 1: malloc(8) by main = block #1",
        "op 2: realloc(#1, 0) by main = NULL", "op 3: realloc(NULL, 32) by main = block #2",
        "op 4: free(#2) by main", "op 5: malloc(8) by main = block #3",
        "op 6: realloc(#3, 0) by main = NULL", "op 7: free(NULL) by main");
  }

  @Test
  void reallocOfANeverAllocatedIdIsAMalloc() throws Exception {
    Trace trace = TraceFormat.parse("r.rep", "0\n1\n2\n1\nr 0 64\nf 0\n");
    ReplayResult result = Replayer.builder().build().replay(trace);
    assertThat(result.peakLiveBytes()).isEqualTo(64);
  }

  @Test
  void writesWhatItReads(@TempDir Path dir) throws Exception {
    Trace trace = Workload.PROGRAM.generate(500, 40, 7);
    Path file = dir.resolve("program.rep");
    try (var out = Files.newBufferedWriter(file)) {
      TraceFormat.write(trace, out);
    }
    Trace back = TraceFormat.read(file);
    assertThat(back.name()).isEqualTo("program.rep");
    assertThat(TraceFormat.toText(back)).isEqualTo(TraceFormat.toText(trace));
    assertThat(back.warnings()).isEmpty();
    assertThat(Files.readAllLines(file).subList(0, 4)).containsExactly(
        String.valueOf(trace.suggestedHeapSize()), String.valueOf(trace.idCount()), "500", "1");
  }
}
