package io.github.memsim;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;

/** A digest of everything a rejected operation must leave alone: memory, stacks, statistics. */
final class ModelDigest {
  private ModelDigest() {}

  static String of(MemoryModel model) {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    model.parts().digest().feed(hasher::putLong, (address, bytes) -> {
      hasher.putLong(address);
      hasher.putBytes(bytes);
    });
    return hasher.hash().toString();
  }
}
