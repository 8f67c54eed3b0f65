package io.github.memsim.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.UseAfterFreeFault;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapRegion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tests every allocator passes, whatever it promises: a strategy, built in or a plug-in, gets
 * this general part by subclassing it with its provider alone.
 *
 * <pre>{@code
 * class MyAllocatorTest extends AllocatorContract {
 *   @Override
 *   protected AllocatorProvider provider() {
 *     return new MyAllocatorProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>A model-based property drives the allocator through a model with generated mallocs,
 * callocs, reallocs, frees, resets and rejected operations, against a plain reference of the
 * live blocks, and checks after every step: the live blocks are the reference's, aligned, inside
 * the heap, not overlapping, their bytes kept; the heap checker passes; the heap map shows the
 * allocator's walk, which tiles the heap ({@link Blocks#assertTiles}); a rejected operation
 * changes nothing. What a strategy promises beyond that, it declares as
 * {@linkplain #capabilities() capabilities}, and the property then checks those too;
 * {@link PlacementContract} and {@link BoundaryTagContract} add the small examples that pin
 * placement and coalescing. Tests run with the JUnit 5 platform; the suite needs JUnit Jupiter,
 * AssertJ and QuickTheories on the test class path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AllocatorContract {
  /**
   * Examples per layout (the system property {@code memsim.examples}, 1000 by default); with 1 to
   * 600 operations each, about 600,000 operations per strategy, which keeps the whole build
   * under ten minutes on two cores; raise it when you change an allocator.
   */
  protected static final int EXAMPLES = Integer.getInteger("memsim.examples", 1000);
  static final int MAX_OPERATIONS = 600;
  static final long HEAP_LIMIT = 512 << 10;
  private static final ConcurrentHashMap<String, AtomicLong> OPERATIONS =
      new ConcurrentHashMap<>();

  /** How a strategy chooses among free blocks, restated by the suite as a plain linear scan. */
  public enum Policy {
    /** The lowest-address free block that fits. */
    FIRST_FIT,
    /** The first fit at or after the block last chosen, wrapping around. */
    NEXT_FIT,
    /** The smallest free block that fits, the lowest address among equals. */
    BEST_FIT,
    /** The largest free block, the lowest address among equals, if it fits. */
    WORST_FIT,
    /** No free block is ever chosen: a cursor moves up through the heap. */
    BUMP
  }

  /**
   * What an allocator promises beyond the general contract; each decides what a run can check
   * besides the general invariants.
   */
  public enum Capability {
    /** Its placement is restated by a {@link Policy}: every address and scan count is checked. */
    PLACEMENT,
    /** Free neighbours merge at once: no two free blocks are adjacent, all are counted free. */
    COALESCES,
    /** An arena: addresses only increase, freed blocks stay released until a reset. */
    ARENA
  }

  /** For subclasses. */
  protected AllocatorContract() {}

  /** {@return the provider of the allocator under test} */
  protected abstract AllocatorProvider provider();

  /** {@return what the allocator promises beyond the general contract; nothing by default} */
  protected Set<Capability> capabilities() {
    return EnumSet.noneOf(Capability.class);
  }

  /** {@return examples per layout in the property; {@link #EXAMPLES} by default} */
  protected int examples() {
    return EXAMPLES;
  }

  /** {@return the placement a linear scan restates, for {@link Capability#PLACEMENT}} */
  protected Policy policy() {
    return null;
  }

  /** {@return a model with a small heap, made with the provider and {@code layout}} */
  protected MemoryModel model(BlockLayout layout) {
    return MemoryModel.builder().allocator(provider()).layout(layout).heapLimit(HEAP_LIMIT)
        .stackSize(4096).build();
  }

  /**
   * {@return a model with a small heap, made with the provider and {@code layout}, with the
   * allocator the provider made and the region it was given, for tests that read tags and walk
   * the heap ({@link Blocks})}
   */
  protected Inspected inspected(BlockLayout layout) {
    Allocator[] made = new Allocator[1];
    HeapRegion[] given = new HeapRegion[1];
    AllocatorProvider provider = provider();
    AllocatorProvider capturing = new AllocatorProvider() {
      @Override
      public String name() {
        return provider.name();
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout blockLayout) {
        given[0] = region;
        made[0] = provider.create(region, blockLayout);
        return made[0];
      }
    };
    MemoryModel model = MemoryModel.builder().allocator(capturing).layout(layout)
        .heapLimit(HEAP_LIMIT).stackSize(4096).build();
    return new Inspected(model, made[0], given[0]);
  }

  /**
   * A model, the allocator its provider made and the region that allocator works on.
   *
   * @param model the model
   * @param allocator the model's allocator
   * @param region its region: reading it reads the simulated heap, untouched by the model's checks
   */
  public record Inspected(MemoryModel model, Allocator allocator, HeapRegion region) {}

  @Test
  void randomOperationsKeepEveryInvariantWithTheStandardLayout() {
    runProperty(BlockLayout.standard());
  }

  @Test
  void randomOperationsKeepEveryInvariantWithTheTextbookLayout() {
    runProperty(BlockLayout.textbook());
  }

  private void runProperty(BlockLayout layout) {
    AtomicLong counter = OPERATIONS.computeIfAbsent(provider().name(), name -> new AtomicLong());
    qt().withExamples(examples())
        .forAll(lists().of(longs().all()).ofSizeBetween(1, MAX_OPERATIONS)
            .describedAs(codes -> codes.stream().map(HeapRun::describe)
                .collect(Collectors.joining(", ", "[", "]"))))
        .checkAssert(codes -> {
          HeapRun run = new HeapRun(inspected(layout), capabilities(), policy());
          run.checkInvariants();
          for (long code : codes) {
            run.apply(code);
          }
          run.checkHeapMap();
          counter.addAndGet(run.operations);
        });
  }

  @AfterAll
  void reportOperations() {
    AtomicLong count = OPERATIONS.get(provider().name());
    if (count != null) {
      System.out.printf("%s: %,d random operations checked%n", provider().name(), count.get());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small examples that pin decisions

  @Test
  void payloadsAreAlignedAndHoldWhatWasAsked() {
    for (BlockLayout layout : List.of(BlockLayout.standard(), BlockLayout.textbook())) {
      Inspected inspected = inspected(layout);
      MemoryModel model = inspected.model();
      ThreadContext main = model.mainThread();
      for (int size = 0; size < 100; size++) {
        Pointer p = main.malloc(size);
        assertThat(p.address() % layout.alignment()).isZero();
        assertThat(model.heap().usableSize(p)).isGreaterThanOrEqualTo(size);
        Blocks.Tag header = Blocks.readTag(inspected.region(), layout,
            p.address() - layout.headerBytes());
        assertThat(header.allocated()).as("the header of the block at %s", p).isTrue();
      }
      Blocks.assertConsistent(model.heap());
      Blocks.assertTiles(inspected.allocator(), inspected.region());
    }
  }

  @Test
  void resetFreesEverythingAndOldPointersFault() {
    MemoryModel model = model(BlockLayout.standard());
    ThreadContext main = model.mainThread();
    Pointer p = main.malloc(40);
    main.malloc(100);
    long size = model.heap().size();
    model.heap().reset();
    assertThat(model.statistics().liveBlocks()).isZero();
    assertThat(model.heap().size()).isEqualTo(size);
    assertThatThrownBy(() -> main.readInt(p))
        .isInstanceOf(UseAfterFreeFault.class)
        .hasMessageContaining("freed by heap reset at op 3");
    Blocks.assertConsistent(model.heap());
    afterReset(model, p, size);
  }

  /**
   * Checks what a strategy promises after {@code Heap.reset()}, beyond the general contract.
   *
   * @param model the model, just reset
   * @param first the first block allocated before the reset, now dangling
   * @param size the heap's size before the reset
   */
  protected void afterReset(MemoryModel model, Pointer first, long size) {}
}
