package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.AllocatorStatistics;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.alloc.HeapRegion;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Allocators from outside that misbehave are refused at the call, in faults that name them. */
class PluginFailureTest {
  /** A plug-in named {@code name}: first-fit, with {@code wrap} changing what it does. */
  private static AllocatorProvider plugin(String name, Function<Allocator, Allocator> wrap) {
    return new AllocatorProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout layout) {
        return wrap.apply(Allocators.firstFit().create(region, layout));
      }
    };
  }

  /** First-fit that forwards everything, for overriding one method. */
  private abstract static class Wrapped extends ForwardingAllocator {
    private final Allocator inner;

    Wrapped(Allocator inner) {
      this.inner = inner;
    }

    @Override
    protected Allocator delegate() {
      return inner;
    }
  }

  @Test
  void aProviderWhoseCreateReturnsNullIsRefusedAtBuild() {
    assertThatThrownBy(() -> MemoryModel.builder().allocator(plugin("null-fit", inner -> null))
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("allocator provider null-fit returned null from create(region, layout): a"
            + " provider must return an allocator");
  }

  @Test
  void statisticsThatReturnNullAreRefusedNamingThePlugin() {
    MemoryModel model = MemoryModel.builder().allocator(plugin("silent-fit",
        inner -> new Wrapped(inner) {
          @Override
          public AllocatorStatistics statistics() {
            return null;
          }
        })).build();
    assertThatThrownBy(model::statistics).isInstanceOf(HeapCorruptionFault.class)
        .hasMessage("heap corruption: allocator silent-fit returned null from statistics();"
            + " on no thread");
  }

  @Test
  void statisticsThatThrowSurfaceAsAFaultNamingThePlugin() {
    MemoryModel model = MemoryModel.builder().allocator(plugin("throwing-fit",
        inner -> new Wrapped(inner) {
          @Override
          public AllocatorStatistics statistics() {
            throw new UnsupportedOperationException("no statistics here");
          }
        })).build();
    assertThatThrownBy(() -> model.heap().statistics()).isInstanceOf(HeapCorruptionFault.class)
        .hasMessage("heap corruption: allocator throwing-fit failed in statistics():"
            + " java.lang.UnsupportedOperationException: no statistics here; on no thread")
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void corruptionFoundDuringAPluginsMallocNamesThePlugin() {
    MemoryModel model = MemoryModel.builder().allocator(plugin("damaged-fit",
        inner -> new Wrapped(inner) {
          @Override
          public long allocate(long payloadBytes) {
            throw new HeapCorruptionException(0x10018, "header at 0x10018 says 0 bytes");
          }
        })).build();
    ThreadContext main = model.mainThread();
    assertThatThrownBy(() -> main.malloc(24)).isInstanceOf(HeapCorruptionFault.class)
        .hasMessage("heap corruption: allocator damaged-fit: header at 0x10018 says 0 bytes;"
            + " on main");
    assertThat(model.heap().liveBlocks()).isEmpty();
  }
}
