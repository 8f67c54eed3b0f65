package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stacks against a plain reference ({@link ArrayDeque} of frames and their slot values): LIFO
 * order, exact frame sizes and addresses, overflow exactly at the limit, faults that change
 * nothing, pointers that dangle once their frame is gone.
 */
class StackProperties {
  private static final List<FrameLayout> LAYOUTS = List.of(
      FrameLayout.builder("leaf").build(),
      FrameLayout.builder("fib").intSlot("n").longSlot("result").build(),
      FrameLayout.builder("parse").byteSlot("c").pointerSlot("cursor").bytesSlot("buf", 40)
          .build(),
      FrameLayout.builder("big").bytesSlot("scratch", 200).intSlot("n").build());

  private static final class Expected {
    final Frame frame;
    final Map<String, Integer> ints = new HashMap<>();

    Expected(Frame frame) {
      this.frame = frame;
    }
  }

  @Test
  void stacksBehaveLikeTheReference() {
    qt().withExamples(400)
        .forAll(lists().of(longs().all()).ofSizeBetween(1, 300))
        .checkAssert(StackProperties::run);
  }

  private static void run(List<Long> codes) {
    MemoryModel model = MemoryModel.builder().stackSize(2048).build();
    ThreadContext main = model.mainThread();
    Deque<Expected> frames = new ArrayDeque<>();
    List<Pointer> dangling = new ArrayList<>();
    long top = main.stack().topAddress();
    for (long code : codes) {
      int kind = (int) Math.floorMod(code, 8);
      long arg = code >>> 3;
      FrameLayout layout = LAYOUTS.get((int) (arg % LAYOUTS.size()));
      long used = frames.stream().mapToLong(e -> e.frame.size()).sum();
      if (kind <= 2) {
        if (used + layout.frameBytes() <= model.stackSize()) {
          Frame frame = main.stack().push(layout);
          assertThat(frame.address()).as("frame sits right below the previous one")
              .isEqualTo(top - used - layout.frameBytes());
          assertThat(frame.size()).as("exact frame size").isEqualTo(layout.frameBytes());
          frames.push(new Expected(frame));
        } else {
          String before = ModelDigest.of(model);
          assertThatThrownBy(() -> main.stack().push(layout))
              .as("overflow exactly when the frame does not fit")
              .isInstanceOf(StackOverflowFault.class);
          assertThat(ModelDigest.of(model)).isEqualTo(before);
        }
      } else if (kind <= 4 && !frames.isEmpty()) {
        Expected popped = frames.pop();
        if (kind == 3) {
          popped.frame.close();
        } else {
          main.stack().pop();
        }
        for (String slot : popped.ints.keySet()) {
          dangling.add(popped.frame.addressOf(slot));
        }
      } else if (kind == 5 && frames.size() >= 2) {
        Iterator<Expected> below = frames.iterator();
        below.next();
        Frame notTop = below.next().frame;
        String before = ModelDigest.of(model);
        assertThatThrownBy(notTop::close).isInstanceOf(LifoViolationFault.class);
        assertThat(ModelDigest.of(model)).as("a rejected close changes nothing").isEqualTo(before);
      } else if (kind == 6 && !frames.isEmpty()) {
        Expected e = frames.peek();
        List<FrameLayout.Slot> ints = e.frame.layout().slots().stream()
            .filter(s -> s.type() == FrameLayout.SlotType.INT).toList();
        if (!ints.isEmpty()) {
          String slot = ints.get((int) (arg % ints.size())).name();
          int value = (int) (arg >>> 8);
          e.frame.setInt(slot, value);
          e.ints.put(slot, value);
        }
      } else if (kind == 7 && !dangling.isEmpty()) {
        Pointer p = dangling.get((int) (arg % dangling.size()));
        String before = ModelDigest.of(model);
        assertThatThrownBy(() -> main.readInt(p)).isInstanceOf(DanglingStackPointerFault.class);
        assertThat(ModelDigest.of(model)).isEqualTo(before);
      }
      assertThat(main.stack().depth()).as("depth").isEqualTo(frames.size());
      long expectedUse = frames.stream().mapToLong(e -> e.frame.size()).sum();
      assertThat(main.stack().bytesInUse()).as("bytes in use").isEqualTo(expectedUse);
      assertThat(main.stack().stackPointer()).isEqualTo(top - expectedUse);
      List<Frame> bottomUp = new ArrayList<>();
      frames.descendingIterator().forEachRemaining(e -> bottomUp.add(e.frame));
      assertThat(main.stack().frames()).as("LIFO order").containsExactlyElementsOf(bottomUp);
      for (Expected e : frames) {
        e.ints.forEach((slot, value) ->
            assertThat(e.frame.getInt(slot)).as("slot %s keeps its value", slot).isEqualTo(value));
      }
    }
  }
}
