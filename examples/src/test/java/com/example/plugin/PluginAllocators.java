package com.example.plugin;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.BlockVisitor;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapRegion;

/** Strategies from outside the library, registered in META-INF/services for the CLI tests. */
public final class PluginAllocators {
  private PluginAllocators() {}

  /** First-fit under another name: a well-behaved plug-in. */
  public static final class Renamed implements AllocatorProvider {
    @Override
    public String name() {
      return "plugin-first-fit";
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      return new Shifted("plugin-first-fit", Allocators.firstFit().create(region, layout), 0);
    }
  }

  /** A broken plug-in: hands out payloads 8 bytes past where they should be. */
  public static final class Misaligned implements AllocatorProvider {
    @Override
    public String name() {
      return "plugin-misaligned";
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      return new Shifted("plugin-misaligned", Allocators.firstFit().create(region, layout), 8);
    }
  }

  /** A plug-in that runs the JVM out of memory on its first allocation. */
  public static final class Exhausting implements AllocatorProvider {
    @Override
    public String name() {
      return "plugin-exhausting";
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      Allocator inner = Allocators.firstFit().create(region, layout);
      return new ForwardingAllocator() {
        @Override
        protected Allocator delegate() {
          return inner;
        }

        @Override
        public String name() {
          return "plugin-exhausting";
        }

        @Override
        public long allocate(long payloadBytes) {
          throw new OutOfMemoryError("Java heap space");
        }
      };
    }
  }

  private static final class Shifted extends ForwardingAllocator {
    private final String name;
    private final Allocator inner;
    private final long shift;

    Shifted(String name, Allocator inner, long shift) {
      this.name = name;
      this.inner = inner;
      this.shift = shift;
    }

    @Override
    protected Allocator delegate() {
      return inner;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long allocate(long payloadBytes) {
      long payload = inner.allocate(payloadBytes);
      return payload == NO_MEMORY ? NO_MEMORY : payload + shift;
    }

    @Override
    public void free(long payloadAddress) {
      inner.free(payloadAddress - shift);
    }

    @Override
    public long usableSize(long payloadAddress) {
      return inner.usableSize(payloadAddress - shift) - shift;
    }

    @Override
    public void walk(BlockVisitor visitor) {
      inner.walk((block, size, payload, allocated) ->
          visitor.visit(block, size, payload + shift, allocated));
    }
  }
}
