package io.github.memsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The synthetic workloads: deterministic, exact in length, balanced, each with its character. */
class WorkloadTest {
  @ParameterizedTest
  @EnumSource(Workload.class)
  void sameSeedSameTraceExactLengthBalanced(Workload workload) throws Exception {
    Trace a = workload.generate(5001, 200, 11);
    Trace b = workload.generate(5001, 200, 11);
    Trace c = workload.generate(5001, 200, 12);
    assertThat(TraceFormat.toText(a)).isEqualTo(TraceFormat.toText(b));
    assertThat(TraceFormat.toText(a)).isNotEqualTo(TraceFormat.toText(c));
    assertThat(a.size()).isEqualTo(5001);
    assertThat(a.name()).isEqualTo(workload.profile() + "-5001-11");
    // Parsing re-checks every id's life; a balanced trace leaves nothing live.
    Trace parsed = TraceFormat.parse(a.name(), TraceFormat.toText(a));
    long live = 0;
    Set<Integer> liveIds = new HashSet<>();
    for (int i = 0; i < parsed.size(); i++) {
      if (parsed.kind(i) == Trace.Kind.FREE) {
        liveIds.remove(parsed.id(i));
      } else {
        liveIds.add(parsed.id(i));
      }
      live = Math.max(live, liveIds.size());
    }
    assertThat(liveIds).as("balanced: everything freed at the end").isEmpty();
    assertThat(live).as("peak live blocks near the target").isBetween(2L, 400L);
  }

  @Test
  void profilesHaveTheirCharacter() {
    Trace realloc = Workload.REALLOC.generate(3000, 100, 1);
    assertThat(count(realloc, Trace.Kind.REALLOC)).isGreaterThan(1000);
    Trace binary = Workload.BINARY.generate(3000, 100, 1);
    Set<Long> binarySizes = new TreeSet<>();
    for (int i = 0; i < binary.size(); i++) {
      if (binary.kind(i) == Trace.Kind.ALLOC) {
        binarySizes.add(binary.sizeOf(i));
      }
    }
    assertThat(binarySizes).contains(16L, 448L, 512L);
    for (Workload w : EnumSet.of(Workload.RANDOM, Workload.PROGRAM, Workload.COALESCING)) {
      assertThat(count(w.generate(3000, 100, 1), Trace.Kind.REALLOC)).isZero();
    }
  }

  @Test
  void unknownProfileListsTheKnownOnes() {
    assertThat(Workload.byName("Binary")).isEqualTo(Workload.BINARY);
    assertThatThrownBy(() -> Workload.byName("zipf"))
        .hasMessage("unknown profile 'zipf'; known profiles: random, program, binary,"
            + " coalescing, realloc");
    assertThatThrownBy(() -> Workload.RANDOM.generate(1, 10, 0))
        .hasMessage("operations must be at least 2 but was 1");
  }

  @ParameterizedTest
  @EnumSource(Workload.class)
  void bundledTracesAreWhatTheGeneratorMakes(Workload workload) {
    Trace bundled = TraceFormat.readBundled(workload.profile());
    assertThat(bundled.name()).isEqualTo(workload.profile() + ".rep");
    assertThat(TraceFormat.toText(bundled))
        .as("regenerate with Workload.%s.generate(4000, 200, 1)", workload.name())
        .isEqualTo(TraceFormat.toText(workload.generate(4000, 200, 1)));
  }

  @Test
  void unknownBundledTraceListsTheNames() {
    assertThat(TraceFormat.bundled()).hasSize(Workload.values().length);
    assertThatThrownBy(() -> TraceFormat.readBundled("amptjp"))
        .hasMessage("no bundled trace 'amptjp'; bundled traces: random, program, binary,"
            + " coalescing, realloc");
  }

  private static long count(Trace trace, Trace.Kind kind) {
    long n = 0;
    for (int i = 0; i < trace.size(); i++) {
      if (trace.kind(i) == kind) {
        n++;
      }
    }
    return n;
  }
}
