package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.ForwardingAllocator;
import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.concurrent.RaceDetector;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fault kind: it fires, it has its type and its exact message, and the model's state
 * digest (memory, stacks, statistics, op counter) is the same afterwards.
 *
 * <p>Addresses follow from the standard layout: the heap starts at 0x10000 with 8 bytes of
 * padding and a 16-byte prologue, so the first block's header is at 0x10018 and its payload at
 * 0x10020; the first 4096-byte chunk puts the break at 0x10000 + 32 + 4096 = 0x11020.
 */
class FaultsTest {
  private final MemoryModel model = MemoryModel.builder().allocator(Allocators.firstFit())
      .heapLimit(16 << 10).stackSize(1024).build();
  private final ThreadContext main = model.mainThread();

  /** Runs {@code action}, expects {@code type}, and checks that nothing changed. */
  private <T extends MemoryFault> T rejected(Class<T> type, Executable action) {
    return rejected(model, type, action);
  }

  /** The same, on another model. */
  private static <T extends MemoryFault> T rejected(MemoryModel model, Class<T> type,
      Executable action) {
    String before = ModelDigest.of(model);
    Statistics statsBefore = model.statistics();
    T fault = catchThrowableOfType(type, () -> {
      try {
        action.execute();
      } catch (Throwable t) {
        throw t instanceof RuntimeException ? (RuntimeException) t : new RuntimeException(t);
      }
    });
    assertThat(fault).as("expected a %s", type.getSimpleName()).isNotNull();
    assertThat(ModelDigest.of(model)).as("state digest after %s", fault.getMessage())
        .isEqualTo(before);
    assertThat(model.statistics()).isEqualTo(statsBefore);
    if (!(fault instanceof HeapCorruptionFault)) {
      HeapAssert.assertThat(model.heap()).isConsistent();
    }
    assertThat(fault.getMessage()).as("an ASCII message").matches("[\\x20-\\x7e]+")
        .startsWith(fault.kind().label() + ": ")
        .endsWith("; on " + fault.thread().orElse("no thread"));
    return fault;
  }

  @Nested
  class DataRace {
    private final RaceDetector detector = new RaceDetector(RaceDetector.Mode.FAULT);
    private final MemoryModel raced = MemoryModel.builder().allocator(Allocators.firstFit())
        .listener(detector).accessCheck(detector).build();
    private final ThreadContext first = raced.mainThread();
    private final Pointer word = first.calloc(1, 8);
    private final ThreadContext a = raced.newThread("a");
    private final ThreadContext b = raced.newThread("b");

    @Test
    void aWriteAfterAnUnorderedRead() {
      a.readLong(word);
      DataRaceFault fault = rejected(raced, DataRaceFault.class, () -> b.writeLong(word, 5));
      assertThat(fault).hasMessage("data race: 8-byte write at 0x10020 by b at op 3, racing with"
          + " an 8-byte read by a at op 2; 0 bytes into block #1 (8 bytes at 0x10020), allocated"
          + " by main at op 1; on b");
      assertThat(fault.address()).isEqualTo(0x10020);
      assertThat(first.readLong(word)).isZero();
      assertThat(detector.races()).as("a refused access is not recorded").isEmpty();
    }

    @Test
    void aReadOfPartOfAWordAnotherThreadWrote() {
      a.writeInt(word.plus(4), 7);
      DataRaceFault fault = rejected(raced, DataRaceFault.class, () -> b.readLong(word));
      assertThat(fault).hasMessage("data race: 8-byte read at 0x10020 by b at op 3, racing with"
          + " a 4-byte write by a at op 2; 4 bytes into block #1 (8 bytes at 0x10020), allocated"
          + " by main at op 1; on b");
      assertThat(b.readInt(word)).as("the bytes a did not write do not race").isZero();
    }

    @Test
    void aFreeOfABlockAnotherThreadWrote() {
      a.writeLong(word, 1);
      DataRaceFault fault = rejected(raced, DataRaceFault.class, () -> b.free(word));
      assertThat(fault.getMessage()).startsWith("data race: 8-byte write at 0x10020 by b at op 3,"
          + " racing with an 8-byte write by a at op 2;");
      assertThat(raced.statistics().liveBlocks()).isEqualTo(1);
    }

