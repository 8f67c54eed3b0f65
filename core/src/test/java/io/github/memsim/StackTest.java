package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Stack discipline, frame layout and slots, pinned with small examples. */
class StackTest {
  private final MemoryModel model = MemoryModel.builder().stackSize(64 << 10).build();
  private final ThreadContext main = model.mainThread();
  private final FrameLayout fib = FrameLayout.builder("fib").intSlot("n").longSlot("result")
      .build();

  @Test
  void frameSizeIsSlotsAlignedPlusCallOverhead() {
    assertThat(fib.slot("n").offset()).isZero();
    assertThat(fib.slot("result").offset()).isEqualTo(8);
    assertThat(fib.slotBytes()).isEqualTo(16);
    assertThat(fib.frameBytes()).isEqualTo(16 + FrameLayout.CALL_OVERHEAD_BYTES);
    FrameLayout mixed = FrameLayout.builder("mixed").byteSlot("c").intSlot("i").byteSlot("d")
        .pointerSlot("p").bytesSlot("buf", 20).build();
    assertThat(mixed.slots()).extracting(FrameLayout.Slot::offset).containsExactly(0, 4, 8, 16, 24);
    assertThat(mixed.slotBytes()).isEqualTo(48);
    assertThat(mixed.frameBytes()).isEqualTo(64);
    assertThat(FrameLayout.builder("empty").build().frameBytes()).isEqualTo(16);
  }

  @Test
  void pushMovesTheStackPointerDownAndPopMovesItBack() {
    long top = main.stack().topAddress();
    assertThat(main.stack().stackPointer()).isEqualTo(top);
    Frame outer = main.stack().push(fib);
    assertThat(outer.address()).isEqualTo(top - 32);
    assertThat(outer.depth()).isEqualTo(1);
    Frame inner = main.stack().push(fib);
    assertThat(inner.address()).isEqualTo(top - 64);
    assertThat(main.stack().bytesInUse()).isEqualTo(64);
    assertThat(main.stack().top()).containsSame(inner);
    assertThat(main.stack().frames()).containsExactly(outer, inner);
    inner.close();
    assertThat(main.stack().stackPointer()).isEqualTo(top - 32);
    main.stack().pop();
    assertThat(main.stack().stackPointer()).isEqualTo(top);
    assertThat(main.stack().depth()).isZero();
    assertThat(outer.isLive()).isFalse();
  }

  @Test
  void pushWritesSavedFramePointerAndReturnAddressAsRealBytes() {
    Frame outer = main.stack().push(fib);
    Frame inner = main.stack().push(fib);
    assertThat(inner.framePointer()).isEqualTo(inner.address() + fib.slotBytes());
    long saved = main.readLong(Pointer.raw(inner.framePointer()));
    assertThat(saved).as("saved frame pointer links to the caller").isEqualTo(outer.framePointer());
    assertThat(main.readLong(Pointer.raw(outer.framePointer()))).isZero();
    long returnAddress = main.readLong(Pointer.raw(inner.framePointer() + 8));
    assertThat(returnAddress).isBetween(0x40_0000L, 0x50_0000L);
  }

  @Test
  void overflowHappensExactlyAtTheLimit() {
    long limitDepth = model.stackSize() / fib.frameBytes();
    for (int depth = 1; depth <= limitDepth; depth++) {
      main.stack().push(fib);
    }
    assertThat(main.stack().bytesInUse()).isEqualTo(limitDepth * fib.frameBytes());
    assertThatThrownBy(() -> main.stack().push(fib)).isInstanceOf(StackOverflowFault.class)
        .hasMessage("stack overflow: pushing frame fib (32 bytes) at depth " + (limitDepth + 1)
            + " would use " + (limitDepth + 1) * 32 + " of 65536 bytes; on main");
    assertThat(main.stack().depth()).isEqualTo((int) limitDepth);
  }

