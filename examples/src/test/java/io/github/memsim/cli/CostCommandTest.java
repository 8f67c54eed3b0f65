package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@code memsim cost}: the claims come out of the simulated traffic, on both presets. */
class CostCommandTest {
  @Test
  void theClaimsHoldOnBothPresets() {
    for (CacheHierarchy machine : List.of(CacheHierarchy.desktop(), CacheHierarchy.teaching())) {
      CostDemos demos = new CostDemos(machine, 10_000);
      String first = machine.levels().get(0).name();

      List<CostDemos.Side> stack = demos.stackVersusHeap().sides();
      assertThat(stack.get(1).cyclesPerOp()).as("malloc against push on %s", machine)
          .isGreaterThan(2 * stack.get(0).cyclesPerOp());

      List<CostDemos.Side> walks = demos.arraysVersusLists().sides();
      assertThat(walks).extracting(CostDemos.Side::name).containsExactly("array on the stack",
          "array on the heap", "list, nodes allocated in order",
          "list, nodes interleaved and shuffled");
      // An array of longs larger than the first level fetches each line of 8 longs once,
      // wherever it lives: by a miss, or by a prefetch on the desktop.
      for (CostDemos.Side array : walks.subList(0, 2)) {
        assertThat((double) (array.report().count(first, Counter.MISSES)
            + array.report().count(first, Counter.PREFETCHES)) / array.operations())
            .as(array.name()).isCloseTo(0.125, Assertions.within(0.01));
      }
      assertThat(walks.get(2).cyclesPerOp()).isGreaterThan(2 * walks.get(1).cyclesPerOp());
      assertThat(walks.get(3).cyclesPerOp()).isGreaterThan(1.5 * walks.get(2).cyclesPerOp());

      List<CostDemos.Side> matrix = demos.rowsVersusColumns().sides();
      assertThat(matrix.get(1).report().count(first, Counter.MISSES))
          .isGreaterThan(4 * matrix.get(0).report().count(first, Counter.MISSES));

      CostDemos.Demo sharing = demos.sharing();
      assertThat(sharing.sides().get(0).report().count(first, Counter.COHERENCE_MISSES)).isZero();
      assertThat(sharing.sides().get(1).report().count(first, Counter.COHERENCE_MISSES))
          .isEqualTo(2 * 10_000 - 2);
      assertThat(sharing.findings()).hasSize(2).allSatisfy(finding -> assertThat(finding)
          .startsWith("with counters 8 bytes apart: false sharing of line ")
          .contains("missed 9999 times").contains("the line holds block #1"));
    }
  }

  @Test
  void theCommandPrintsEveryDemonstrationInEitherFormat() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"cost", "-n", "500", "--preset", "teaching"},
        new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
    assertThat(out.toString()).startsWith("Machine: teaching: one 32 KiB cache at 1 cycle")
        .contains("1. A frame of two longs", "2. Summing 500 longs", "3. Reading a",
            "4. Threads a and b", "costs", "false sharing of line");
    StringWriter json = new StringWriter();
    assertThat(Memsim.run(new String[] {"cost", "-n", "500", "--format", "json"},
        new PrintWriter(json, true), new PrintWriter(err, true))).isZero();
    assertThat(json.toString().strip()).startsWith("{\"machine\":\"desktop: ")
        .contains("\"title\":\"4. Threads a and b").endsWith("]}]}");
    assertThat(err.toString()).isEmpty();
    assertThat(Memsim.run(new String[] {"cost", "-n", "0"}, new PrintWriter(out, true),
        new PrintWriter(err, true))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: -n must be 1 to 1000000, not 0"
        + System.lineSeparator());
  }

  @Test
  void nativeRunsTheCProgramsAndPrintsBothColumns() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Memsim.run(new String[] {"cost", "-n", "64", "--preset", "teaching", "--native"},
        new PrintWriter(out, true), new PrintWriter(err, true))).as(err.toString()).isZero();
    if (CostNative.compiler(System.getenv()).isEmpty()) {
      assertThat(out.toString()).contains("--native: no C compiler found");
      return;
    }
    // No timing is asserted: only that every claim has memsim's ratio and a measured one.
    assertThat(out.toString()).contains("Measured on this machine: C programs doing the same"
        + " work on n = 64", "memsim/measured", CostNative.FALSE_SHARING);
    assertThat(out.toString().lines().filter(line -> line.contains(" against ")
        && line.matches(".* \\d+\\.\\d\\dx +\\d+\\.\\d\\dx +\\d+\\.\\d\\d")))
        .hasSize(4);
  }

  @Test
  void withoutACompilerNativeSaysSoInOneLine() {
    assertThat(CostNative.compiler(Map.of("PATH", "/nowhere"))).isEmpty();
    assertThat(CostNative.compiler(Map.of("CC", "my-cc", "PATH", "/nowhere"))).contains("my-cc");
  }

  @Test
  void aResultThatFitsInACacheIsExplained() {
    CostDemos.Demo matrix = new CostDemos(CacheHierarchy.desktop(), 2000).rowsVersusColumns();
    assertThat(matrix.findings()).containsExactly("178 x 178 longs (247 KiB) fit in L2 (256"
        + " KiB): rows and columns cost about the same here, since every line is fetched once"
        + " either way; columns lose once the array outgrows L2 (cost -n 2071 or more)");
    assertThat(new CostDemos(CacheHierarchy.desktop(), 10_000).rowsVersusColumns().findings())
        .isEmpty();
  }

  @Test
  void theHeapIsSizedToTheRequest() {
    // 4n blocks of 16 to 128 bytes: 50,000 is past the 16 MiB a model has by default.
    List<CostDemos.Side> sides = new CostDemos(CacheHierarchy.teaching(), 50_000)
        .stackVersusHeap().sides();
    assertThat(sides).extracting(CostDemos.Side::operations).containsExactly(50_000L, 50_000L);
  }
}
