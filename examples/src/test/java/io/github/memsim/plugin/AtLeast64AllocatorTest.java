package io.github.memsim.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Pointer;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.testing.AllocatorContract;
import io.github.memsim.testing.Blocks;
import org.junit.jupiter.api.Test;

/** A plug-in allocator and its complete contract test, as a project outside memsim writes them. */
class AtLeast64AllocatorTest extends AllocatorContract {
  /** The plug-in: best-fit that never hands out a payload of less than 64 bytes. */
  public static final class AtLeast64Provider implements AllocatorProvider {
    @Override
    public String name() {
      return "best-fit-64";
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      Allocator bestFit = Allocators.bestFit().create(region, layout);
      return new ForwardingAllocator() {
        @Override
        protected Allocator delegate() {
          return bestFit;
        }

        @Override
        public String name() {
          return "best-fit-64";
        }

        @Override
        public long allocate(long payloadBytes) {
          return super.allocate(Math.max(payloadBytes, 64));
        }
      };
    }
  }

  /** The whole suite runs against this provider. */
  @Override
  protected AllocatorProvider provider() {
    return new AtLeast64Provider();
  }

  /** Fewer generated runs than the built-in strategies get: it wraps one of them. */
  @Override
  protected int examples() {
    return 50;
  }

  /** A test of its own, with the suite's helpers: tags, the walk, the tiling. */
  @Test
  void aOneByteRequestTakesAnEightyByteBlock() {
    BlockLayout layout = BlockLayout.standard();
    Inspected heap = inspected(layout);
    Pointer p = heap.model().mainThread().malloc(1);

    long block = p.address() - layout.headerBytes();
    assertThat(Blocks.readTag(heap.region(), layout, block)).isEqualTo(new Blocks.Tag(80, true));
    assertThat(Blocks.walk(heap.allocator()).get(0))
        .isEqualTo(new Blocks.Block(block, 80, p.address(), true));
    Blocks.assertTiles(heap.allocator(), heap.region());
  }
}
