package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Snapshots against re-execution: a random program (malloc, calloc, realloc, free, loads and
 * stores in blocks and frames, pushes and pops, new threads, and the faults that come of freeing
 * twice, using freed blocks and writing past the end) runs to a point, the model is snapshot,
 * the rest runs and every result is written down; after a restore the model's state digest is
 * the one at the snapshot, and running the rest again gives every result again, the same
 * digest and the same statistics. Over every built-in allocator.
 */
class SnapshotProperties {
  private static final FrameLayout FRAME = FrameLayout.builder("f").longSlot("a")
      .pointerSlot("p").intSlot("n").build();

  /** The program's view of the model: its pointers and frames, by index. */
  private static final class Program {
    final MemoryModel model;
    final List<ThreadContext> threads = new ArrayList<>();
    final List<Pointer> pointers = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();

    Program(MemoryModel model) {
      this.model = model;
      threads.add(model.mainThread());
    }

    Program copy() {
      Program copy = new Program(model);
      copy.threads.clear();
      copy.threads.addAll(threads);
      copy.pointers.addAll(pointers);
      copy.frames.addAll(frames);
      return copy;
    }

    /** Runs one step; returns what it gave, a fault's message included. */
    String step(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      ThreadContext thread = threads.get(random.nextInt(threads.size()));
      try {
        return act(random, thread);
      } catch (MemoryFault fault) {
        return fault.getMessage();
      } catch (IllegalStateException e) {
        return "refused: " + e.getMessage();
      }
    }

    private String act(SplittableRandom random, ThreadContext thread) {
      Pointer any = pointers.isEmpty() ? Pointer.NULL
          : pointers.get(random.nextInt(pointers.size()));
      switch (random.nextInt(12)) {
        case 0, 1 -> {
          Pointer p = thread.malloc(random.nextInt(1, 200));
          pointers.add(p);
          return "malloc " + p;
        }
        case 2 -> {
          Pointer p = thread.calloc(random.nextInt(1, 8), 8);
          pointers.add(p);
          return "calloc " + p;
        }
        case 3 -> {
          Pointer p = thread.realloc(any, random.nextInt(0, 300));
          pointers.add(p);
          return "realloc " + p;
        }
        case 4 -> {
          thread.free(any);
          return "free";
        }
        case 5 -> {
          thread.writeLong(any.plus(8L * random.nextInt(4)), random.nextLong());
          return "stored";
        }
        case 6 -> {
          return "loaded " + thread.readLong(any.plus(8L * random.nextInt(4)));
        }
        case 7 -> {
          if (!pointers.isEmpty() && !any.isNull()) {
            thread.writePointer(pointers.get(random.nextInt(pointers.size())), any);
          }
          return "linked";
        }
        case 8 -> {
          Frame frame = thread.stack().push(FRAME);
          frame.setPointer("p", any);
          frame.setLong("a", random.nextLong());
          frames.add(frame);
          return "pushed " + frame.address();
        }
        case 9 -> {
          thread.stack().pop();
          return "popped to " + thread.stack().depth();
        }
        case 10 -> {
          if (frames.isEmpty()) {
            return "no frame";
          }
          Frame frame = frames.get(random.nextInt(frames.size()));
          return "slot " + frame.getLong("a") + " " + frame.getPointer("p");
        }
        default -> {
          if (threads.size() < 4 && random.nextInt(4) == 0) {
            ThreadContext t = model.newThread("t" + threads.size(), 4096);
            threads.add(t);
            return "thread " + t.stack().topAddress();
          }
          return "stats " + model.statistics();
        }
      }
    }
  }

  @Test
  void aRestoredModelRepeatsEveryResult() {
    qt().withExamples(300).forAll(longs().all(), integers().between(0, 60),
        integers().between(1, 80)).checkAssert(this::check);
  }

  private void check(long seed, int before, int after) {
    List<AllocatorProvider> allocators = Allocators.builtIn();
    AllocatorProvider allocator = allocators.get(Math.floorMod(seed, allocators.size()));
    MemoryModel model = MemoryModel.builder().allocator(allocator).heapLimit(64 << 10)
        .stackSize(2048).build();
    Program program = new Program(model);
    SplittableRandom steps = new SplittableRandom(seed);
    for (int i = 0; i < before; i++) {
      program.step(steps.nextLong());
    }
    String digest = ModelDigest.of(model);
    Statistics statistics = model.statistics();
    MemoryModel.Snapshot snapshot = model.snapshot();
    assertThat(ModelDigest.of(model)).as("taking a snapshot changes nothing").isEqualTo(digest);
    long[] rest = new long[after];
    for (int i = 0; i < after; i++) {
      rest[i] = steps.nextLong();
    }
    Program first = program.copy();
    List<String> results = new ArrayList<>();
    for (long step : rest) {
      results.add(first.step(step));
    }
    String endDigest = ModelDigest.of(model);
    Statistics endStatistics = model.statistics();
    for (int round = 0; round < 2; round++) { // a snapshot can be restored again and again
      model.restore(snapshot);
      assertThat(ModelDigest.of(model)).as("%s after %d steps, %s", allocator.name(), before,
          snapshot).isEqualTo(digest);
      assertThat(model.statistics()).isEqualTo(statistics);
      Program again = program.copy();
      List<String> repeated = new ArrayList<>();
      for (long step : rest) {
        repeated.add(again.step(step));
      }
      assertThat(repeated).as("%s, seed %d, %d steps then %d", allocator.name(), seed, before,
          after).isEqualTo(results);
      assertThat(ModelDigest.of(model)).isEqualTo(endDigest);
      assertThat(model.statistics()).isEqualTo(endStatistics);
      model.heap().check();
    }
  }
}
