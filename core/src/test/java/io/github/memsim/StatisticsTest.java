package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.memsim.alloc.Allocators;
import org.junit.jupiter.api.Test;

/** The figures of a statistics snapshot, derived by hand for small runs. */
class StatisticsTest {
  private final MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit()).build();
  private final ThreadContext main = model.mainThread();

  @Test
  void peakLiveCountsReallocAsNewMinusOld() {
    Pointer p = main.malloc(100);
    main.realloc(p, 200);
    Statistics stats = model.statistics();
    assertThat(stats.liveBytes()).isEqualTo(200);
    assertThat(stats.peakLiveBytes()).as("not 300: both blocks exist only inside realloc")
        .isEqualTo(200);
  }

  @Test
  void utilizationAndFragmentationFollowTheirFormulas() {
    // Standard layout: 32 initial bytes and a 4096-byte chunk; blocks of 112, 48 and 112 bytes.
    Pointer a = main.malloc(96);
    Pointer b = main.malloc(32);
    main.malloc(96);
    main.free(a);
    Statistics stats = model.statistics();
    assertThat(stats.heapBytes()).isEqualTo(4128);
    assertThat(stats.peakLiveBytes()).isEqualTo(224);
    assertThat(stats.utilization()).isCloseTo(224.0 / 4128, within(1e-12));
    // Free: a's block (112) and the tail (4096 - 272 = 3824).
    assertThat(stats.freeBlocks()).isEqualTo(2);
    assertThat(stats.freeBytes()).isEqualTo(112 + 3824);
    assertThat(stats.largestFreeBlock()).isEqualTo(3824);
    assertThat(stats.externalFragmentation()).isCloseTo(1 - 3824.0 / 3936, within(1e-12));
    main.free(b);
    assertThat(model.statistics().freeBlocks()).isEqualTo(2);
    assertThat(model.statistics().mallocs()).isEqualTo(3);
    assertThat(model.statistics().frees()).isEqualTo(2);
    assertThat(model.statistics().operations()).isEqualTo(5);
  }

  @Test
  void aFreshModelHasNoFragmentation() {
    Statistics stats = model.statistics();
    assertThat(stats.liveBlocks()).isZero();
    assertThat(stats.externalFragmentation()).isZero();
    assertThat(stats.freeBlocks()).isEqualTo(1);
    assertThat(stats.toString()).startsWith("Statistics[liveBytes=0, liveBlocks=0, heapBytes=4128");
  }
}
