package io.github.memsim;

/**
 * The model's running counts: the first consumer of the event stream. The dispatcher calls it
 * directly for every event it counts (so counting builds no event values and costs one
 * increment), before any {@link MemoryListener}; {@link Heap#statistics()} reads it. Callers hold
 * the model's lock.
 */
final class Counters {
  long operations;
  long loads;
  long stores;
  long pushes;
  long pops;
  long mallocs;
  long callocs;
  long reallocs;
  long frees;
  long indexProbes;
  long scanProbes;

  void onUserLoad() {
    loads++;
  }

  void onUserStore() {
    stores++;
  }

  void onPush() {
    pushes++;
  }

  void onPop() {
    pops++;
  }

  void onHeapCall(HeapCall.Kind kind, long index, long scan) {
    switch (kind) {
      case MALLOC -> mallocs++;
      case CALLOC -> callocs++;
      case REALLOC -> reallocs++;
      case FREE -> frees++;
      default -> throw new AssertionError(kind);
    }
    indexProbes += index;
    scanProbes += scan;
  }
}
