package io.github.memsim.picture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import org.junit.jupiter.api.Test;

class OverlayTest {
  @Test
  void anEmptyOverlayDrawsThePlainPictureAndMarksDrawWhereAsked() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext main = model.mainThread();
    try (Frame frame = main.stack().push(FrameLayout.builder("main").pointerSlot("p").build())) {
      Pointer bytes = main.malloc(4);
      frame.setPointer("p", bytes);
      assertThat(StatePicture.svg(model.view(), Overlay.none()))
          .isEqualTo(StatePicture.svg(model.view()));
      long slot = frame.addressOf("p").address();
      String svg = StatePicture.svg(model.view(), Overlay.builder().label(slot, "p: Box<u32>")
          .grey(slot).bytes(bytes.address(), "ab").build());
      assertThat(svg).contains(">p: Box&lt;u32&gt;<", "fill=\"#d6d6d6\" stroke=\"#bbbbbb\"",
          "text-anchor=\"middle\">a</text>", "text-anchor=\"middle\">b</text>");
      // The pointer's arrow now ends at the first byte's cell.
      assertThat(svg).containsPattern(" " + (20 + 320 + 60 + 6) + ",[0-9]+\" fill=\"none\"");
    }
  }
}
