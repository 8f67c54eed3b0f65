package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.alloc.BlockLayout;
import java.util.ArrayList;
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
 * The tests every allocator passes, whatever it promises: a strategy gets this general part by
 * subclassing it with its provider alone. What it promises beyond that, it declares as
 * {@linkplain #capabilities() capabilities}, and the model-based property then checks those too;
 * {@link PlacementContract} and {@link BoundaryTagContract} add the small examples that pin
 * placement and coalescing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AllocatorContract {
  /** Examples per layout; with 1 to 600 operations each, about a million operations per strategy. */
  static final int EXAMPLES = Integer.getInteger("memsim.examples", 1750);
  static final int MAX_OPERATIONS = 600;
  static final long HEAP_LIMIT = 512 << 10;
  static final ConcurrentHashMap<String, AtomicLong> OPERATIONS = new ConcurrentHashMap<>();

  abstract AllocatorProvider provider();

  /** {@return what the allocator promises beyond the general contract; nothing by default} */
  Set<HeapRun.Capability> capabilities() {
    return EnumSet.noneOf(HeapRun.Capability.class);
  }

  /** {@return examples per layout in the property} */
  int examples() {
    return EXAMPLES;
  }

  /** {@return the placement a linear scan restates, for {@link HeapRun.Capability#PLACEMENT}} */
  HeapRun.Policy policy() {
    return null;
  }

  MemoryModel model(BlockLayout layout) {
    return MemoryModel.builder().allocator(provider()).layout(layout).heapLimit(HEAP_LIMIT)
        .stackSize(4096).build();
  }

  /** A model and the allocator its provider made, for a run that walks it directly. */
  HeapRun run(BlockLayout layout) {
    Allocator[] made = new Allocator[1];
    AllocatorProvider provider = provider();
    AllocatorProvider capturing = new AllocatorProvider() {
      @Override
      public String name() {
        return provider.name();
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout blockLayout) {
        made[0] = provider.create(region, blockLayout);
        return made[0];
      }
    };
    MemoryModel model = MemoryModel.builder().allocator(capturing).layout(layout)
        .heapLimit(HEAP_LIMIT).stackSize(4096).build();
    return new HeapRun(model, capabilities(), policy(), made[0]);
  }

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
          HeapRun run = run(layout);
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
      MemoryModel model = model(layout);
      ThreadContext main = model.mainThread();
      for (int size = 0; size < 100; size++) {
        Pointer p = main.malloc(size);
        assertThat(p.address() % layout.alignment()).isZero();
        assertThat(model.heap().usableSize(p)).isGreaterThanOrEqualTo(size);
      }
      HeapAssert.assertThat(model.heap()).isConsistent();
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
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> main.readInt(p))
        .isInstanceOf(UseAfterFreeFault.class)
        .hasMessageContaining("freed by heap reset at op 3");
    HeapAssert.assertThat(model.heap()).isConsistent();
    afterReset(model, p, size);
  }

  /**
   * Checks what a strategy promises after {@code Heap.reset()}, beyond the general contract.
   *
   * @param model the model, just reset
   * @param first the first block allocated before the reset, now dangling
   * @param size the heap's size before the reset
   */
  void afterReset(MemoryModel model, Pointer first, long size) {}
}
