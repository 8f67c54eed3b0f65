package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
      // An array of longs larger than the first level misses once per line of 8 longs,
      // wherever it lives.
      for (CostDemos.Side array : walks.subList(0, 2)) {
        assertThat((double) array.report().count(first, Counter.MISSES) / array.operations())
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
  void theHeapIsSizedToTheRequest() {
    // 4n blocks of 16 to 128 bytes: 50,000 is past the 16 MiB a model has by default.
    List<CostDemos.Side> sides = new CostDemos(CacheHierarchy.teaching(), 50_000)
        .stackVersusHeap().sides();
    assertThat(sides).extracting(CostDemos.Side::operations).containsExactly(50_000L, 50_000L);
  }
}
