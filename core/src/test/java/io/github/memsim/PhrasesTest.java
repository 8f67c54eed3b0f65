package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Names a user chooses reach messages escaped and cut, and ordinary names unchanged. */
class PhrasesTest {
  private final MemoryModel model = MemoryModel.builder().heapLimit(16 << 10).stackSize(1024)
      .build();

  @Test
  void aThreadNamedWithATerminalEscapeIsEscapedInEveryPhrase() {
    ThreadContext red = model.newThread("\u001b[31mred\nline");
    Pointer p = red.malloc(8);
    red.free(p);
    UseAfterFreeFault fault = catchThrowableOfType(UseAfterFreeFault.class,
        () -> red.readLong(p));
    assertThat(fault).hasMessage("use after free: 8-byte read at 0x10020, 0 bytes into block #1"
        + " (8 bytes), freed by \\u001b[31mred\\u000aline at op 2; allocated by"
        + " \\u001b[31mred\\u000aline at op 1; on \\u001b[31mred\\u000aline");
    assertThat(fault.thread()).as("the fault keeps the name itself")
        .contains("\u001b[31mred\nline");
    assertThat(red.toString()).isEqualTo("thread \\u001b[31mred\\u000aline");
  }

  @Test
  void aTenThousandCharacterNameIsCutToEightyCharacters() {
    String longName = "w".repeat(10_000);
    ThreadContext worker = model.newThread(longName);
    Pointer p = worker.malloc(8);
    OutOfBoundsFault fault = catchThrowableOfType(OutOfBoundsFault.class,
        () -> worker.readLong(p.plus(8)));
    String cut = "w".repeat(80) + "... (9920 more characters)";
    assertThat(fault).hasMessage("out of bounds: 8-byte read at 0x10028, just past the end of"
        + " block #1 (8 bytes at 0x10020); allocated by " + cut + " at op 1; on " + cut);
    assertThat(fault.getMessage()).hasSizeLessThan(400);
  }

  @Test
  void frameAndSlotNamesAreEscapedAndCut() {
    FrameLayout layout = FrameLayout.builder("f\tg" + "x".repeat(100)).longSlot("s\u0007")
        .build();
    Frame frame = model.mainThread().stack().push(layout);
    Pointer slot = frame.addressOf("s\u0007");
    frame.close();
    DanglingStackPointerFault fault = catchThrowableOfType(DanglingStackPointerFault.class,
        () -> model.mainThread().readLong(slot));
    assertThat(fault.getMessage()).contains("slot s\\u0007 (8 bytes) of frame f\\u0009g"
        + "x".repeat(77) + "... (23 more characters) at depth 1 of main");
  }

  @Test
  void ordinaryNamesPassUnchanged() {
    assertThat(Phrases.name("worker-1 (main)")).isEqualTo("worker-1 (main)");
    assertThat(Phrases.name("x".repeat(80))).isEqualTo("x".repeat(80));
    assertThat(Phrases.name("x".repeat(81)))
        .isEqualTo("x".repeat(80) + "... (1 more character)");
    assertThat(Phrases.name("caf\u00e9")).isEqualTo("caf\\u00e9");
    assertThat(Phrases.name("x".repeat(60) + "\u001b")).isEqualTo("x".repeat(60) + "\\u001b");
  }
}
