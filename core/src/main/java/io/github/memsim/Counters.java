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
  /** Successful heap calls, by {@link HeapCall.Kind#ordinal()}. */
  private final long[] heapCalls = new long[HeapCall.Kind.values().length];
  long indexProbes;
  long scanProbes;

  /** {@return what puts every count back as it is now} */
  Runnable save() {
    long[] saved = {operations, loads, stores, pushes, pops, indexProbes, scanProbes};
    long[] calls = heapCalls.clone();
    return () -> {
      operations = saved[0];
      loads = saved[1];
      stores = saved[2];
      pushes = saved[3];
      pops = saved[4];
      indexProbes = saved[5];
      scanProbes = saved[6];
      System.arraycopy(calls, 0, heapCalls, 0, calls.length);
    };
  }

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
    heapCalls[kind.ordinal()]++;
    indexProbes += index;
    scanProbes += scan;
  }

  long heapCalls(HeapCall.Kind kind) {
    return heapCalls[kind.ordinal()];
  }
}
