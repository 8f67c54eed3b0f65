package io.github.memsim.alloc;

/**
 * An allocator that forwards every call to another one. Subclass it and override only the calls
 * to watch or change: counting calls, logging them, or altering a strategy's answers in a test.
 *
 * <pre>{@code
 * final class Counting extends ForwardingAllocator {
 *   private final Allocator inner;
 *   long allocations;
 *
 *   Counting(Allocator inner) { this.inner = inner; }
 *
 *   protected Allocator delegate() { return inner; }
 *
 *   public long allocate(long payloadBytes) {
 *     allocations++;
 *     return super.allocate(payloadBytes);
 *   }
 * }
 * }</pre>
 */
public abstract class ForwardingAllocator implements Allocator {
  /** For subclasses. */
  protected ForwardingAllocator() {}

  /** {@return the allocator every call goes to} */
  protected abstract Allocator delegate();

  @Override
  public String name() {
    return delegate().name();
  }

  @Override
  public BlockLayout layout() {
    return delegate().layout();
  }

  @Override
  public long allocate(long payloadBytes) {
    return delegate().allocate(payloadBytes);
  }

  @Override
  public void free(long payloadAddress) {
    delegate().free(payloadAddress);
  }

  @Override
  public void checkFree(long payloadAddress) {
    delegate().checkFree(payloadAddress);
  }

  @Override
  public long usableSize(long payloadAddress) {
    return delegate().usableSize(payloadAddress);
  }

  @Override
  public void reset() {
    delegate().reset();
  }

  @Override
  public void walk(BlockVisitor visitor) {
    delegate().walk(visitor);
  }

  @Override
  public void check() {
    delegate().check();
  }

  @Override
  public AllocatorStatistics statistics() {
    return delegate().statistics();
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public Saved save() {
    return delegate().save();
  }
}
