package io.github.memsim.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.memsim.DoubleFreeFault;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recording labels every op, keeps every fault where it happened, and pages it. */
class RecordingTest {
  private static final FrameLayout MAIN = FrameLayout.builder("main").pointerSlot("p").build();

  private static Recording record() {
    MemoryModel.Builder builder = MemoryModel.builder();
    Recording recording = Recording.attach(builder);
    ThreadContext main = builder.build().mainThread();
    try (Frame frame = main.stack().push(MAIN)) {
      Pointer p = main.malloc(16);
      frame.setPointer("p", p);
      main.free(p);
      assertThat(catchThrowable(() -> main.free(p))).isInstanceOf(DoubleFreeFault.class);
    }
    return recording;
  }

  @Test
  void everyOpIsAStepLabelledWithWhatMadeIt() {
    List<Recording.Step> steps = record().steps();
    assertThat(steps).extracting(Recording.Step::op).containsExactly(0L, 1L, 2L, 3L, 4L, 5L,
        5L);
    assertThat(steps).extracting(Recording.Step::label).containsExactly(
        "start",
        "main calls main: a frame of 32 bytes at 0x7ffeffffffe0, depth 1",
        "malloc(16) by main = block #1 (16 bytes at 0x10020)",
        "main writes 8 bytes at 0x7ffeffffffe0",
        "free(#1) by main",
        "double free: block #1 (16 bytes at 0x10020) was freed by main in main at op 4;"
            + " allocated by main in main at op 2; on main",
        "main returns from main: its frame at 0x7ffeffffffe0 is popped");
    Recording.Step fault = steps.get(5);
    assertThat(fault.fault()).isTrue();
    assertThat(fault.state()).as("a fault changes nothing").usingRecursiveComparison()
        .isEqualTo(steps.get(4).state());
    assertThat(steps.get(2).state().heap().entries()).anyMatch(e -> e.block().isPresent());
    assertThat(steps.get(6).state().threads().get(0).frames()).isEmpty();
  }

  @Test
  void thePageHasEveryStepAndIsTheSameEveryTime() {
    String page = record().html("A <double> free");
    assertThat(page).isEqualTo(record().html("A <double> free"))
        .startsWith("<!DOCTYPE html>").contains("<title>A &lt;double&gt; free</title>")
        .contains("<section class=\"step fault\" id=\"step-5\" data-op=\"5\" hidden>")
        .contains("fault at op 5: double free: block #1")
        .contains("<marker id=\"s3-live\"").contains("url(#s3-live)")
        .as("nothing fetched").doesNotContain("src=", "<link", "href=", "@import");
    assertThat(page.split("<section class=\"step", -1)).hasSize(8);
  }
}
