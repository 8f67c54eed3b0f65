package io.github.memsim;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.memsim.alloc.Allocator;

/** A digest of everything a rejected operation must leave alone: memory, stacks, statistics. */
final class ModelDigest {
  private ModelDigest() {}

  static String of(MemoryModel model) {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    ((Model) model).digestState(hasher::putLong, (address, bytes) -> {
      hasher.putLong(address);
      hasher.putBytes(bytes);
    });
    return hasher.hash().toString();
  }

  /** Returns the allocator behind a model's heap, for tests that walk it. */
  static Allocator allocator(MemoryModel model) {
    return ((Model) model).heap.allocator;
  }
}
