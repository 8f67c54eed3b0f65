package io.github.memsim;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.memsim.internal.PagedMemory;
import java.util.function.LongConsumer;

/**
 * The state digest of a model: everything that a rejected operation must leave alone (every
 * page of memory, each stack's depth and pointer, the pointer tags, the heap's live blocks and
 * statistics), fed to a hash so that a test can compare the state before and after.
 */
final class StateDigest {
  private final Object lock;
  private final Heap heap;
  private final ThreadTable threads;
  private final PointerTags pointerTags;

  StateDigest(Object lock, Heap heap, ThreadTable threads, PointerTags pointerTags) {
    this.lock = lock;
    this.heap = heap;
    this.threads = threads;
    this.pointerTags = pointerTags;
  }

  /** Feeds the state to {@code longs} and {@code pages}. */
  void feed(LongConsumer longs, PagedMemory.PageVisitor pages) {
    synchronized (lock) {
      heap.segment().memory().forEachPage(pages);
      for (ThreadContext thread : threads.all()) {
        thread.memory().forEachPage(pages);
        longs.accept(thread.stack().depthLocked());
        longs.accept(thread.stack().stackPointerLocked());
      }
      pointerTags.digest(longs);
      heap.digest(longs);
    }
  }

  /** {@return the digest of {@link Heap#stateDigest()}, taken under the model's lock} */
  static String of(Heap heap, Object lock) {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    synchronized (lock) {
      heap.segment().memory().forEachPage((address, bytes) -> {
        hasher.putLong(address);
        hasher.putBytes(bytes);
      });
      heap.digest(hasher::putLong);
    }
    return hasher.hash().toString();
  }
}
