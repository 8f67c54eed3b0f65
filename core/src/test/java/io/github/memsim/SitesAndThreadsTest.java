package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.alloc.Allocators;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Allocation sites, per-thread stack sizes and the rules for starting and driving threads. */
class SitesAndThreadsTest {
  private static final FrameLayout MAIN = FrameLayout.builder("main").pointerSlot("v").build();
  private static final FrameLayout BUILD = FrameLayout.builder("build").intSlot("n").build();
  private static final FrameLayout PUSH_BACK = FrameLayout.builder("push_back").build();
  private static final FrameLayout CLEANUP = FrameLayout.builder("cleanup").build();

  private final MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit())
      .heapLimit(1 << 20).stackSize(8192).build();
  private final ThreadContext main = model.mainThread();

  @Test
  void blocksRememberWhereTheyWereAllocatedAndFreed() {
    Pointer p;
    try (Frame m = main.stack().push(MAIN)) {
      try (Frame b = main.stack().push(BUILD); Frame pb = main.stack().push(PUSH_BACK)) {
        p = main.malloc(24);
      }
      assertThat(model.heap().liveBlocks()).singleElement().satisfies(block -> {
        assertThat(block.allocationSite()).containsExactly("push_back", "build", "main");
        assertThat(block).hasToString("block #1 (24 bytes at 0x10020), allocated by main in"
            + " push_back <- build <- main at op 4");
      });
      try (Frame c = main.stack().push(CLEANUP)) {
        main.free(p);
      }
      assertThatThrownBy(() -> main.free(p)).isInstanceOf(DoubleFreeFault.class)
          .hasMessage("double free: block #1 (24 bytes at 0x10020) was freed by main in cleanup"
              + " <- main at op 8; allocated by main in push_back <- build <- main at op 4; on main");
    }
    // An empty stack gives no site, and the wording stays as before.
    Pointer q = main.malloc(8);
    main.free(q);
    assertThatThrownBy(() -> main.readLong(q)).isInstanceOf(UseAfterFreeFault.class)
        .hasMessageEndingWith("freed by main at op 12; allocated by main at op 11; on main");
  }

  @Test
  void theHeapMapAndTheDescriptionShowTheSite() {
    try (Frame m = main.stack().push(MAIN); Frame b = main.stack().push(BUILD)) {
      main.malloc(40);
    }
    HeapMap map = model.heap().map();
    assertThat(map.entries(HeapMap.State.ALLOCATED)).singleElement()
        .satisfies(e -> assertThat(e.block().orElseThrow().allocationSite())
            .containsExactly("build", "main"));
    assertThat(model.heap().describe()).contains("block #1, 40 bytes at 0x10020, allocated by"
        + " main in build <- main at op 3");
  }

  @Test
  void deepStacksKeepTheInnermostEightFunctionsAndShareSites() {
    FrameLayout recurse = FrameLayout.builder("recurse").build();
    FrameLayout leaf = FrameLayout.builder("leaf").build();
    main.stack().push(MAIN);
    for (int depth = 0; depth < 20; depth++) {
      main.stack().push(recurse);
    }
    main.stack().push(leaf);
    main.malloc(8);
    main.malloc(8);
    List<HeapBlock> blocks = model.heap().liveBlocks();
    assertThat(blocks.get(0).allocationSite()).containsExactly("leaf", "recurse", "recurse",
        "recurse", "recurse", "recurse", "recurse", "recurse");
    assertThat(blocks.get(1).allocationSite()).isEqualTo(blocks.get(0).allocationSite());
    // Recursion 200 deep makes no more sites than 20 deep: windows of eight repeat.
    int sites = model.parts().sites().size();
    main.stack().pop();
    for (int depth = 0; depth < 180; depth++) {
      main.stack().push(recurse);
    }
    main.stack().push(leaf);
    main.malloc(8);
    assertThat(model.parts().sites().size()).isEqualTo(sites);
  }

  @Test
  void eachThreadMayHaveItsOwnStackSize() {
    ThreadContext small = model.newThread("small", 64);
    ThreadContext large = model.newThread("large", 1 << 20);
    ThreadContext usual = model.newThread("usual");
    assertThat(small.stack().size()).isEqualTo(64);
    assertThat(large.stack().size()).isEqualTo(1 << 20);
    assertThat(usual.stack().size()).isEqualTo(8192);
    // Stacks lie one below the other, each a whole number of pages with a guard gap below.
    long guard = AddressSpace.STACK_GUARD_BYTES;
    assertThat(small.stack().topAddress())
        .isEqualTo(main.stack().topAddress() - 8192 - guard);
    assertThat(large.stack().topAddress())
        .isEqualTo(small.stack().topAddress() - AddressSpace.PAGE_SIZE - guard);
    assertThat(usual.stack().topAddress())
        .isEqualTo(large.stack().topAddress() - (1 << 20) - guard);
    FrameLayout frame = FrameLayout.builder("f").longSlot("a").longSlot("b").build();
    small.stack().push(frame);
    small.stack().push(frame);
    assertThatThrownBy(() -> small.stack().push(frame)).isInstanceOf(StackOverflowFault.class)
        .hasMessage("stack overflow: pushing frame f (32 bytes) at depth 3 would use 96 of 64"
            + " bytes; on small");
    Pointer inLarge = Pointer.raw(large.stack().topAddress() - 8);
    assertThatThrownBy(() -> small.readLong(Pointer.raw(small.stack().topAddress() - 72)))
        .isInstanceOf(SegmentationFault.class)
        .hasMessageContaining("in the guard gap below the stack of small");
    large.writeLong(inLarge, 7);
    assertThat(large.readLong(inLarge)).isEqualTo(7);
    assertThatThrownBy(() -> model.newThread("bad", 100)).isInstanceOf(
        IllegalArgumentException.class).hasMessage("stack size must be a multiple of 16 between"
        + " 16 and 1073741824 bytes but was 100");
  }

  @Test
  void threadNamesAreUniqueAndHeapResetIsReserved() {
    assertThatThrownBy(() -> model.newThread("main")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a thread named 'main' already exists");
    assertThatThrownBy(() -> model.newThread("heap reset"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'heap reset' is reserved: messages use it for blocks freed by Heap.reset()");
    assertThatThrownBy(() -> model.newThread(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("thread name must not be blank");
    assertThat(model.threads()).hasSize(1);
  }

  @Test
  void theThreadLimitSaysWhatItIs() {
    MemoryModel many = MemoryModel.builder().heapLimit(4096).stackSize(16).build();
    for (int i = 1; i < MemoryModel.MAX_THREADS; i++) {
      many.newThread("t" + i);
    }
    assertThatThrownBy(() -> many.newThread("one too many"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no room for thread 'one too many': a model holds at most 65535 threads");
    assertThat(many.threads()).hasSize(65535);
  }

  @Test
  void aContextWithFramesBelongsToTheJavaThreadThatPushedThem() throws Exception {
    Frame frame = main.stack().push(MAIN);
    String before = ModelDigest.of(model);
    CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
      try {
        main.stack().push(BUILD);
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    Throwable refused = other.get(1, TimeUnit.MINUTES);
    assertThat(refused).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("thread main is driven by Java thread '"
            + Thread.currentThread().getName() + "' while 1 frame is on its stack; Java thread '")
        .hasMessageEndingWith("' may not use it until they are popped (a ThreadContext is driven"
            + " by one Java thread at a time)");
    assertThat(ModelDigest.of(model)).isEqualTo(before);
    CompletableFuture<Throwable> malloc = CompletableFuture.supplyAsync(() -> {
      try {
        main.malloc(8);
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    assertThat(malloc.get(1, TimeUnit.MINUTES)).isInstanceOf(IllegalStateException.class);
    frame.close();
    // With the stack empty, another Java thread may take the context over.
    CompletableFuture<Pointer> taken = CompletableFuture.supplyAsync(() -> main.malloc(8));
    assertThat(taken.get(1, TimeUnit.MINUTES).address()).isPositive();
  }
}
