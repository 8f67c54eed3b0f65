package io.github.memsim.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.OwnershipFault;
import io.github.memsim.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BorrowsTest {
  private final MemoryModel model = MemoryModel.builder().build();
  private final Ownership ownership = Ownership.of(model.mainThread());
  private final Function main = Function.builder("main").string("s").string("t")
      .reference("r1").reference("r2").slice("word").build();

  private void refused(Executable use, MemoryFault.Kind kind, String code, String message) {
    String before = ownership.stateDigest();
    assertThatThrownBy(use::execute).isInstanceOfSatisfying(OwnershipFault.class, fault -> {
      assertThat(fault.kind()).isEqualTo(kind);
      assertThat(fault.rustError()).isEqualTo(code);
    }).hasMessage(message);
    assertThat(ownership.stateDigest()).isEqualTo(before);
  }

  @Test
  void manySharedReferencesReadTogether() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      scope.borrow("r2", "s");
      assertThat(scope.readThrough("r1") + scope.readThrough("r2") + scope.text("s"))
          .isEqualTo("hellohellohello");
      assertThat(scope.frame().getPointer("r1"))
          .isEqualTo(scope.frame().addressOf("s.capacity"));
      assertThat(scope.frame().getPointer("r1").kind()).isEqualTo(Pointer.Kind.STACK);
      assertThat(ownership.describe()).isEqualTo("main: s: String [R]; t: String, no value yet;"
          + " r1: &s [R]; r2: &s [R]; word: &str, no value yet\n");
      scope.borrowMut("r1", "s");
      assertThat(ownership.describe()).isEqualTo("main: s: String [-]; t: String, no value yet;"
          + " r1: &mut s [RW]; r2: &s, invalid since op 22 (E0502); word: &str, no value yet\n");
    }
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void twoMutableBorrowsE0499() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrowMut("r1", "s");
      scope.borrowMut("r2", "s");
      scope.pushStrThrough("r2", "!");
      refused(() -> scope.readThrough("r1"), MemoryFault.Kind.BORROW_CONFLICT, "E0499",
          "borrow conflict: r1 in main (&mut s, borrowed at op 7) is read after r2 in main"
          + " borrowed s mutably at op 8 (E0499: cannot borrow s as mutable more than once at a"
          + " time); on main");
    }
  }

  @Test
  void aMutableBorrowWhileSharedOnesAreUsedE0502() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      scope.borrowMut("r2", "s");
      refused(() -> scope.readThrough("r1"), MemoryFault.Kind.BORROW_CONFLICT, "E0502",
          "borrow conflict: r1 in main (&s, borrowed at op 7) is read after r2 in main borrowed"
          + " s mutably at op 8 (E0502: cannot borrow s as mutable because it is also borrowed"
          + " as immutable); on main");
      // A shared borrow after a mutable one: the mutable one is refused at its next use.
      scope.borrow("r1", "s");
      refused(() -> scope.pushStrThrough("r2", "!"), MemoryFault.Kind.BORROW_CONFLICT, "E0502",
          "borrow conflict: r2 in main (&mut s, borrowed at op 8) is written after r1 in main"
          + " borrowed s at op 9 (E0502: cannot borrow s as immutable because it is also"
          + " borrowed as mutable); on main");
    }
  }

  @Test
  void writingThroughASharedReferenceE0596() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      refused(() -> scope.pushStrThrough("r1", "!"), MemoryFault.Kind.BORROW_CONFLICT, "E0596",
          "borrow conflict: r1 in main (&s, borrowed at op 7) is written through, but a shared"
          + " reference only reads (E0596: cannot borrow *r1 as mutable, as it is behind a &"
          + " reference); on main");
    }
  }

  @Test
  void assigningToABorrowedStringE0506() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      scope.stringFrom("s", "world");
      refused(() -> scope.readThrough("r1"), MemoryFault.Kind.BORROW_CONFLICT, "E0506",
          "borrow conflict: r1 in main (&s, borrowed at op 7) is read after s in main was"
          + " assigned at op 14 (E0506: cannot assign to s because it is borrowed); on main");
    }
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void movingABorrowedStringE0505() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      scope.move("s", "t");
      refused(() -> scope.readThrough("r1"), MemoryFault.Kind.DANGLING_REFERENCE, "E0505",
          "dangling reference: r1 in main (&s, borrowed at op 7) is read after s in main was"
          + " moved to t in main at op 13 (E0505: cannot move out of s because it is"
          + " borrowed); on main");
    }
  }

  @Test
  void aReferenceThatOutlivesItsStringE0597() {
    Function outer = Function.builder("main").reference("r").build();
    Function inner = Function.builder("inner").string("x").build();
    try (Scope scope = ownership.call(outer)) {
      try (Scope block = ownership.call(inner)) {
        block.stringFrom("x", "short-lived");
        scope.borrow("r", block, "x", false);
        assertThat(scope.readThrough("r")).isEqualTo("short-lived");
      }
      refused(() -> scope.readThrough("r"), MemoryFault.Kind.DANGLING_REFERENCE, "E0597",
          "dangling reference: r in main (&x, borrowed at op 8) is read after x in inner was"
          + " dropped at op 15 (E0597: x does not live long enough); on main");
    }
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  @Test
  void firstWordThenClearE0502() {
    Function firstWord = Function.builder("first_word").reference("s").integer("i").build();
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello world");
      try (Scope call = ownership.call(firstWord)) {
        call.borrow("s", scope, "s", false);
        String text = call.readThrough("s");
        int space = text.indexOf(' ');
        call.setInteger("i", space < 0 ? text.length() : space);
        scope.slice("word", scope, "s", 0, call.value("i"));
      }
      assertThat(scope.readThrough("word")).isEqualTo("hello");
      Pointer bytes = scope.frame().getPointer("s.ptr");
      assertThat(scope.frame().getPointer("word.ptr")).isEqualTo(bytes);
      scope.slice("word", scope, "s", 6, 11);
      assertThat(scope.frame().getPointer("word.ptr")).isEqualTo(bytes.plus(6));
      assertThat(scope.readThrough("word")).isEqualTo("world");
      scope.clear("s");
      refused(() -> scope.readThrough("word"), MemoryFault.Kind.BORROW_CONFLICT, "E0502",
          "borrow conflict: word in main (&s[6..11], borrowed at op 26) is read after s in main"
          + " was written by clear at op 31 (E0502: cannot borrow s as mutable because it is"
          + " also borrowed as immutable); on main");
      assertThatThrownBy(() -> scope.slice("word", scope, "s", 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("range 0..1 is out of bounds for s in main of length 0");
    }
  }

  @Test
  void readingTheOwnerEndsAMutableBorrow() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrowMut("r1", "s");
      assertThat(scope.text("s")).isEqualTo("hello");
      refused(() -> scope.pushStrThrough("r1", "!"), MemoryFault.Kind.BORROW_CONFLICT, "E0502",
          "borrow conflict: r1 in main (&mut s, borrowed at op 7) is written after s in main was"
          + " read at op 10 (E0502: cannot borrow s as immutable because it is also borrowed as"
          + " mutable); on main");
    }
  }

  @Test
  void sharedReferencesAreCopiedAndMutableOnesMoved() {
    try (Scope scope = ownership.call(main)) {
      scope.stringFrom("s", "hello");
      scope.borrow("r1", "s");
      scope.move("r1", "r2");
      assertThat(scope.readThrough("r1") + scope.readThrough("r2")).isEqualTo("hellohello");
      scope.borrowMut("r1", "s");
      scope.move("r1", "r2");
      scope.pushStrThrough("r2", "!");
      assertThat(scope.readThrough("r2")).isEqualTo("hello!");
      refused(() -> scope.readThrough("r1"), MemoryFault.Kind.USE_OF_MOVED_VALUE, "E0382",
          "use of moved value: r1 in main is read after it was moved to r2 in main at op 20"
          + " (E0382); on main");
    }
  }
}
