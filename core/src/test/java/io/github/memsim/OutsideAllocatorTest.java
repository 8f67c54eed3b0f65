package io.github.memsim;

import com.example.outside.TracingBestFitProvider;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.testing.AllocatorContract;

/**
 * The general part of the contract alone, for an allocator from outside the library that
 * declares no capabilities: what every plug-in gets by writing this one class.
 */
class OutsideAllocatorTest extends AllocatorContract {
  @Override
  protected AllocatorProvider provider() {
    return new TracingBestFitProvider();
  }

  /** The general part only, on a wrapped built-in: a fifth of the examples is plenty. */
  @Override
  protected int examples() {
    return EXAMPLES / 5;
  }
}
