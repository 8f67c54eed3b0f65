package io.github.memsim.benchmarks;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.BlockLayout;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * What the real allocator did in one replay, call by call: the address each call returned and
 * every word of simulated memory it read or wrote (its tags), recorded once through a
 * {@link LayerReplay.Region} that writes them down, so that the layers below the engine replay
 * the library's own placements instead of a restatement of its strategies.
 *
 * <p>A {@link Replay} plays the recording back on a plain {@code long[]} heap, one word per
 * 8-byte tag: each call's reads and writes, in order, and the address the allocator returned.
 * It costs what the tags' memory traffic costs, with no index, no search, no check and no
 * simulated memory's page lookups; it also reads the recording itself, in order. Only layouts
 * with 8-byte tags can be recorded.
 */
final class TagRecording {
  /** Per access: its word's index in the heap, shifted left by one, with bit 0 set for a write. */
  private int[] accesses = new int[1 << 16];
  /** Per access: the word read or written. */
  private long[] values = new long[1 << 16];
  private int size;
  /** Per allocator call: the end of its accesses, and what it returned (0 for a free). */
  private int[] callEnds = new int[1 << 12];
  private long[] results = new long[1 << 12];
  private int calls;
  private int words;

  private TagRecording() {}

  /**
   * Records the real allocator over a replay.
   *
   * @param provider the strategy
   * @param driver runs the replay through the allocate and free it is given
   * @return the recording
   * @throws IllegalArgumentException if the layout's tags are not 8 bytes
   */
  static TagRecording record(AllocatorProvider provider, Driver driver) {
    BlockLayout layout = BlockLayout.standard();
    TagRecording recording = new TagRecording();
    Recorder region = recording.new Recorder(1L << 32);
    Allocator allocator = provider.create(region, layout);
    // The accesses of making the allocator (its prologue and first chunk) are call 0.
    recording.endCall(0);
    driver.drive(bytes -> {
      long address = allocator.allocate(bytes);
      recording.endCall(address);
      return address;
    }, address -> {
      allocator.free(address);
      recording.endCall(0);
    });
    return recording;
  }

  /** A replay through an allocate and a free. */
  interface Driver {
    void drive(LongUnaryOperator allocate, LongConsumer free);
  }

  private void endCall(long result) {
    if (calls == callEnds.length) {
      callEnds = Arrays.copyOf(callEnds, calls * 2);
      results = Arrays.copyOf(results, calls * 2);
    }
    callEnds[calls] = size;
    results[calls] = result;
    calls++;
  }

  private void add(long address, long value, boolean write) {
    long word = (address - LayerReplay.Region.BASE) >>> 3;
    if ((address & 7) != 0 || word >= 1L << 30) {
      throw new IllegalArgumentException("not a recordable tag word: " + address);
    }
    if (size == accesses.length) {
      accesses = Arrays.copyOf(accesses, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    accesses[size] = (int) word << 1 | (write ? 1 : 0);
    values[size] = value;
    size++;
    words = Math.max(words, (int) word + 1);
  }

  /** {@return the number of words of the heap that the allocator touched, from its base} */
  int words() {
    return words;
  }

  /** {@return the number of reads and writes recorded} */
  int accesses() {
    return size;
  }

  /** {@return the number of allocate and free calls recorded} */
  int calls() {
    return calls - 1;
  }

  /** A region that records every tag read and write of the allocator on top of it. */
  private final class Recorder extends LayerReplay.Region {
    Recorder(long limit) {
      super(limit);
    }

    @Override
    public int readInt(long address) {
      throw new IllegalArgumentException("only 8-byte tags are recorded");
    }

    @Override
    public void writeInt(long address, int value) {
      throw new IllegalArgumentException("only 8-byte tags are recorded");
    }

    @Override
    public long readLong(long address) {
      long value = super.readLong(address);
      add(address, value, false);
      return value;
    }

    @Override
    public void writeLong(long address, long value) {
      super.writeLong(address, value);
      add(address, value, true);
    }
  }

  /** {@return a replay of the recording on {@code heap}, from the allocator's making on} */
  Replay replay(long[] heap) {
    return new Replay(heap);
  }

  /**
   * The recording played back, call by call, on a plain heap: the allocate and free that the
   * layers drive in place of the allocator. The calls must come in the recorded order.
   */
  final class Replay {
    private final long[] heap;
    private int call;
    private int at;
    /** The sum of the words read, so that no read can be left out. */
    private long readSum;

    private Replay(long[] heap) {
      if (heap.length < words) {
        throw new IllegalArgumentException("a heap of " + heap.length + " words for " + words);
      }
      this.heap = heap;
      play();
    }

    /** Plays the next call's accesses and returns what it returned. */
    private long play() {
      int end = callEnds[call];
      int[] accesses = TagRecording.this.accesses;
      long[] values = TagRecording.this.values;
      long[] heap = this.heap;
      long sum = readSum;
      for (int i = at; i < end; i++) {
        int access = accesses[i];
        if ((access & 1) != 0) {
          heap[access >>> 1] = values[i];
        } else {
          sum += heap[access >>> 1];
        }
      }
      readSum = sum;
      at = end;
      return results[call++];
    }

    /**
     * The recorded allocation's accesses.
     *
     * @param bytes the request, which the recording already answers
     * @return the address the allocator returned
     */
    long allocate(long bytes) {
      return play();
    }

    /** The recorded free's accesses. */
    void free(long address) {
      play();
    }

    /** {@return the sum of every word read so far} */
    long readSum() {
      return readSum;
    }

    /**
     * Checks that every word read so far held what the allocator read there; for tests.
     *
     * @throws IllegalStateException at the first that did not
     */
    void checkReads() {
      long[] shadow = new long[heap.length];
      for (int i = 0; i < at; i++) {
        int word = accesses[i] >>> 1;
        if ((accesses[i] & 1) != 0) {
          shadow[word] = values[i];
        } else if (shadow[word] != values[i]) {
          throw new IllegalStateException("access " + i + " read " + shadow[word] + " at word "
              + word + " where the allocator read " + values[i]);
        }
      }
    }
  }
}
