package io.github.memsim.benchmarks;

import io.github.memsim.MemoryModel;
import io.github.memsim.picture.StatePicture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A picture of a heap of 100,000 blocks (75,000 live, each holding a pointer to the next):
 * taking the view and writing the SVG, and writing the JSON document.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PictureBenchmark {
  private MemoryModel model;

  /** Builds the heap. */
  @Setup
  public void setUp() {
    model = Heaps.hundredThousandBlocks();
  }

  /** The view and the SVG. */
  @Benchmark
  public int svg() {
    return StatePicture.svg(model.view()).length();
  }

  /** The view and the JSON document. */
  @Benchmark
  public int json() {
    return StatePicture.json(model.view()).length();
  }
}
