package com.example.outside;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapRegion;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strategy from outside the library, written against the public SPI only and registered in
 * META-INF/services: best-fit that counts the calls it serves.
 */
public final class TracingBestFitProvider implements AllocatorProvider {
  /** Calls served by every instance, for the test to read. */
  public static final AtomicLong CALLS = new AtomicLong();

  @Override
  public String name() {
    return "tracing-best-fit";
  }

  @Override
  public String description() {
    return "best-fit that counts its calls";
  }

  @Override
  public Allocator create(HeapRegion region, BlockLayout layout) {
    Allocator inner = Allocators.bestFit().create(region, layout);
    return new ForwardingAllocator() {
      @Override
      protected Allocator delegate() {
        return inner;
      }

      @Override
      public String name() {
        return "tracing-best-fit";
      }

      @Override
      public long allocate(long payloadBytes) {
        CALLS.incrementAndGet();
        return super.allocate(payloadBytes);
      }

      @Override
      public void free(long payloadAddress) {
        CALLS.incrementAndGet();
        super.free(payloadAddress);
      }
    };
  }
}
