package io.github.memsim.cost;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The classification of misses as compulsory, capacity or conflict: per cache, every line it
 * ever held, and a fully associative LRU shadow of its size.
 */
final class MissKinds {
  private final Map<SetCache, Set<Long>> seen = new HashMap<>();
  private final Map<SetCache, LinkedHashMap<Long, Boolean>> shadows = new HashMap<>();

  /** Starts following a cache. */
  void watch(SetCache cache) {
    seen.put(cache, new HashSet<>());
    int capacity = cache.level.sets() * cache.level.ways();
    shadows.put(cache, new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    });
  }

  /** {@return the counter of a miss of {@code line} in {@code cache}} */
  int classify(SetCache cache, long line) {
    if (seen.get(cache).add(line)) {
      return Counter.COMPULSORY_MISSES.ordinal();
    }
    return shadows.get(cache).containsKey(line) ? Counter.CONFLICT_MISSES.ordinal()
        : Counter.CAPACITY_MISSES.ordinal();
  }

  /** The cache was reached by an access of {@code line}: its shadow holds it now. */
  void touch(SetCache cache, long line) {
    shadows.get(cache).put(line, Boolean.TRUE);
  }
}