    @Test
    void atomicAccessesAndOrderedOnesDoNotFault() {
      a.atomicStoreLong(word, 1);
      assertThat(b.atomicLoadLong(word)).isEqualTo(1);
      b.writeLong(word, 2); // ordered after a's store by the atomic load
      assertThat(detector.races()).isEmpty();
    }
  }

  @Nested
  class NullDereference {
    @Test
    void readThroughNull() {
      NullDereferenceFault fault = rejected(NullDereferenceFault.class,
          () -> main.readLong(Pointer.NULL));
      assertThat(fault).hasMessage("null dereference: 8-byte read at 0x0; on main");
      assertThat(fault.kind()).isEqualTo(MemoryFault.Kind.NULL_DEREFERENCE);
      assertThat(fault.address()).isZero();
      assertThat(fault.thread()).contains("main");
    }

    @Test
    void writeToAFieldOfNull() {
      assertThat(rejected(NullDereferenceFault.class, () -> main.writeInt(Pointer.NULL.plus(16), 1)))
          .hasMessage("null dereference: 4-byte write at 0x10 (16 bytes past null); on main");
    }
  }

  @Nested
  class Segmentation {
    @Test
    void pastTheBreak() {
      assertThat(rejected(SegmentationFault.class, () -> main.readLong(Pointer.raw(0x11020))))
          .hasMessage("segmentation fault: 8-byte read at 0x11020 is not mapped (past the heap's"
              + " break at 0x11020); on main");
    }

    @Test
    void straddlingTheBreak() {
      assertThat(rejected(SegmentationFault.class, () -> main.readLong(Pointer.raw(0x1101c))))
          .hasMessage("segmentation fault: 8-byte read at 0x1101c is not mapped (runs past the"
              + " heap's break at 0x11020); on main");
    }

    @Test
    void inTheGuardGapBelowAStack() {
      long below = main.stack().topAddress() - model.stackSize() - 8;
      assertThat(rejected(SegmentationFault.class, () -> main.writeLong(Pointer.raw(below), 1)))
          .hasMessage("segmentation fault: 8-byte write at " + AddressSpace.hex(below)
              + " is not mapped (in the guard gap below the stack of main); on main");
    }

    @Test
    void betweenHeapAndStacks() {
      assertThat(rejected(SegmentationFault.class, () -> main.readByte(Pointer.raw(0x7000_0000L))))
          .hasMessage("segmentation fault: 1-byte read at 0x70000000 is not mapped (between the"
              + " heap and the stacks); on main");
    }
  }

  @Nested
  class OutOfBounds {
    @Test
    void justPastTheEnd() {
      Pointer p = main.malloc(24);
      assertThat(rejected(OutOfBoundsFault.class, () -> main.writeLong(p.plus(24), 7)))
          .hasMessage("out of bounds: 8-byte write at 0x10038, just past the end of block #1"
              + " (24 bytes at 0x10020); allocated by main at op 1; on main");
    }

    @Test
    void aFillOfABlockLargerThanTheJvmsHeapNeedsNoArrays() {
      // 8 GiB is more than this JVM may hold; whole pages of one value are shared, not made.
      MemoryModel big = MemoryModel.builder().heapLimit(16L << 30).build();
      ThreadContext thread = big.mainThread();
      long size = 8L << 30;
      Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < size,
          "the JVM's heap must be smaller than the block for this test to mean anything");
      Pointer block = thread.malloc(size);
      thread.fill(block, size, (byte) 7);
      thread.writeByte(block.plus(5000), (byte) 9);
      assertThat(thread.readByte(block)).isEqualTo((byte) 7);
      assertThat(thread.readByte(block.plus(5000))).isEqualTo((byte) 9);
      assertThat(thread.readByte(block.plus(5001))).isEqualTo((byte) 7);
      assertThat(thread.readLong(block.plus(size - 8))).isEqualTo(0x0707070707070707L);
      // Another model's pages of sevens are untouched by the write above.
      MemoryModel other = MemoryModel.builder().heapLimit(1 << 20).build();
      Pointer q = other.mainThread().malloc(3 * 4096);
      other.mainThread().fill(q, 3 * 4096, (byte) 7);
      assertThat(other.mainThread().readBytes(q, 3 * 4096)).containsOnly((byte) 7);
      // calloc of such a block zeroes it without arrays too.
      thread.free(block);
      Pointer zeroed = thread.calloc(1, size);
      assertThat(thread.readLong(zeroed.plus(size / 2))).isZero();
      HeapAssert.assertThat(big.heap()).isConsistent();
    }

