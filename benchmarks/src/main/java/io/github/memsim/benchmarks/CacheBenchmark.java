package io.github.memsim.benchmarks;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.cost.CacheHierarchy;
import io.github.memsim.cost.CacheSimulator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated accesses per second through a {@link CacheSimulator}: a Cache Lab geometry (one
 * level, 32 KiB, 8 ways, 64-byte lines) and the desktop preset, on a stream of addresses that
 * mixes sequential runs with random jumps over 4 MiB (about 80% first-level hits).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheBenchmark {
  private static final int STREAM = 1 << 16;

  /** Which machine. */
  @Param({"lab", "desktop"})
  public String machine;

  private CacheSimulator simulator;
  private final long[] addresses = new long[STREAM];
  private final boolean[] stores = new boolean[STREAM];

  /** Makes the simulator and the address stream. */
  @Setup
  public void setUp() {
    simulator = new CacheSimulator(machine.equals("lab") ? CacheHierarchy.cacheLab(6, 8, 6)
        : CacheHierarchy.desktop());
    simulator.addThread("main");
    SplittableRandom random = new SplittableRandom(42);
    long address = 0;
    for (int i = 0; i < STREAM; i++) {
      address = random.nextInt(8) == 0 ? random.nextLong(4 << 20) & ~7L : address + 8;
      addresses[i] = address;
      stores[i] = random.nextInt(4) == 0;
    }
  }

  /** One pass over the stream: {@value #STREAM} accesses of 8 bytes. */
  @Benchmark
  @OperationsPerInvocation(STREAM)
  public long accesses() {
    long cycles = 0;
    for (int i = 0; i < STREAM; i++) {
      cycles += simulator.access(0, addresses[i], 8, stores[i], Origin.USER);
    }
    return cycles;
  }
}
