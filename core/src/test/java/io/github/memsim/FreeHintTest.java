package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The size that the model hands a free as a hint ({@link Allocator#free(long, long)}) changes
 * nothing but speed: with the right hint, a wrong one or none, the same generated program makes
 * the same loads and stores of bookkeeping, in the same order, the same faults and the same
 * heap. The programs free blocks of every size (so some blocks took a free block whole and are
 * larger than their request says), and some damage a tag first.
 */
class FreeHintTest {
  private static final long NO_HINT = Long.MIN_VALUE;

  /** Frees through {@code inner} with the hint that {@code hint} makes of the true one. */
  private static AllocatorProvider hinted(AllocatorProvider inner, LongBinaryOperator hint) {
    return new AllocatorProvider() {
      @Override
      public String name() {
        return inner.name();
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout layout) {
        Allocator allocator = inner.create(region, layout);
        return new ForwardingAllocator() {
          @Override
          protected Allocator delegate() {
            return allocator;
          }

          @Override
          public void free(long payloadAddress, long payloadBytes) {
            long given = hint.applyAsLong(payloadAddress, payloadBytes);
            if (given == NO_HINT) {
              allocator.free(payloadAddress);
            } else {
              allocator.free(payloadAddress, given);
            }
          }
        };
      }
    };
  }

  /** Runs a generated program and tells everything it saw, in order. */
  private static List<String> run(AllocatorProvider provider, List<Integer> codes) {
    List<String> seen = new ArrayList<>();
    MemoryModel model = MemoryModel.builder().allocator(provider).listener(new MemoryListener() {
      @Override
      public void onLoad(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        if (origin == Origin.ALLOCATOR) {
          seen.add("load " + address + " " + length);
        }
      }

      @Override
      public void onStore(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        if (origin == Origin.ALLOCATOR) {
          seen.add("store " + address + " " + length);
        }
      }
    }).build();
    ThreadContext main = model.mainThread();
    List<Pointer> live = new ArrayList<>();
    for (int code : codes) {
      int choice = Math.floorMod(code, 16);
      try {
        if (choice < 8 || live.isEmpty()) {
          // Sizes 0 to 1,023, so that many requests round to the same block and some blocks
          // take a free one whole.
          live.add(main.malloc(Math.floorMod(code >>> 4, 1024)));
        } else if (choice < 15) {
          main.free(live.remove(Math.floorMod(code >>> 4, live.size())));
        } else {
          // Damage: a tag of a live block (its header or its footer) gets another size.
          Pointer victim = live.get(Math.floorMod(code >>> 4, live.size()));
          long usable = main.usableSize(victim);
          Pointer tag = (code & (1 << 30)) == 0 ? Pointer.raw(victim.address() - 8)
              : Pointer.raw(victim.address() + usable);
          main.writeLong(tag, main.readLong(tag) + 16L * (1 + Math.floorMod(code >>> 14, 4)));
        }
      } catch (MemoryFault fault) {
        // A wrapped allocator is one from outside, whose reports of damage name it.
        seen.add("fault " + fault.getMessage().replace("allocator " + provider.name() + ": ",
            ""));
      }
    }
    seen.add("heap " + ModelDigest.of(model));
    return seen;
  }

  @Test
  void aWrongHintOrNoneChangesNothingButSpeed() {
    List<AllocatorProvider> strategies = List.of(Allocators.firstFit(), Allocators.nextFit(),
        Allocators.bestFit(), Allocators.worstFit(), Allocators.bump());
    qt().withExamples(150)
        .forAll(integers().between(0, strategies.size() - 1),
            lists().of(integers().all()).ofSizeBetween(1, 300), integers().between(0, 5))
        .checkAssert((s, codes, wrong) -> {
          AllocatorProvider strategy = strategies.get(s);
          List<String> right = run(strategy, codes);
          LongBinaryOperator wrongHint = switch (wrong) {
            case 0 -> (address, bytes) -> NO_HINT;
            case 1 -> (address, bytes) -> bytes + 16;
            case 2 -> (address, bytes) -> Math.max(0, bytes - 16);
            case 3 -> (address, bytes) -> -1;
            case 4 -> (address, bytes) -> Long.MAX_VALUE;
            default -> (address, bytes) -> 0;
          };
          assertThat(run(hinted(strategy, wrongHint), codes)).isEqualTo(right);
          assertThat(run(hinted(strategy, (address, bytes) -> bytes), codes)).isEqualTo(right);
        });
  }
}
