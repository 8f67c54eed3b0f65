package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.Mutex;
import io.github.memsim.concurrent.RaceDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the race detector costs.
 *
 * <p>{@code accesses}: one schedule of two simulated threads, driven alternately by one Java
 * thread, making {@value #ACCESSES} loads and stores of longs in a 64 KiB heap block, on a fresh
 * model with or without a {@link RaceDetector} ({@code detector}). Two programs:
 * <ul>
 *   <li>{@code synchronized}: each thread reads and writes random words of its own half of the
 *       block; every 16th access is an atomic fetch-and-add on a shared word, and every 64th a
 *       locked read and write of a shared counter under a {@link Mutex}. Race-free, as a correct
 *       program is.
 *   <li>{@code racy}: both threads read, write and atomically read random words of the whole
 *       block with no synchronization at all: nearly every access races, the detector's worst
 *       case.
 * </ul>
 * The ratio of the two {@code detector} settings of a program is the detector's overhead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
  /** Accesses per run of {@link #accesses}. */
  public static final int ACCESSES = 1_000_000;
  private static final int WORDS = 8192;

  /** With or without the detector. */
  @Param({"off", "on"})
  public String detector;

  /** Which program. */
  @Param({"synchronized", "racy"})
  public String program;

  /**
   * One schedule of {@value #ACCESSES} accesses.
   *
   * @return the sum of the values loaded, so that nothing is dead code
   */
  @Benchmark
  public long accesses() {
    MemoryModel model = detector.equals("on")
        ? MemoryModel.builder().listener(new RaceDetector()).build()
        : MemoryModel.builder().build();
    return program.equals("racy") ? racy(model) : synchronizedProgram(model);
  }

  /**
   * The racy program, also used by {@link DetectorOverhead}.
   *
   * @param model the model to run on
   * @return the sum of the values loaded
   */
  static long racy(MemoryModel model) {
    Pointer block = model.mainThread().calloc(WORDS, 8);
    ThreadContext a = model.newThread("a");
    ThreadContext b = model.newThread("b");
    long x = 1;
    long sum = 0;
    for (int i = 0; i < ACCESSES; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      ThreadContext t = (i & 1) == 0 ? a : b;
      Pointer word = block.plus(8L * ((x >>> 20) % WORDS));
      switch ((int) ((x >>> 60) & 3)) {
        case 1 -> t.writeLong(word, i);
        case 2 -> sum += t.atomicLoadLong(word);
        default -> sum += t.readLong(word);
      }
    }
    return sum;
  }

  /**
   * The synchronized program, also used by {@link DetectorOverhead}.
   *
   * @param model the model to run on
   * @return the sum of the values loaded
   */
  static long synchronizedProgram(MemoryModel model) {
    ThreadContext main = model.mainThread();
    Pointer block = main.calloc(WORDS, 8);
    Pointer shared = main.calloc(3, 8);
    Mutex mutex = Mutex.at(shared);
    mutex.init(main);
    Pointer counter = shared.plus(8);
    Pointer tally = shared.plus(16);
    ThreadContext[] threads = {model.newThread("a"), model.newThread("b")};
    long x = 1;
    long sum = 0;
    int i = 0;
    while (i < ACCESSES) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      int me = i & 1;
      ThreadContext t = threads[me];
      if ((i & 63) == 63) {
        mutex.lock(t);
        long value = t.readLong(counter);
        t.writeLong(counter, value + 1);
        mutex.unlock(t);
        i += 4; // the lock's compare-and-set, the load, the store, the unlock's compare-and-set
      } else if ((i & 15) == 15) {
        sum += t.fetchAndAddLong(tally, 1);
        i++;
      } else {
        Pointer word = block.plus(8L * (me * (WORDS / 2) + (x >>> 20) % (WORDS / 2)));
        if (((x >>> 60) & 3) == 1) {
          t.writeLong(word, i);
        } else {
          sum += t.readLong(word);
        }
        i++;
      }
    }
    return sum;
  }
}
