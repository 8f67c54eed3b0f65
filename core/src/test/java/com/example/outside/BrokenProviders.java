package com.example.outside;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapRegion;

/** Providers that break the rules of registration, for the test that they are skipped. */
public final class BrokenProviders {
  private BrokenProviders() {}

  /** Its constructor throws. */
  public static final class Throwing implements AllocatorProvider {
    /** Throws. */
    public Throwing() {
      throw new IllegalStateException("cannot start");
    }

    @Override
    public String name() {
      return "throwing";
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      throw new AssertionError();
    }
  }

  /** It has no name. */
  public static final class Nameless implements AllocatorProvider {
    @Override
    public String name() {
      return null;
    }

    @Override
    public Allocator create(HeapRegion region, BlockLayout layout) {
      throw new AssertionError();
    }
  }
}