  @Test
  void slotsHoldTypedValuesAndPointers() {
    FrameLayout layout = FrameLayout.builder("f").byteSlot("b").intSlot("i").longSlot("l")
        .pointerSlot("p").build();
    try (Frame frame = main.stack().push(layout)) {
      Pointer heap = main.malloc(16);
      frame.setByte("b", (byte) -3);
      frame.setInt("i", 123_456);
      frame.setLong("l", -9L);
      frame.setPointer("p", heap);
      assertThat(frame.getByte("b")).isEqualTo((byte) -3);
      assertThat(frame.getInt("i")).isEqualTo(123_456);
      assertThat(frame.getLong("l")).isEqualTo(-9L);
      assertThat(frame.getPointer("p")).isEqualTo(heap).extracting(Pointer::kind)
          .isEqualTo(Pointer.Kind.HEAP);
      main.writeInt(frame.getPointer("p"), 5);
      assertThat(main.readInt(heap)).isEqualTo(5);
      assertThat(main.readInt(frame.addressOf("i"))).isEqualTo(123_456);
    }
  }

  @Test
  void wrongSlotTypeOrNameIsAClearError() {
    try (Frame frame = main.stack().push(fib)) {
      assertThatThrownBy(() -> frame.getLong("n")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("slot n of frame fib is an int, not a long");
      assertThatThrownBy(() -> frame.setInt("x", 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("frame fib has no slot 'x'; its slots are [n, result]");
    }
    assertThatThrownBy(() -> FrameLayout.builder("g").intSlot("a").longSlot("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame g already has a slot 'a'");
  }

  @Test
  void aNewFrameSeesWhatTheLastOneLeftBehind() {
    try (Frame frame = main.stack().push(fib)) {
      frame.setInt("n", 77);
    }
    try (Frame frame = main.stack().push(fib)) {
      assertThat(frame.getInt("n")).as("stack slots are not cleared, as in C").isEqualTo(77);
    }
  }

  @Test
  void eachThreadHasItsOwnStackWithAGuardGap() {
    ThreadContext worker = model.newThread("worker");
    long mainBottom = main.stack().topAddress() - model.stackSize();
    assertThat(worker.stack().topAddress()).isLessThan(mainBottom - AddressSpace.STACK_GUARD_BYTES + 1);
    Frame a = main.stack().push(fib);
    Frame b = worker.stack().push(fib);
    a.setInt("n", 1);
    b.setInt("n", 2);
    assertThat(a.getInt("n")).isEqualTo(1);
    assertThat(main.readInt(b.addressOf("n"))).as("threads may read each other's stacks").isEqualTo(2);
    assertThatThrownBy(() -> model.newThread("worker")).isInstanceOf(IllegalArgumentException.class);
    assertThat(model.threads()).extracting(ThreadContext::name).containsExactly("main", "worker");
  }

  @Test
  void storedPointerLosesProvenanceWhenItsBytesAreOverwritten() {
    Pointer cell = main.malloc(16);
    Pointer target = main.malloc(8);
    main.writePointer(cell, target);
    assertThat(main.readPointer(cell)).isEqualTo(target);
    main.writeInt(cell.plus(4), 0);
    Pointer forged = main.readPointer(cell);
    assertThat(forged.kind()).isEqualTo(Pointer.Kind.RAW);
    assertThat(forged.address()).isEqualTo(target.address() & 0xFFFF_FFFFL);
  }

  @Test
  void aLayoutOfAHundredThousandSlotsIsBuiltSlotBySlot() {
    // The duplicate check looks names up instead of scanning the slots so far: with 100,000
    // slots a scan would make five billion comparisons.
    FrameLayout.Builder builder = FrameLayout.builder("wide");
    for (int i = 0; i < 100_000; i++) {
      builder.byteSlot("s" + i);
    }
    FrameLayout wide = builder.build();
    assertThat(wide.slots()).hasSize(100_000);
    assertThat(wide.slot("s99999").offset()).isEqualTo(99_999);
    Assertions.assertThatThrownBy(() -> builder.byteSlot("s5"))
        .hasMessage("frame wide already has a slot 's5'");
  }
}
