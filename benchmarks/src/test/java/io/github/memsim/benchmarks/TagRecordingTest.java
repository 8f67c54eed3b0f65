package io.github.memsim.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layers below the engine are only worth their figures if they play back what the library's
 * allocator did: driven through a recording, a replay returns every address the allocator
 * returns, every word it reads holds what the allocator read there, and the heap it leaves holds
 * the allocator's tags word for word.
 */
class TagRecordingTest {
  @ParameterizedTest
  @ValueSource(strings = {"first-fit", "next-fit", "best-fit", "worst-fit", "bump"})
  void aReplayPlaysBackTheAllocatorsOwnPlacementsAndTags(String strategy) {
    Trace trace = randomTrace(3000, 200, strategy.hashCode());
    int[] slots = new int[trace.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = trace.id(i);
    }
    List<Long> real = new ArrayList<>();
    LayerReplay.Region region = new LayerReplay.Region(1L << 32);
    Allocator allocator = Allocators.byName(strategy).create(region, BlockLayout.standard());
    long realSum = LayerReplay.drive(trace, slots, 200, bytes -> {
      long address = allocator.allocate(bytes);
      real.add(address);
      return address;
    }, allocator::free);

    TagRecording recording = TagRecording.record(Allocators.byName(strategy),
        (allocate, free) -> LayerReplay.drive(trace, slots, 200, allocate, free));
    long[] heap = new long[recording.words()];
    TagRecording.Replay replay = recording.replay(heap);
    List<Long> played = new ArrayList<>();
    long playedSum = LayerReplay.drive(trace, slots, 200, bytes -> {
      long address = replay.allocate(bytes);
      played.add(address);
      return address;
    }, replay::free);

    assertThat(played).isEqualTo(real);
    assertThat(playedSum).isEqualTo(realSum);
    assertThat(recording.calls()).isGreaterThan(trace.size());
    replay.checkReads();
    for (int word = 0; word < heap.length; word++) {
      assertThat(heap[word]).as("word %d", word)
          .isEqualTo(region.readLong(LayerReplay.Region.BASE + 8L * word));
    }
    // The checked drive makes the same calls, so the same recording serves it.
    TagRecording.Replay checked = recording.replay(new long[heap.length]);
    assertThat(LayerReplay.driveChecked(trace, slots, 200, checked::allocate, checked::free))
        .isEqualTo(realSum);
    assertThat(checked.readSum()).isEqualTo(replay.readSum());
  }

  @Test
  void refusesAHeapSmallerThanTheRecording() {
    TagRecording recording = TagRecording.record(Allocators.firstFit(),
        (allocate, free) -> free.accept(allocate.applyAsLong(24)));
    assertThat(recording.calls()).isEqualTo(2);
    assertThatThrownBy(() -> recording.replay(new long[recording.words() - 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a heap of " + (recording.words() - 1) + " words for "
            + recording.words());
  }

  /** Allocations, reallocs and frees of up to {@code ids} blocks, sizes up to 4 KiB. */
  private static Trace randomTrace(int operations, int ids, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] live = new boolean[ids];
    Trace.Builder builder = Trace.builder("random");
    for (int i = 0; i < operations; i++) {
      int id = random.nextInt(ids);
      long size = random.nextInt(8) == 0 ? random.nextInt(4096) : random.nextInt(128);
      if (!live[id]) {
        builder.add(Trace.Kind.ALLOC, id, size, i + 1);
        live[id] = true;
      } else if (random.nextInt(4) == 0) {
        builder.add(Trace.Kind.REALLOC, id, size + 1, i + 1);
      } else {
        builder.add(Trace.Kind.FREE, id, 0, i + 1);
        live[id] = false;
      }
    }
    return builder.build();
  }
}
