package io.github.memsim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The textbook's analysis of matrix multiplication, reproduced: with 32-byte lines (four
 * doubles) and a cache too small to hold a row, the misses per inner-loop iteration are 1.25
 * for ijk and jik (A by rows, B by columns), 2.0 for jki and kji (A and C by columns) and 0.5
 * for kij and ikj (B and C by rows). The matrices are doubles in heap blocks of a memsim
 * model, aligned to the line; only the inner loops' misses are counted.
 */
class MatrixMultiplyTest {
  private static final int N = 64;
  private static final int LINE = 32;

  /** Which index each loop level runs over, outermost first. */
  private static final Map<String, Double> EXPECTED = new TreeMap<>(Map.of(
      "ijk", 1.25, "jik", 1.25, "jki", 2.0, "kji", 2.0, "kij", 0.5, "ikj", 0.5));

  @Test
  void missesPerInnerIterationMatchTheTextbook() {
    Map<String, Double> measured = new TreeMap<>();
    for (String order : EXPECTED.keySet()) {
      measured.put(order, missesPerIteration(order));
    }
    for (Map.Entry<String, Double> entry : EXPECTED.entrySet()) {
      assertThat(measured.get(entry.getKey())).as(entry.getKey())
          .isCloseTo(entry.getValue(), within(0.01));
    }
  }

  private static double missesPerIteration(String order) {
    // 8 lines of 32 bytes, fully associative LRU: a row of 64 doubles (512 bytes) never fits.
    CostModel cost = CostModel.of(CacheHierarchy.builder().lineSize(LINE)
        .privateLevel(CacheLevel.builder("L1").sets(1).ways(8).latency(1).build())
        .memoryLatency(100).build());
    MemoryModel model = MemoryModel.builder().listener(cost).build();
    ThreadContext main = model.mainThread();
    Pointer a = matrix(main);
    Pointer b = matrix(main);
    Pointer c = matrix(main);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        main.writeLong(at(a, i, j), Double.doubleToLongBits(i + j));
        main.writeLong(at(b, i, j), Double.doubleToLongBits(i - j));
      }
    }
    long misses = 0;
    char outer = order.charAt(0);
    char middle = order.charAt(1);
    for (int x = 0; x < N; x++) {
      for (int y = 0; y < N; y++) {
        int i = outer == 'i' ? x : middle == 'i' ? y : -1;
        int j = outer == 'j' ? x : middle == 'j' ? y : -1;
        int k = outer == 'k' ? x : middle == 'k' ? y : -1;
        // What the textbook keeps in a register outside the inner loop.
        double held = switch (order.charAt(2)) {
          case 'k' -> 0.0; // sum, stored into C[i][j] afterwards
          case 'j' -> get(main, a, i, k); // r = A[i][k]
          default -> get(main, b, k, j); // r = B[k][j]
        };
        long before = cost.report().count("L1", Counter.MISSES);
        for (int z = 0; z < N; z++) {
          switch (order.charAt(2)) {
            case 'k' -> held += get(main, a, i, z) * get(main, b, z, j);
            case 'j' -> set(main, c, i, z, get(main, c, i, z) + held * get(main, b, k, z));
            default -> set(main, c, z, j, get(main, c, z, j) + get(main, a, z, k) * held);
          }
        }
        misses += cost.report().count("L1", Counter.MISSES) - before;
        if (order.charAt(2) == 'k') {
          set(main, c, i, j, get(main, c, i, j) + held);
        }
      }
    }
    return (double) misses / ((long) N * N * N);
  }

  private static Pointer matrix(ThreadContext main) {
    Pointer block = main.calloc(N * N + LINE / 8, 8);
    long misalignment = block.address() % LINE;
    return misalignment == 0 ? block : block.plus(LINE - misalignment);
  }

  private static Pointer at(Pointer matrix, int row, int column) {
    return matrix.plus(((long) row * N + column) * 8);
  }

  private static double get(ThreadContext main, Pointer matrix, int row, int column) {
    return Double.longBitsToDouble(main.readLong(at(matrix, row, column)));
  }

  private static void set(ThreadContext main, Pointer matrix, int row, int column, double v) {
    main.writeLong(at(matrix, row, column), Double.doubleToLongBits(v));
  }
}
