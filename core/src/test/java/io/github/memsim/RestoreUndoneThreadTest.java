package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Pointers that outlive a thread a restore undid: to a block it made and into its frames. Each
 * use is a fault that names the restore, and the state is what it was.
 */
class RestoreUndoneThreadTest {
  private static final FrameLayout FRAME = FrameLayout.builder("f").longSlot("x").build();

  private final MemoryModel model = MemoryModel.builder().build();
  private final ThreadContext main = model.mainThread();

  @Test
  void aBlockMadeByAnUndoneThreadIsAUseAfterFreeNamingTheRestore() {
    main.malloc(8);
    MemoryModel.Snapshot snapshot = model.snapshot();
    ThreadContext worker = model.newThread("worker");
    Pointer made = worker.malloc(16);
    model.restore(snapshot);
    String before = ModelDigest.of(model);
    UseAfterFreeFault fault = catchThrowableOfType(UseAfterFreeFault.class,
        () -> main.readLong(made));
    assertThat(fault).hasMessage("use after free: 8-byte read at 0x10040, 0 bytes into block #2"
        + " (16 bytes), undone by a restore to op 1; allocated by worker at op 2; on main");
    assertThat(ModelDigest.of(model)).isEqualTo(before);
    ThreadContext again = model.newThread("again");
    assertThat(catchThrowableOfType(DoubleFreeFault.class, () -> main.free(made)))
        .as("a thread started after the restore does not take the undone one's name")
        .hasMessageContaining("allocated by worker at op 2");
    assertThat(again.malloc(16)).isNotNull();
  }

  @Test
  void aPointerIntoAnUndoneThreadsFrameDanglesAndNamesTheRestore() {
    MemoryModel.Snapshot snapshot = model.snapshot();
    ThreadContext worker = model.newThread("worker");
    Frame frame = worker.stack().push(FRAME);
    Pointer slot = frame.addressOf("x");
    worker.writeLong(slot, 5);
    model.restore(snapshot);
    ThreadContext successor = model.newThread("successor");
    Frame same = successor.stack().push(FRAME);
    successor.writeLong(same.addressOf("x"), 9);
    assertThat(same.addressOf("x").address()).as("the same stack region").isEqualTo(
        slot.address());
    String before = ModelDigest.of(model);
    DanglingStackPointerFault read = catchThrowableOfType(DanglingStackPointerFault.class,
        () -> main.readLong(slot));
    assertThat(read).hasMessage("dangling stack pointer: 8-byte read at 0x7ffeffdfffe0, 0 bytes"
        + " into slot x (8 bytes) of frame f at depth 1 of worker, undone by a restore to op 0;"
        + " on main");
    assertThat(catchThrowableOfType(DanglingStackPointerFault.class,
        () -> main.writeLong(slot, 7))).isNotNull();
    assertThat(ModelDigest.of(model)).isEqualTo(before);
    assertThat(successor.readLong(same.addressOf("x"))).as("one value at one address")
        .isEqualTo(9);
    assertThat(frame.isLive()).isFalse();
  }
}
