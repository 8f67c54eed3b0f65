package io.github.memsim.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.memsim.DoubleFreeFault;
import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.HeapCall;
import io.github.memsim.LifoViolationFault;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.OwnershipFault;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedValuesTest {
  private final List<String> calls = new ArrayList<>();
  private final MemoryModel model = MemoryModel.builder().listener(new MemoryListener() {
    @Override
    public void onHeapCall(HeapCall call) {
      calls.add(call.kind().cName() + " " + call.requestedBytes());
    }
  }).build();
  private final Ownership ownership = Ownership.of(model.mainThread());

  @Test
  void aStringIsThreeWordsInTheFrameAndItsBytesOnTheHeap() {
    Function main = Function.builder("main").string("s").build();
    assertThat(main.layout().slots()).extracting(FrameLayout.Slot::name, FrameLayout.Slot::offset,
        FrameLayout.Slot::size).containsExactly(tuple("s.capacity", 0, 8), tuple("s.len", 8, 8),
        tuple("s.ptr", 16, 8));
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      assertThat(scope.text("s")).isEqualTo("hello");
      assertThat(scope.length("s")).isEqualTo(5);
      assertThat(scope.capacity("s")).isEqualTo(5);
      Pointer ptr = scope.frame().getPointer("s.ptr");
      assertThat(ptr.kind()).isEqualTo(Pointer.Kind.HEAP);
      assertThat(new String(model.mainThread().readBytes(ptr, 5), StandardCharsets.UTF_8))
          .isEqualTo("hello");
    }
    assertThat(calls).containsExactly("malloc 5", "free 0");
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  /** The capacities a Rust 1.95 program printed (rustc -O; String::push, Vec::push). */
  @Test
  void growthFollowsRustsRuleForVec() {
    assertThat(capacitiesPushing(1, 40)).containsExactly(0L, 8L, 16L, 32L, 64L);
    assertThat(capacitiesPushing(8, 40)).containsExactly(0L, 4L, 8L, 16L, 32L, 64L);
    assertThat(capacitiesPushing(2000, 10)).containsExactly(0L, 1L, 2L, 4L, 8L, 16L);
    assertThat(capacitiesPushing(1024, 1)).containsExactly(0L, 4L);
    calls.clear();
    // String::from("hello") is 5; push_str(", world") needs 12 > 2 x 5; then 44 > 24.
    Function main = Function.builder("main").string("s").string("t").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.pushStr("s", ", world");
      assertThat(scope.capacity("s")).isEqualTo(12);
      scope.pushStr("s", "!".repeat(32));
      assertThat(scope.capacity("s")).isEqualTo(44);
      assertThat(scope.length("s")).isEqualTo(44);
      scope.stringNew("t");
      scope.pushStr("t", "hello world, this is twenty");
      assertThat(scope.capacity("t")).isEqualTo(27);
    }
    assertThat(Ownership.grownCapacity(3, 4, 1)).isEqualTo(8);
    assertThat(calls).containsExactly("malloc 5", "realloc 12", "realloc 44", "malloc 27",
        "free 0", "free 0");
  }

  private List<Long> capacitiesPushing(int elementSize, int pushes) {
    Function main = Function.builder("main").vec("v", elementSize).build();
    List<Long> capacities = new ArrayList<>();
    try (Scope scope = ownership.call(main)) {
      scope.vecNew("v");
      capacities.add(scope.capacity("v"));
      for (int i = 0; i < pushes; i++) {
        byte[] element = new byte[elementSize];
        element[0] = (byte) i;
        scope.push("v", element);
        if (capacities.get(capacities.size() - 1) != scope.capacity("v")) {
          capacities.add(scope.capacity("v"));
        }
      }
      assertThat(scope.element("v", pushes - 1)[0]).isEqualTo((byte) (pushes - 1));
      assertThat(scope.length("v")).isEqualTo(pushes);
    }
    return capacities;
  }

  @Test
  void aMoveCopiesTheHandleAndALaterUseIsAFaultNamingWhereItWent() {
    Function main = Function.builder("main").string("s1").string("s2").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s1", "hello");
      scope.move("s1", "s2");
      assertThat(scope.frame().getPointer("s2.ptr")).isEqualTo(scope.frame().getPointer("s1.ptr"));
      String before = ownership.stateDigest();
      assertThatThrownBy(() -> scope.text("s1"))
          .isInstanceOfSatisfying(OwnershipFault.class, fault -> {
            assertThat(fault.kind()).isEqualTo(MemoryFault.Kind.USE_OF_MOVED_VALUE);
            assertThat(fault.rustError()).isEqualTo("E0382");
            assertThat(fault.address()).isEqualTo(scope.frame().addressOf("s1.capacity")
                .address());
          })
          .hasMessage("use of moved value: s1 in main is read after it was moved to s2 in main"
              + " at op 12 (E0382); on main");
      assertThat(ownership.stateDigest()).isEqualTo(before);
      assertThat(scope.text("s2")).isEqualTo("hello");
    }
    assertThat(calls).containsExactly("malloc 5", "free 0");
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void passingAndReturningMoveBetweenFrames() {
    Function main = Function.builder("main").string("s1").string("s2").integer("x").integer("y")
        .build();
    Function takes = Function.builder("takes_ownership").string("some_string").build();
    Function makesCopy = Function.builder("makes_copy").integer("some_integer").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s1", "hello");
      try (Scope callee = ownership.call(takes)) {
        scope.move("s1", callee, "some_string");
        assertThat(callee.text("some_string")).isEqualTo("hello");
      }
      assertThat(calls).containsExactly("malloc 5", "free 0");
      assertThatThrownBy(() -> scope.length("s1")).hasMessage("use of moved value: s1 in main is"
          + " read after it was moved to some_string in takes_ownership at op 13 (E0382); on main");
      scope.setInteger("x", 5);
      try (Scope callee = ownership.call(makesCopy)) {
        scope.move("x", callee, "some_integer");
      }
      assertThat(scope.value("x")).isEqualTo(5);
      try (Scope callee = ownership.call(takes)) {
        callee.stringFrom("some_string", "yours");
        callee.move("some_string", scope, "s2");
      }
      assertThat(scope.text("s2")).isEqualTo("yours");
    }
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void cloneCopiesTheBytesAndBothDropInReverseDeclarationOrder() {
    Function main = Function.builder("main").string("s1").string("s2").box("b").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s1", "hello");
      scope.clone("s1", "s2");
      scope.boxNew("b", 42);
      assertThat(scope.frame().getPointer("s2.ptr"))
          .isNotEqualTo(scope.frame().getPointer("s1.ptr"));
      assertThat(scope.text("s1") + scope.text("s2")).isEqualTo("hellohello");
      assertThat(scope.value("b")).isEqualTo(42);
    }
    // b, then s2 (block #2), then s1 (block #1): reverse declaration order.
    assertThat(calls).containsExactly("malloc 5", "malloc 5", "malloc 8", "free 0", "free 0",
        "free 0");
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void overwritingDropsTheOldValueFirst() {
    Function main = Function.builder("main").string("s").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.stringFrom("s", "ahoy");
      assertThat(calls).containsExactly("malloc 5", "free 0", "malloc 4");
      scope.drop("s");
      assertThatThrownBy(() -> scope.text("s")).hasMessageContaining("moved to drop()");
    }
    assertThat(calls).containsExactly("malloc 5", "free 0", "malloc 4", "free 0");
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void theSameProgramInCsTermsFreesTwice() {
    assertThatThrownBy(this::moveAsPointerCopy)
        .isInstanceOf(DoubleFreeFault.class)
        .hasMessage("double free: block #1 (5 bytes at 0x10020) was freed by main in main at"
            + " op 8; allocated by main in main at op 2; on main");
  }

  /**
   * {@code char *s1 = strdup("hello"); char *s2 = s1;} and a free at the end of each variable's
   * scope, as if C freed what goes out of scope: s2 first, then s1.
   */
  private void moveAsPointerCopy() {
    ThreadContext main = model.mainThread();
    FrameLayout layout = FrameLayout.builder("main").pointerSlot("s1").pointerSlot("s2").build();
    try (Frame frame = main.stack().push(layout)) {
      Pointer bytes = main.malloc(5);
      main.writeBytes(bytes, "hello".getBytes(StandardCharsets.UTF_8));
      frame.setPointer("s1", bytes);
      frame.setPointer("s2", frame.getPointer("s1"));
      main.free(frame.getPointer("s2"));
      main.free(frame.getPointer("s1"));
    }
  }

  @Test
  void badStatementsAreRefusedWithTheirReason() {
    Function main = Function.builder("main").string("s").integer("x").build();
    try (Scope scope = ownership.call(main)) {
      String before = ownership.stateDigest();
      assertThatThrownBy(() -> scope.text("s")).isInstanceOf(IllegalStateException.class)
          .hasMessage("s in main is read before it has a value (E0381)");
      assertThatThrownBy(() -> scope.move("s", "x"))
          .hasMessage("s in main is a String but x in main is a i64");
      assertThatThrownBy(() -> scope.text("nope"))
          .hasMessage("function main has no variable 'nope'");
      assertThat(ownership.stateDigest()).isEqualTo(before);
    }
  }

  @Test
  void returningFromAScopeThatIsNotOnTopDropsNothing() {
    Function main = Function.builder("main").string("s").build();
    Scope outer = ownership.call(main);
    outer.stringFrom("s", "hello");
    Scope inner = ownership.call(Function.builder("inner").string("t").build());
    String before = ownership.stateDigest();
    assertThatThrownBy(outer::close).isInstanceOf(LifoViolationFault.class)
        .hasMessageStartingWith("LIFO violation: frame main at depth 1 of main");
    assertThat(ownership.stateDigest()).isEqualTo(before);
    assertThat(outer.text("s")).isEqualTo("hello");
    inner.close();
    outer.close();
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }
}