    @Test
    void usableSizeOfAFreedBlockNamesTheThreadThatAsked() {
      Pointer p = main.malloc(24);
      assertThat(main.usableSize(p)).isEqualTo(model.heap().usableSize(p)).isEqualTo(32);
      main.free(p);
      assertThat(rejected(UseAfterFreeFault.class, () -> main.usableSize(p)))
          .hasMessage("use after free: usableSize of block #1 (24 bytes at 0x10020), which was"
              + " freed by main at op 2; allocated by main at op 1; on main");
      assertThat(rejected(UseAfterFreeFault.class, () -> model.heap().usableSize(p)))
          .hasMessage("use after free: usableSize of block #1 (24 bytes at 0x10020), which was"
              + " freed by main at op 2; allocated by main at op 1; on no thread");
    }

    @Test
    void aHugeReadFaultsBeforeAnyArrayIsMade() {
      Pointer p = main.malloc(24);
      assertThat(rejected(OutOfBoundsFault.class, () -> main.readBytes(p, Integer.MAX_VALUE)))
          .hasMessage("out of bounds: 2147483647-byte read at 0x10020, 0 bytes into block #1"
              + " (24 bytes at 0x10020), running 2147483623 bytes past its end; allocated by main"
              + " at op 1; on main");
    }

    @Test
    void aReadIntoAnArrayLoadsAsReadBytesDoesAndFaultsLeavingTheArrayAsItWas() {
      Pointer p = main.malloc(24);
      main.fill(p, 24, (byte) 9);
      byte[] into = new byte[8];
      Arrays.fill(into, (byte) -1);
      Statistics before = model.statistics();
      main.readBytes(p.plus(4), into, 2, 5);
      assertThat(into).containsExactly(-1, -1, 9, 9, 9, 9, 9, -1);
      assertThat(model.statistics().loads()).isEqualTo(before.loads() + 1);
      assertThat(model.statistics().operations()).isEqualTo(before.operations() + 1);

      byte[] kept = into.clone();
      assertThat(rejected(OutOfBoundsFault.class, () -> main.readBytes(p.plus(20), into, 0, 8)))
          .hasMessage("out of bounds: 8-byte read at 0x10034, 20 bytes into block #1 (24 bytes"
              + " at 0x10020), running 4 bytes past its end; allocated by main at op 1; on main");
      assertThat(into).isEqualTo(kept);
      Statistics unchanged = model.statistics();
      assertThatThrownBy(() -> main.readBytes(p, into, 4, 5))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> main.readBytes(p, into, -1, 2))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(into).isEqualTo(kept);
      assertThat(model.statistics()).isEqualTo(unchanged);
      main.free(p);
      assertThat(rejected(UseAfterFreeFault.class, () -> main.readBytes(p, into, 0, 1)))
          .hasMessageStartingWith("use after free: 1-byte read at 0x10020");
      // The array's bounds are checked first: before the access, so before any fault of it.
      Statistics afterFree = model.statistics();
      assertThatThrownBy(() -> main.readBytes(p, into, 4, 5))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(model.statistics()).isEqualTo(afterFree);
      assertThat(into).isEqualTo(kept);
    }

    @Test
    void startsInsideEndsOutside() {
      Pointer p = main.malloc(24);
      assertThat(rejected(OutOfBoundsFault.class, () -> main.readLong(p.plus(20))))
          .hasMessage("out of bounds: 8-byte read at 0x10034, 20 bytes into block #1 (24 bytes"
              + " at 0x10020), running 4 bytes past its end; allocated by main at op 1; on main");
    }

    @Test
    void beforeTheStartReachesTheHeaderOnlyRaw() {
      Pointer p = main.malloc(24);
      assertThat(rejected(OutOfBoundsFault.class, () -> main.writeLong(p.plus(-8), 0)))
          .hasMessage("out of bounds: 8-byte write at 0x10018, 8 bytes before block #1 (24 bytes"
              + " at 0x10020); allocated by main at op 1; on main");
    }

    @Test
    void pastAStackSlot() {
      FrameLayout layout = FrameLayout.builder("f").bytesSlot("buf", 16).build();
      try (Frame frame = main.stack().push(layout)) {
        Pointer buf = frame.addressOf("buf");
        assertThat(rejected(OutOfBoundsFault.class, () -> main.writeInt(buf.plus(16), 1)))
            .hasMessage("out of bounds: 4-byte write at " + AddressSpace.hex(buf.address() + 16)
                + ", just past the end of slot buf (16 bytes) of frame f at depth 1 of main; on main");
      }
    }
  }

  @Nested
  class UseAfterFree {
    @Test
    void readAfterFree() {
      Pointer p = main.malloc(24);
      main.free(p);
      UseAfterFreeFault fault = rejected(UseAfterFreeFault.class, () -> main.readLong(p.plus(8)));
      assertThat(fault).hasMessage("use after free: 8-byte read at 0x10028, 8 bytes into block #1"
          + " (24 bytes), freed by main at op 2; allocated by main at op 1; on main");
      assertThat(fault.address()).isEqualTo(0x10028);
    }

    @Test
    void evenAfterTheAddressWasReused() {
      Pointer p = main.malloc(24);
      main.free(p);
      Pointer q = main.malloc(24);
      assertThat(q.address()).isEqualTo(p.address());
      assertThat(rejected(UseAfterFreeFault.class, () -> main.writeInt(p, 1)))
          .hasMessage("use after free: 4-byte write at 0x10020, 0 bytes into block #1 (24 bytes),"
              + " freed by main at op 2; allocated by main at op 1; on main");
    }

    @Test
    void freedByAnotherThread() {
      ThreadContext worker = model.newThread("worker");
      Pointer p = main.malloc(24);
      worker.free(p);
      assertThat(rejected(UseAfterFreeFault.class, () -> main.readByte(p)))
          .hasMessage("use after free: 1-byte read at 0x10020, 0 bytes into block #1 (24 bytes),"
              + " freed by worker at op 2; allocated by main at op 1; on main");
    }

    @Test
    void reallocOfAFreedBlock() {
      Pointer p = main.malloc(24);
      main.free(p);
      assertThat(rejected(UseAfterFreeFault.class, () -> main.realloc(p, 48)))
          .hasMessage("use after free: realloc of block #1 (24 bytes at 0x10020), which was freed"
              + " by main at op 2; allocated by main at op 1; on main");
    }
  }

  @Nested
  class DoubleFree {
    @Test
    void freeTwice() {
      Pointer p = main.malloc(24);
      main.free(p);
      assertThat(rejected(DoubleFreeFault.class, () -> main.free(p)))
          .hasMessage("double free: block #1 (24 bytes at 0x10020) was freed by main at op 2;"
              + " allocated by main at op 1; on main");
    }

    @Test
    void evenAfterTheAddressWasReused() {
      Pointer p = main.malloc(24);
      main.free(p);
      Pointer q = main.malloc(24);
      assertThat(rejected(DoubleFreeFault.class, () -> main.free(p)))
          .hasMessage("double free: block #1 (24 bytes at 0x10020) was freed by main at op 2;"
              + " allocated by main at op 1; on main");
      main.free(q);
    }
  }

  @Nested
  class InvalidFree {
    @Test
    void interiorPointer() {
      Pointer p = main.malloc(24);
      InvalidFreeFault fault = rejected(InvalidFreeFault.class, () -> main.free(p.plus(8)));
      assertThat(fault).hasMessage("invalid free: 0x10028 is 8 bytes into block #1 (24 bytes at"
          + " 0x10020), not its start; allocated by main at op 1; on main");
      assertThat(fault.reason()).isEqualTo(InvalidFreeFault.Reason.INTERIOR);
    }

    @Test
    void stackPointer() {
      FrameLayout layout = FrameLayout.builder("f").intSlot("n").build();
      try (Frame frame = main.stack().push(layout)) {
        Pointer n = frame.addressOf("n");
        InvalidFreeFault fault = rejected(InvalidFreeFault.class, () -> main.free(n));
        assertThat(fault).hasMessage("invalid free: " + AddressSpace.hex(n.address())
            + " points into slot n (4 bytes) of frame f at depth 1 of main, not into the heap;"
            + " on main");
        assertThat(fault.reason()).isEqualTo(InvalidFreeFault.Reason.STACK);
      }
    }

    @Test
    void rawStackAddress() {
      long address = main.stack().topAddress() - 64;
      assertThat(rejected(InvalidFreeFault.class, () -> main.free(Pointer.raw(address))))
          .hasMessage("invalid free: " + AddressSpace.hex(address) + " points into the stack of"
              + " main, not into the heap; on main");
    }

    @Test
    void neverAllocated() {
      main.malloc(24);
      InvalidFreeFault fault = rejected(InvalidFreeFault.class,
          () -> main.free(Pointer.raw(0x10040)));
      assertThat(fault).hasMessage("invalid free: 0x10040 is not the start of a live block:"
          + " malloc did not return it; on main");
      assertThat(fault.reason()).isEqualTo(InvalidFreeFault.Reason.NOT_ALLOCATED);
    }

    @Test
    void rawPointerToALiveBlockIsFreedAsInC() {
      Pointer p = main.malloc(24);
      main.free(Pointer.raw(p.address()));
      assertThat(model.statistics().liveBlocks()).isZero();
      assertThat(rejected(DoubleFreeFault.class, () -> main.free(p))).hasMessageStartingWith(
          "double free: block #1 (24 bytes at 0x10020) was freed by main at op 2");
    }

    @Test
    void freeOfNullDoesNothing() {
      main.free(Pointer.NULL);
      assertThat(model.statistics().frees()).isEqualTo(1);
      assertThat(model.statistics().liveBlocks()).isZero();
    }
  }

  @Nested
  class OutOfMemory {
    @Test
    void moreThanTheLimit() {
      OutOfMemoryFault fault = rejected(OutOfMemoryFault.class, () -> main.malloc(20000));
      assertThat(fault).hasMessage("out of memory: malloc of 20000 bytes is more than the heap"
          + " could ever hold (limit 16384 bytes); on main");
      assertThat(fault.requestedBytes()).isEqualTo(20000);
    }

    @Test
    void noFitAndNoRoomToGrow() {
      main.malloc(10000);
      assertThat(model.heap().size()).isEqualTo(32 + 4096 + 10016);
      assertThat(rejected(OutOfMemoryFault.class, () -> main.malloc(8000)))
          .hasMessage("out of memory: malloc of 8000 bytes needs a 8016-byte block, but no free"
              + " block fits and the heap (14144 bytes) cannot grow enough within its limit of"
              + " 16384 bytes; on main");
    }

    @Test
    void sizesNearLongMaxAreNotWrapped() {
      assertThat(rejected(OutOfMemoryFault.class, () -> main.malloc(Long.MAX_VALUE)))
          .hasMessage("out of memory: malloc of 9223372036854775807 bytes is more than the heap"
              + " could ever hold (limit 16384 bytes); on main");
      assertThat(rejected(OutOfMemoryFault.class, () -> main.malloc(Long.MAX_VALUE - 7)))
          .hasMessageContaining("9223372036854775800 bytes");
    }

    @Test
    void callocWhoseProductOverflows() {
      OutOfMemoryFault fault = rejected(OutOfMemoryFault.class,
          () -> main.calloc(Long.MAX_VALUE / 2, 4));
      assertThat(fault).hasMessage("out of memory: calloc of 4611686018427387903 x 4 bytes"
          + " overflows 64 bits; on main");
      assertThat(fault.requestedBytes()).isEqualTo(-1);
    }

    @Test
    void reallocThatCannotGrowKeepsTheOldBlock() {
      Pointer p = main.malloc(100);
      main.writeLong(p, 42);
      main.malloc(8000);
      rejected(OutOfMemoryFault.class, () -> main.realloc(p, 10000));
      assertThat(main.readLong(p)).isEqualTo(42);
    }
  }

  @Nested
  class StackOverflow {
    private final FrameLayout frame48 = FrameLayout.builder("f").longSlot("a").longSlot("b")
        .longSlot("c").build();

    @Test
    void pushPastTheStackSize() {
      assertThat(frame48.frameBytes()).isEqualTo(48);
      for (int depth = 1; depth <= 21; depth++) {
        main.stack().push(frame48);
      }
      assertThat(main.stack().bytesInUse()).isEqualTo(21 * 48);
      StackOverflowFault fault = rejected(StackOverflowFault.class,
          () -> main.stack().push(frame48));
      assertThat(fault).hasMessage("stack overflow: pushing frame f (48 bytes) at depth 22 would"
          + " use 1056 of 1024 bytes; on main");
      assertThat(fault.depth()).isEqualTo(22);
      assertThat(fault.bytesInUse()).isEqualTo(1056);
      assertThat(fault.limit()).isEqualTo(1024);
      assertThat(main.stack().depth()).isEqualTo(21);
    }
  }

  @Nested
  class LifoViolation {
    private final FrameLayout f = FrameLayout.builder("f").intSlot("n").build();
    private final FrameLayout g = FrameLayout.builder("g").intSlot("n").build();

    @Test
    void closeAFrameThatIsNotOnTop() {
      Frame outer = main.stack().push(f);
      main.stack().push(g);
      assertThat(rejected(LifoViolationFault.class, outer::close))
          .hasMessage("LIFO violation: frame f at depth 1 of main closed while frame g at depth 2"
              + " of main is on top; on main");
      assertThat(main.stack().depth()).isEqualTo(2);
    }

    @Test
    void closeTwice() {
      Frame frame = main.stack().push(f);
      frame.close();
      assertThat(rejected(LifoViolationFault.class, frame::close))
          .hasMessage("LIFO violation: frame f at depth 1 of main was already popped at op 2;"
              + " on main");
    }

    @Test
    void popAnEmptyStack() {
      assertThat(rejected(LifoViolationFault.class, () -> main.stack().pop()))
          .hasMessage("LIFO violation: pop on an empty stack; on main");
    }
  }

  @Nested
  class DanglingStackPointer {
    private final FrameLayout f = FrameLayout.builder("f").intSlot("n").build();

    @Test
    void pointerIntoAPoppedFrame() {
      Frame frame = main.stack().push(f);
      Pointer n = frame.addressOf("n");
      frame.close();
      assertThat(rejected(DanglingStackPointerFault.class, () -> main.readInt(n)))
          .hasMessage("dangling stack pointer: 4-byte read at " + AddressSpace.hex(n.address())
              + ", 0 bytes into slot n (4 bytes) of frame f at depth 1 of main, popped at op 2;"
              + " on main");
    }

    @Test
    void evenWhenANewFrameLivesThere() {
      Frame frame = main.stack().push(f);
      Pointer n = frame.addressOf("n");
      frame.close();
      try (Frame again = main.stack().push(f)) {
        assertThat(again.addressOf("n").address()).isEqualTo(n.address());
        rejected(DanglingStackPointerFault.class, () -> main.writeInt(n, 1));
        rejected(DanglingStackPointerFault.class, () -> frame.setInt("n", 1));
      }
    }
  }

  @Nested
  class HeapCorruption {
    @Test
    void checkerFindsAHeaderOverwrittenByARawWrite() {
      Pointer p = main.malloc(24);
      main.malloc(24);
      main.writeLong(Pointer.raw(p.address() - 8), 0x1234);
      HeapCorruptionFault fault = rejected(HeapCorruptionFault.class, () -> model.heap().check());
      assertThat(fault).hasMessage("heap corruption: block at 0x10018 has header (size 4656,"
          + " free), which does not fit between it and the epilogue at 0x11018; on no thread");
      assertThat(fault.address()).isEqualTo(0x10018);
      assertThat(fault.thread()).isEmpty();
      HeapCorruptionFault asked = rejected(HeapCorruptionFault.class, () -> main.checkHeap());
      assertThat(asked).hasMessage("heap corruption: block at 0x10018 has header (size 4656,"
          + " free), which does not fit between it and the epilogue at 0x11018; on main");
      assertThat(asked.thread()).contains("main");
    }

    @Test
    void checkerFindsAFooterThatDisagrees() {
      Pointer p = main.malloc(24);
      main.malloc(24);
      // The block is 48 bytes: its footer is the last 8 of them, 32 bytes into the payload.
      main.writeLong(Pointer.raw(p.address() + 32), 0);
      assertThat(rejected(HeapCorruptionFault.class, () -> model.heap().check()))
          .hasMessage("heap corruption: block at 0x10018 has header (size 48, allocated) but"
              + " footer (size 0, free); on no thread");
    }

    @Test
    void freeOfABlockWithASmashedHeaderIsRefused() {
      Pointer p = main.malloc(24);
      main.malloc(24);
      main.writeLong(Pointer.raw(p.address() - 8), 48);
      assertThat(rejected(HeapCorruptionFault.class, () -> main.free(p)))
          .hasMessage("heap corruption: block at 0x10018 has header (size 48, free), not an"
              + " allocated block inside the heap; on main");
    }

    @Test
    void aPlugInsBlocksAreCheckedAsTheyAreReturned() {
      // A plug-in that hands out the same block twice, and one that throws.
      long[] first = new long[1];
      AllocatorProvider twice = plugIn("twice", inner -> size -> {
        long payload = inner.allocate(size);
        if (first[0] == 0) {
          first[0] = payload;
        }
        return first[0];
      });
      MemoryModel twiceModel = MemoryModel.builder().allocator(twice).build();
      ThreadContext thread = twiceModel.mainThread();
      thread.malloc(24);
      String before = ModelDigest.of(twiceModel);
      Assertions.assertThatThrownBy(() -> thread.malloc(8))
          .isInstanceOf(HeapCorruptionFault.class)
          .hasMessage("heap corruption: allocator twice returned 0x10020 for malloc of 8 bytes,"
              + " overlapping live block #1 (24 bytes at 0x10020); on main");
      assertThat(twiceModel.statistics().liveBlocks()).isOne();
      assertThat(ModelDigest.of(twiceModel))
          .as("the allocator's own tags changed: only the model's books are as they were")
          .isNotEqualTo(before);
      MemoryModel throwingModel = MemoryModel.builder().allocator(plugIn("throwing", inner ->
          size -> {
            throw new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 4");
          })).build();
      Assertions.assertThatThrownBy(() -> throwingModel.mainThread()
              .malloc(8))
          .isInstanceOf(HeapCorruptionFault.class)
          .hasMessage("heap corruption: allocator throwing failed in malloc of 8 bytes:"
              + " java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 4;"
              + " on main")
          .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void aReallocThatCouldNotFreeItsOldBlockChangesNothing() {
      Pointer a = main.malloc(24);
      Pointer b = main.malloc(24);
      main.malloc(24);
      main.free(b);
      // b's block (48 bytes at 0x10048) is free; damage its footer, a's free neighbour's.
      main.writeLong(Pointer.raw(b.address() + 32), 0);
      assertThat(rejected(HeapCorruptionFault.class, () -> main.realloc(a, 4000)))
          .hasMessage("heap corruption: free block at 0x10048 (size 48, free) has mismatched tags"
              + " or is missing from the free index; on main");
      assertThat(model.statistics().liveBlocks()).isEqualTo(2);
    }

    /**
     * A free block whose two tags agree with each other but not with the free index: a malloc
     * that the index sends there must refuse it, not place a block that runs into the next one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"first-fit", "best-fit"})
    void aFreeBlockWhoseTagsDisagreeWithTheFreeIndexIsRefused(String strategy) {
      MemoryModel damaged = MemoryModel.builder().allocator(Allocators.byName(strategy)).build();
      ThreadContext thread = damaged.mainThread();
      thread.malloc(24);
      Pointer b = thread.malloc(24);
      Pointer c = thread.malloc(24);
      thread.free(b);
      // b's block is free, 48 bytes, and indexed so. Its header and both places a footer could
      // be (48 bytes on, and 64, in c's first payload word) now say 64 bytes, which would reach
      // 16 bytes into c's block.
      long block = b.address() - 8;
      thread.writeLong(Pointer.raw(block), 64);
      thread.writeLong(Pointer.raw(block + 40), 64);
      thread.writeLong(c, 64);
      assertThat(rejected(damaged, HeapCorruptionFault.class, () -> thread.malloc(24)))
          .hasMessage("heap corruption: free block at 0x" + Long.toHexString(block)
              + " chosen from the free index has header (size 64, free) and footer (size 64,"
              + " free); on main");
      assertThat(damaged.statistics().liveBlocks()).isEqualTo(2);
    }

    @Test
    void aReallocWhoseAllocatorFailsToFreeTheOldBlockTakesTheNewOneBack() {
      AllocatorProvider failing = new io.github.memsim.alloc
          .AllocatorProvider() {
        @Override
        public String name() {
          return "failing-free";
        }

        @Override
        public Allocator create(HeapRegion region,
            BlockLayout layout) {
          Allocator inner = Allocators.firstFit().create(region, layout);
          return new ForwardingAllocator() {
            private boolean armed;

            @Override
            protected Allocator delegate() {
              return inner;
            }

            @Override
            public void checkFree(long payloadAddress) {
              armed = true;
            }

            @Override
            public void free(long payloadAddress) {
              if (armed) {
                armed = false;
                throw new HeapCorruptionException(payloadAddress,
                    "free failed on purpose");
              }
              super.free(payloadAddress);
            }
          };
        }
      };
      MemoryModel failingModel = MemoryModel.builder().allocator(failing).build();
      ThreadContext thread = failingModel.mainThread();
      Pointer p = thread.malloc(24);
      thread.malloc(24);
      thread.malloc(24);
      Assertions.assertThatThrownBy(() -> thread.realloc(p, 64))
          .isInstanceOf(HeapCorruptionFault.class)
          .hasMessage("heap corruption: allocator failing-free: free failed on purpose; on"
              + " main");
      assertThat(failingModel.statistics().liveBlocks()).isEqualTo(3);
      assertThat(failingModel.heap().liveBlocks()).extracting(HeapBlock::id)
          .containsExactly(1L, 2L, 3L);
    }

    @Test
    void aCorruptedHeapStaysReportedUntilAReset() {
      Pointer p = main.malloc(24);
      Pointer q = main.malloc(24);
      main.writeLong(Pointer.raw(p.address() - 8), 48);
      rejected(HeapCorruptionFault.class, () -> main.free(p));
      ThreadContext worker = model.newThread("worker");
      String refusal = "heap corruption: the heap was found corrupted at op 4 (block at 0x10018"
          + " has header (size 48, free), not an allocated block inside the heap), and heap"
          + " calls are refused until Heap.reset(); on ";
      assertThat(rejected(HeapCorruptionFault.class, () -> main.malloc(8)))
          .hasMessage(refusal + "main");
      assertThat(rejected(HeapCorruptionFault.class, () -> worker.free(q)))
          .hasMessage(refusal + "worker");
      assertThat(rejected(HeapCorruptionFault.class, () -> worker.realloc(q, 64)))
          .hasMessage(refusal + "worker");
      // Loads and stores of the program's own bytes go on; a reset lays the tags down again.
      main.writeLong(q, 5);
      model.heap().reset();
      HeapAssert.assertThat(model.heap()).isConsistent();
      assertThat(main.malloc(8).address()).isEqualTo(p.address());
    }
  }

  /** A first-fit plug-in whose allocate is replaced. */
  private static AllocatorProvider plugIn(String name,
      Function<Allocator,
          LongUnaryOperator> allocate) {
    return new AllocatorProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Allocator create(HeapRegion region,
          BlockLayout layout) {
        Allocator inner = Allocators.firstFit().create(region, layout);
        LongUnaryOperator replaced = allocate.apply(inner);
        return new ForwardingAllocator() {
          @Override
          protected Allocator delegate() {
            return inner;
          }

          @Override
          public String name() {
            return name;
          }

          @Override
          public long allocate(long payloadBytes) {
            return replaced.applyAsLong(payloadBytes);
          }
        };
      }
    };
  }
}
