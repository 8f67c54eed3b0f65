package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapRegion;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The replayer's checks, against allocators that break the rules on purpose. */
class ReplayerTest {
  private static final String THREE = String.join("\n", "0", "3", "6", "1", "a 0 24", "a 1 24",
      "a 2 24", "f 0", "f 1", "f 2", "");

  /** First-fit whose n-th payload is moved by {@code shift(n, payload)}, and back on free. */
  private static AllocatorProvider lying(String name, BiFunction<Integer, Long, Long> shift,
      BiConsumer<HeapRegion, Long> afterAllocate) {
    return new AllocatorProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout layout) {
        Allocator inner = Allocators.firstFit().create(region, layout);
        Map<Long, Long> real = new HashMap<>();
        return new ForwardingAllocator() {
          private int calls;

          @Override
          protected Allocator delegate() {
            return inner;
          }

          @Override
          public String name() {
            return name;
          }

          @Override
          public long allocate(long payloadBytes) {
            long payload = inner.allocate(payloadBytes);
            long shown = shift.apply(calls++, payload);
            real.put(shown, payload);
            afterAllocate.accept(region, payload);
            return shown;
          }

          @Override
          public void free(long payloadAddress) {
            inner.free(real.remove(payloadAddress));
          }

          @Override
          public long usableSize(long payloadAddress) {
            return inner.usableSize(real.get(payloadAddress));
          }
        };
      }
    };
  }

  @Test
  void anOverlappingBlockStopsTheReplayAtItsOperation() throws Exception {
    // The model checks a plug-in's blocks as it returns them, before the replayer's own check.
    // Blocks are 48 bytes: payloads at 0x10020, 0x10050, 0x10080. The second is shown 32 bytes
    // early, at 0x10030, inside the first payload [0x10020, 0x10038).
    AllocatorProvider overlapping = lying("overlapping",
        (n, payload) -> n == 1 ? payload - 32 : payload, (region, payload) -> { });
    Trace trace = TraceFormat.parse("three.rep", THREE);
    assertThatThrownBy(() -> Replayer.builder().allocator(overlapping).build().replay(trace))
        .isInstanceOf(ReplayViolationException.class)
        .hasMessage("three.rep, operation 1 (line 6: a 1 24): heap corruption: allocator"
            + " overlapping returned 0x10030 for malloc of 24 bytes, overlapping live block #1"
            + " (24 bytes at 0x10020); on main")
        .satisfies(e -> {
          assertThat(((ReplayViolationException) e).operation()).isEqualTo(1);
          assertThat(((ReplayViolationException) e).line()).isEqualTo(6);
        });
  }

  @Test
  void adjacentBlocksDoNotCountAsOverlapping() throws Exception {
    // Textbook layout: a 20-byte payload at 0x10010 ends at 0x10024; the next payload may start
    // at the next 8-byte boundary, 0x10028, without overlapping it.
    AllocatorProvider packed = lying("packed", (n, payload) -> n == 1 ? 0x10028L : payload,
        (region, payload) -> { });
    Trace trace = TraceFormat.parse("two.rep", "0\n2\n2\n1\na 0 20\na 1 8\n");
    Replayer replayer = Replayer.builder().allocator(packed).layout(BlockLayout.textbook())
        .patterns(false).build();
    assertThat(replayer.replay(trace).ops()).isEqualTo(2);
  }

  @Test
  void theCheckOfABlocksBytesFindsTheFirstThatIsNotItsPattern() {
    // Lengths around the 8-byte words, with bytes changed at places drawn from the codes.
    qt().withExamples(500)
        .forAll(integers().between(0, 40), integers().between(-128, 127),
            lists().of(integers().between(0, 63)).ofSizeBetween(0, 3))
        .checkAssert((length, value, changed) -> {
          byte expected = (byte) (int) value;
          byte[] bytes = new byte[length + 5];
          Arrays.fill(bytes, expected);
          for (int at : changed) {
            bytes[at % bytes.length] = (byte) (expected + 1 + at % 255);
          }
          int first = -1;
          for (int k = 0; k < length && first < 0; k++) {
            first = bytes[k] != expected ? k : -1;
          }
          assertThat(Replayer.mismatch(bytes, length, expected)).isEqualTo(first);
        });
  }

  @Test
  void bytesThatDoNotSurviveStopTheReplay() throws Exception {
    // After the second allocation the allocator scribbles on the first block's payload.
    AllocatorProvider scribbling = lying("scribbling", (n, payload) -> payload,
        (region, payload) -> {
          if (payload == 0x10050L) {
            region.writeLong(0x10028L, 0);
          }
        });
    Trace trace = TraceFormat.parse("three.rep", THREE);
    assertThatThrownBy(() -> Replayer.builder().allocator(scribbling).build().replay(trace))
        .isInstanceOf(ReplayViolationException.class)
        .hasMessageStartingWith("three.rep, operation 3 (line 8: f 0): byte 8 of block 0 at"
            + " 0x10020 is 0, not its pattern");
    // Without patterns the same replay goes through: the flag is what the report names.
    ReplayResult result = Replayer.builder().allocator(scribbling).patterns(false).build()
        .replay(trace);
    assertThat(result.patterns()).isFalse();
  }

  @Test
  void figuresOfASmallReplay() throws Exception {
    // Standard layout: 32 initial bytes plus a 4096-byte chunk; three 48-byte blocks.
    ReplayResult result = Replayer.builder().build().replay(TraceFormat.parse("three.rep", THREE),
        3);
    assertThat(result.trace()).isEqualTo("three.rep");
    assertThat(result.allocator()).isEqualTo("first-fit");
    assertThat(result.layout()).isEqualTo("default");
    assertThat(result.ops()).isEqualTo(6);
    assertThat(result.peakLiveBytes()).isEqualTo(72);
    assertThat(result.heapBytes()).isEqualTo(4128);
    assertThat(result.utilization()).isEqualTo(72.0 / 4128);
    // At the peak: one free block of 4096 - 144 bytes.
    assertThat(result.largestFreeBlock()).isEqualTo(4096 - 144);
    assertThat(result.externalFragmentation()).isZero();
    assertThat(result.nsPerOp()).isPositive();
    assertThat(result.toJson()).startsWith("{\"trace\":\"three.rep\",\"allocator\":\"first-fit\","
        + "\"layout\":\"default\",\"ops\":6,\"peakLiveBytes\":72,\"heapBytes\":4128,");
  }

  /**
   * The figures at the peak are those of the state right after the operation that reached it,
   * as a plain replay through the model that takes statistics after every new peak finds them:
   * on generated traces for every built-in strategy, and on a same-size realloc right after the
   * peak, which changes the heap but not the live bytes (a replayer that took the peak's figures
   * any later would report the heap after that realloc).
   */
  @Test
  void figuresAtThePeakAreThoseRightAfterIt() throws Exception {
    Trace sameSize = TraceFormat.parse("same-size.rep", String.join("\n", "0", "2", "5", "1",
        "a 0 100", "a 1 50", "r 0 100", "f 1", "f 0", ""));
    for (AllocatorProvider allocator : Allocators.builtIn()) {
      for (Trace trace : List.of(sameSize,
          Workload.byName("random").generate(4000, 60, 5),
          Workload.byName("realloc").generate(4000, 60, 6))) {
        ReplayResult result = Replayer.builder().allocator(allocator).patterns(false).build()
            .replay(trace);
        Statistics expected = eagerPeak(trace, allocator);
        assertThat(result.largestFreeBlock()).as("%s on %s", allocator.name(), trace.name())
            .isEqualTo(expected.largestFreeBlock());
        assertThat(result.externalFragmentation()).as("%s on %s", allocator.name(),
            trace.name()).isEqualTo(expected.externalFragmentation());
      }
    }
  }

  /** Replays through the model, taking statistics after every operation that sets a peak. */
  private static Statistics eagerPeak(Trace trace, AllocatorProvider allocator) {
    MemoryModel model = MemoryModel.builder().allocator(allocator).heapLimit(1L << 32)
        .stackSize(4096).build();
    ThreadContext thread = model.mainThread();
    Pointer[] pointers = new Pointer[(int) trace.idCount()];
    long[] sizes = new long[(int) trace.idCount()];
    long live = 0;
    long peak = 0;
    Statistics atPeak = model.statistics();
    for (int i = 0; i < trace.size(); i++) {
      int id = trace.id(i);
      long size = trace.sizeOf(i);
      switch (trace.kind(i)) {
        case ALLOC -> pointers[id] = thread.malloc(size);
        case REALLOC -> pointers[id] = thread.realloc(
            pointers[id] == null ? Pointer.NULL : pointers[id], size);
        case FREE -> {
          thread.free(pointers[id]);
          pointers[id] = null;
          size = 0;
        }
        default -> throw new AssertionError(trace.kind(i));
      }
      live += size - sizes[id];
      sizes[id] = size;
      if (live > peak) {
        peak = live;
        atPeak = model.statistics();
      }
    }
    return atPeak;
  }
}
