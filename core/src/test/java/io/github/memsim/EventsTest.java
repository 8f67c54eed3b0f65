package io.github.memsim;

import static io.github.memsim.internal.Text.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The event stream, compared with event lists derived by hand from the standard layout (the
 * heap starts at 0x10000: 8 bytes of padding, a 16-byte prologue, the first block's header at
 * 0x10018 and a 4096-byte first chunk whose footer is at 0x11010; the epilogue is at 0x11018).
 */
class EventsTest {
  private final Recorder recorder = new Recorder();
  private final MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit())
      .heapLimit(64 << 10).stackSize(4096).listener(recorder).build();
  private final ThreadContext main = model.mainThread();

  @Test
  void buildingTheModelWritesTheInitialHeapAndStartsMain() {
    // padding, prologue header and footer, first epilogue; then the first chunk: its header
    // (the old epilogue), its footer and the new epilogue.
    assertThat(recorder.take()).containsExactly(
        "op 1 - store 0x10008+8 ALLOCATOR",
        "op 1 - store 0x10010+8 ALLOCATOR",
        "op 1 - store 0x10018+8 ALLOCATOR",
        "op 1 - store 0x10018+8 ALLOCATOR",
        "op 1 - store 0x11010+8 ALLOCATOR",
        "op 1 - store 0x11018+8 ALLOCATOR",
        "op 0 start main");
  }

  @Test
  void onePushAndItsPop() {
    recorder.take();
    FrameLayout layout = FrameLayout.builder("f").longSlot("x").build();
    Frame frame = main.stack().push(layout);
    long top = main.stack().topAddress();
    // 8 slot bytes rounded to 16, then the saved frame pointer and the return address.
    assertThat(frame.address()).isEqualTo(top - 32);
    String fp = hex(top - 16);
    String ret = hex(top - 8);
    assertThat(recorder.take()).containsExactly(
        "op 1 main store " + fp + "+8 FRAME_LINKAGE",
        "op 1 main store " + ret + "+8 FRAME_LINKAGE",
        "op 1 main push f at " + hex(top - 32));
    frame.setLong("x", 5);
    frame.close();
    assertThat(recorder.take()).containsExactly(
        "op 2 main store " + hex(top - 32) + "+8 USER",
        "op 3 main load " + fp + "+8 FRAME_LINKAGE",
        "op 3 main load " + ret + "+8 FRAME_LINKAGE",
        "op 3 main pop f");
  }

  @Test
  void mallocOnAnEmptyHeapSplitsTheFirstChunk() {
    recorder.take();
    Pointer p = main.malloc(24);
    // A 48-byte block: the chosen free block's header and footer are read, then the allocated
    // block's tags and the remainder's tags are written.
    assertThat(recorder.take()).containsExactly(
        "op 1 main load 0x10018+8 ALLOCATOR",
        "op 1 main load 0x11010+8 ALLOCATOR",
        "op 1 main store 0x10018+8 ALLOCATOR",
        "op 1 main store 0x10040+8 ALLOCATOR",
        "op 1 main store 0x10048+8 ALLOCATOR",
        "op 1 main store 0x11010+8 ALLOCATOR",
        "op 1: malloc(24) by main = block #1 (24 bytes at 0x10020) index 1 scan 1");
    main.writeLong(p, 42);
    assertThat(main.readLong(p)).isEqualTo(42);
    assertThat(recorder.take()).containsExactly(
        "op 2 main store 0x10020+8 USER",
        "op 3 main load 0x10020+8 USER");
  }

  @Test
  void aFreeThatCoalescesBothNeighbours() {
    Pointer a = main.malloc(24);
    Pointer b = main.malloc(24);
    Pointer c = main.malloc(24);
    main.malloc(24);
    main.free(a);
    main.free(c);
    recorder.take();
    main.free(b);
    // Blocks of 48 bytes: a at 0x10018, b at 0x10048, c at 0x10078. The free checks b's tags,
    // then each free neighbour's two tags, then reads the neighbours' tags again to coalesce
    // and writes the merged block's header (a's) and footer (c's).
    assertThat(recorder.take()).containsExactly(
        "op 7 main load 0x10048+8 ALLOCATOR",
        "op 7 main load 0x10070+8 ALLOCATOR",
        "op 7 main load 0x10040+8 ALLOCATOR",
        "op 7 main load 0x10018+8 ALLOCATOR",
        "op 7 main load 0x10040+8 ALLOCATOR",
        "op 7 main load 0x10078+8 ALLOCATOR",
        "op 7 main load 0x10078+8 ALLOCATOR",
        "op 7 main load 0x100a0+8 ALLOCATOR",
        "op 7 main load 0x10040+8 ALLOCATOR",
        "op 7 main load 0x10078+8 ALLOCATOR",
        "op 7 main store 0x10018+8 ALLOCATOR",
        "op 7 main store 0x100a0+8 ALLOCATOR",
        "op 7: free(#2) by main index 0 scan 0");
  }

  @Test
  void callocZeroesAndReallocCopies() {
    recorder.take();
    Pointer p = main.calloc(3, 8);
    List<String> calloc = recorder.take();
    assertThat(calloc).contains("op 1 main store 0x10020+24 ZEROING");
    assertThat(calloc.get(calloc.size() - 1)).startsWith("op 1: calloc(24) by main = block #1");
    Pointer q = main.realloc(p, 100);
    List<String> realloc = recorder.take();
    String newBlock = hex(q.address());
    assertThat(realloc).containsSubsequence(
        "op 2 main load 0x10020+24 COPY",
        "op 2 main store " + newBlock + "+24 COPY",
        "op 2: realloc(#1, 100) by main = block #2 (100 bytes at " + newBlock + ") index 1 scan 1");
    main.realloc(q, 0);
    assertThat(recorder.take()).last().isEqualTo("op 3: realloc(#2, 0) by main = NULL index 0"
        + " scan 0");
    main.free(Pointer.NULL);
    assertThat(recorder.take()).containsExactly("op 4: free(NULL) by main index 0 scan 0");
  }

  @Test
  void aFaultIsReportedBeforeItIsThrownAndTheStateIsUnchanged() {
    Pointer p = main.malloc(16);
    main.free(p);
    recorder.take();
    String before = ModelDigest.of(model);
    assertThatThrownBy(() -> main.free(p)).isInstanceOf(DoubleFreeFault.class);
    assertThat(recorder.take()).containsExactly("op 3 main fault double free: block #1 (16 bytes"
        + " at 0x10020) was freed by main at op 2; allocated by main at op 1; on main");
    assertThat(ModelDigest.of(model)).isEqualTo(before);
    assertThatThrownBy(() -> main.stack().pop()).isInstanceOf(LifoViolationFault.class);
    assertThat(recorder.take()).containsExactly("op 3 main fault LIFO violation: pop on an empty"
        + " stack; on main");
  }

  @Test
  void threadsAndTheCheckerAreReportedAsSuch() {
    recorder.take();
    main.malloc(8);
    recorder.take();
    ThreadContext worker = model.newThread("worker");
    assertThat(recorder.take()).containsExactly("op 1 start worker");
    model.heap().check();
    List<String> check = recorder.take();
    assertThat(check).isNotEmpty().allMatch(line -> line.startsWith("op 1 - load ")
        && line.endsWith(" INSPECTION"));
    model.heap().map();
    assertThat(recorder.take()).isNotEmpty().allMatch(line -> line.endsWith(" INSPECTION"));
    worker.malloc(8);
    assertThat(recorder.take()).isNotEmpty().allMatch(line -> line.startsWith("op 2 worker ")
        || line.startsWith("op 2: malloc(8) by worker"));
  }

  @Test
  void theCountersAgreeWithTheStream() {
    long[] userLoads = new long[1];
    long[] userStores = new long[1];
    long[] calls = new long[2];
    MemoryListener counting = new MemoryListener() {
      @Override
      public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
        userLoads[0] += origin == Origin.USER ? 1 : 0;
      }

      @Override
      public void onStore(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        userStores[0] += origin == Origin.USER ? 1 : 0;
      }

      @Override
      public void onHeapCall(HeapCall call) {
        calls[0] += call.indexProbes();
        calls[1] += call.scanProbes();
      }
    };
    MemoryModel counted = MemoryModel.builder().allocator(Allocators.nextFit())
        .listener(counting).build();
    ThreadContext thread = counted.mainThread();
    Random random = new Random(7);
    List<Pointer> live = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        Pointer p = thread.malloc(random.nextInt(200));
        thread.fill(p, 0, (byte) 1);
        live.add(p);
      } else {
        Pointer p = live.remove(random.nextInt(live.size()));
        thread.readBytes(p, 0);
        thread.free(p);
      }
    }
    Statistics stats = counted.statistics();
    assertThat(stats.loads()).isEqualTo(userLoads[0]);
    assertThat(stats.stores()).isEqualTo(userStores[0]);
    assertThat(stats.indexProbes()).isEqualTo(calls[0]);
    assertThat(stats.scanProbes()).isEqualTo(calls[1]);
  }

  @Test
  void aListenerThatThrowsIsDetachedAndTheOperationCompletes() {
    Recorder after = new Recorder();
    MemoryListener failing = new MemoryListener() {
      @Override
      public void onHeapCall(HeapCall call) {
        if (call.kind() == HeapCall.Kind.FREE) {
          throw new IllegalStateException("listener bug");
        }
      }

      @Override
      public String toString() {
        return "failing";
      }
    };
    MemoryModel watched = MemoryModel.builder().listener(failing).listener(after).build();
    ThreadContext thread = watched.mainThread();
    Pointer p = thread.malloc(32);
    after.take();
    assertThatThrownBy(() -> thread.free(p))
        .isInstanceOf(ListenerException.class)
        .hasMessage("listener failing threw java.lang.IllegalStateException: listener bug during"
            + " op 2; it has been detached, and the operation completed without it")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((ListenerException) e).op()).isEqualTo(2));
    // The free happened, the later listener saw it, the heap is sound.
    assertThat(after.take()).last().isEqualTo("op 2: free(#1) by main index 0 scan 0");
    assertThat(watched.statistics().liveBlocks()).isZero();
    assertThat(watched.statistics().operations()).isEqualTo(2);
    HeapAssert.assertThat(watched.heap()).isConsistent();
    // Detached: a second free goes through without it.
    Pointer q = thread.malloc(8);
    thread.free(q);
    assertThat(after.take()).last().isEqualTo("op 4: free(#2) by main index 0 scan 0");
  }

  @Test
  void aListenerThatThrowsDuringAFaultIsSuppressedByTheFault() {
    MemoryListener failing = new MemoryListener() {
      @Override
      public void onFault(ThreadContext thread, long op, MemoryFault fault) {
        throw new IllegalStateException("listener bug");
      }
    };
    MemoryModel watched = MemoryModel.builder().listener(failing).build();
    ThreadContext thread = watched.mainThread();
    assertThatThrownBy(() -> thread.readLong(Pointer.NULL))
        .isInstanceOf(NullDereferenceFault.class)
        .satisfies(fault -> assertThat(fault.getSuppressed()).singleElement()
            .isInstanceOf(ListenerException.class));
    assertThat(watched.statistics().operations()).isZero();
  }

  @Test
  void aListenerThatThrowsInsideTheAllocatorDoesNotCorruptTheHeap() {
    MemoryListener failing = new MemoryListener() {
      @Override
      public void onStore(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        if (thread != null && origin == Origin.ALLOCATOR) {
          throw new AssertionError("boom");
        }
      }
    };
    MemoryModel watched = MemoryModel.builder().listener(failing).build();
    ThreadContext thread = watched.mainThread();
    assertThatThrownBy(() -> thread.malloc(100)).isInstanceOf(ListenerException.class)
        .hasCauseInstanceOf(AssertionError.class);
    assertThat(watched.statistics().liveBlocks()).isOne();
    HeapAssert.assertThat(watched.heap()).isConsistent();
    assertThat(thread.malloc(100).address()).isPositive();
  }
}
