package io.github.memsim.cli;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.Mutex;
import io.github.memsim.concurrent.Program;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classic concurrency mistakes as memsim programs, each broken and fixed. Shared data is a
 * heap struct made by the setup; bodies call functions with real frames, so reports name them.
 */
final class ThreadsExamples {
  private static final FrameLayout INCREMENT = FrameLayout.builder("increment").build();
  private static final FrameLayout WITHDRAW = FrameLayout.builder("withdraw").build();
  private static final FrameLayout PUBLISH = FrameLayout.builder("publish").build();
  private static final FrameLayout CONSUME = FrameLayout.builder("consume").build();
  private static final FrameLayout TRANSFER = FrameLayout.builder("transfer").build();

  /** The examples' names, as {@code threads --help} lists them; a test keeps it in step. */
  static final String NAMES = "lost-update, lost-update-mutex, lost-update-atomic,"
      + " check-then-act, check-then-act-mutex, locked-but-wrong, locked-and-right,"
      + " publication, publication-atomic, use-after-free, use-after-free-mutex, aba, aba-mutex,"
      + " deadlock, deadlock-ordered";

  private ThreadsExamples() {}

  /** {@return every example by name, broken before fixed} */
  static Map<String, Program> all() {
    Map<String, Program> all = new LinkedHashMap<>();
    all.put("lost-update", counter("lost-update", Variant.PLAIN));
    all.put("lost-update-mutex", counter("lost-update-mutex", Variant.MUTEX));
    all.put("lost-update-atomic", counter("lost-update-atomic", Variant.ATOMIC));
    all.put("check-then-act", withdraw("check-then-act", false));
    all.put("check-then-act-mutex", withdraw("check-then-act-mutex", true));
    all.put("locked-but-wrong", lockedButWrong("locked-but-wrong", false));
    all.put("locked-and-right", lockedButWrong("locked-and-right", true));
    all.put("publication", publication("publication", false));
    all.put("publication-atomic", publication("publication-atomic", true));
    all.put("use-after-free", useAfterFree("use-after-free", false));
    all.put("use-after-free-mutex", useAfterFree("use-after-free-mutex", true));
    all.put("aba", aba("aba", false));
    all.put("aba-mutex", aba("aba-mutex", true));
    all.put("deadlock", deadlock("deadlock", false));
    all.put("deadlock-ordered", deadlock("deadlock-ordered", true));
    return all;
  }

  private enum Variant { PLAIN, MUTEX, ATOMIC }

  /** A struct of a mutex at 0 and a counter at 8; two threads add 1 twice each. */
  private static Program counter(String name, Variant variant) {
    Program.Body body = (t, shared) -> {
      Pointer s = (Pointer) shared;
      for (int i = 0; i < 2; i++) {
        call(t, INCREMENT, () -> {
          switch (variant) {
            case PLAIN -> t.writeLong(s.plus(8), t.readLong(s.plus(8)) + 1);
            case ATOMIC -> t.fetchAndAddLong(s.plus(8), 1);
            default -> {
              Mutex.at(s).lock(t);
              t.writeLong(s.plus(8), t.readLong(s.plus(8)) + 1);
              Mutex.at(s).unlock(t);
            }
          }
        });
      }
    };
    return Program.builder(name).setup(main -> main.calloc(2, 8))
        .thread("a", body).thread("b", body)
        .outcome((main, s) -> "counter " + main.readLong(((Pointer) s).plus(8)))
        .build();
  }

  /** A balance of 100 at 8; two threads each withdraw 80 if the balance covers it. */
  private static Program withdraw(String name, boolean locked) {
    Program.Body body = (t, shared) -> {
      Pointer s = (Pointer) shared;
      call(t, WITHDRAW, () -> {
        if (locked) {
          Mutex.at(s).lock(t);
        }
        long balance = t.readLong(s.plus(8));
        if (balance >= 80) {
          t.writeLong(s.plus(8), t.readLong(s.plus(8)) - 80);
        }
        if (locked) {
          Mutex.at(s).unlock(t);
        }
      });
    };
    return Program.builder(name).setup(main -> {
      Pointer s = main.calloc(2, 8);
      main.writeLong(s.plus(8), 100);
      return s;
    }).thread("a", body).thread("b", body)
        .outcome((main, s) -> "balance " + main.readLong(((Pointer) s).plus(8)))
        .build();
  }

  /**
   * Two accounts of 50 at 8 and 16 under one mutex; each thread moves 10 from the first to the
   * second. Every access is under the mutex, so there is no data race; but the broken one reads
   * the first account in one locked section and writes it in another, so the total can change.
   */
  private static Program lockedButWrong(String name, boolean oneSection) {
    Program.Body body = (t, shared) -> {
      Pointer s = (Pointer) shared;
      Mutex mutex = Mutex.at(s);
      call(t, TRANSFER, () -> {
        mutex.lock(t);
        long from = t.readLong(s.plus(8));
        if (!oneSection) {
          mutex.unlock(t);
          mutex.lock(t);
        }
        t.writeLong(s.plus(8), from - 10);
        t.writeLong(s.plus(16), t.readLong(s.plus(16)) + 10);
        mutex.unlock(t);
      });
    };
    return Program.builder(name).setup(main -> {
      Pointer s = main.calloc(3, 8);
      main.writeLong(s.plus(8), 50);
      main.writeLong(s.plus(16), 50);
      return s;
    }).thread("a", body).thread("b", body)
        .outcome((main, s) -> "total " + (main.readLong(((Pointer) s).plus(8))
            + main.readLong(((Pointer) s).plus(16))))
        .build();
  }

  /** A slot at 0: the writer fills a block and publishes it; the reader uses it if set. */
  private static Program publication(String name, boolean atomic) {
    return Program.builder(name).setup(main -> main.calloc(1, 8))
        .thread("writer", (t, slot) -> {
          call(t, PUBLISH, () -> {
            Pointer data = t.malloc(8);
            t.writeLong(data, 42);
            if (atomic) {
              t.atomicStorePointer((Pointer) slot, data);
            } else {
              t.writePointer((Pointer) slot, data);
            }
          });
        })
        .thread("reader", (t, slot) -> {
          call(t, CONSUME, () -> {
            Pointer data = atomic ? t.atomicLoadPointer((Pointer) slot)
                : t.readPointer((Pointer) slot);
            if (!data.isNull()) {
              t.readLong(data);
            }
          });
        })
        .outcome((main, slot) -> "published " + !main.readPointer((Pointer) slot).isNull())
        .build();
  }

  /** A block behind a slot at 8 (mutex at 0): one thread frees it, the other reads it. */
  private static Program useAfterFree(String name, boolean locked) {
    return Program.builder(name).setup(main -> {
      Pointer s = main.calloc(2, 8);
      Pointer data = main.malloc(8);
      main.writeLong(data, 7);
      main.writePointer(s.plus(8), data);
      return s;
    }).thread("freer", (t, shared) -> {
      Pointer s = (Pointer) shared;
      if (locked) {
        Mutex.at(s).lock(t);
      }
      t.free(t.readPointer(s.plus(8)));
      if (locked) {
        t.writePointer(s.plus(8), Pointer.NULL);
        Mutex.at(s).unlock(t);
      }
    }).thread("reader", (t, shared) -> {
      Pointer s = (Pointer) shared;
      if (locked) {
        Mutex.at(s).lock(t);
      }
      Pointer data = t.readPointer(s.plus(8));
      if (!data.isNull()) {
        t.readLong(data);
      }
      if (locked) {
        Mutex.at(s).unlock(t);
      }
    }).build();
  }

  private static final FrameLayout POP = FrameLayout.builder("pop").build();
  private static final FrameLayout PUSH = FrameLayout.builder("push").build();

  /**
   * A lock-free stack (Treiber's): a mutex at 0, the head at 8; nodes of {value, next}. The
   * setup pushes C, B, A. Thread a pops once; thread b pops once and pushes a new node, which
   * the allocator places where the popped node was. If a is preempted between reading the head
   * and its compare-and-set, the set succeeds on the stale pointer's bits (ABA): the new node is
   * lost and a frees a block b already freed.
   */
  private static Program aba(String name, boolean locked) {
    return Program.builder(name).setup(main -> {
      Pointer s = main.calloc(2, 8);
      for (int value = 3; value >= 1; value--) {
        Pointer node = main.malloc(16);
        main.writeLong(node, value);
        main.writePointer(node.plus(8), main.readPointer(s.plus(8)));
        main.writePointer(s.plus(8), node);
      }
      return s;
    }).thread("a", (t, shared) -> pop(t, (Pointer) shared, locked))
        .thread("b", (t, shared) -> {
          pop(t, (Pointer) shared, locked);
          push(t, (Pointer) shared, 4, locked);
        })
        .outcome((main, s) -> {
          StringBuilder stack = new StringBuilder("stack");
          for (Pointer node = main.readPointer(((Pointer) s).plus(8)); !node.isNull();
              node = main.readPointer(node.plus(8))) {
            stack.append(' ').append(main.readLong(node));
          }
          return stack.toString();
        })
        .build();
  }

  private static void pop(ThreadContext t, Pointer s, boolean locked) {
    call(t, POP, () -> {
      if (locked) {
        Mutex.at(s).lock(t);
      }
      while (true) {
        Pointer top = t.atomicLoadPointer(s.plus(8));
        if (top.isNull()) {
          break;
        }
        Pointer next = t.readPointer(top.plus(8));
        if (t.compareAndSetPointer(s.plus(8), top, next)) {
          t.free(top);
          break;
        }
      }
      if (locked) {
        Mutex.at(s).unlock(t);
      }
    });
  }

  private static void push(ThreadContext t, Pointer s, long value, boolean locked) {
    call(t, PUSH, () -> {
      if (locked) {
        Mutex.at(s).lock(t);
      }
      Pointer node = t.malloc(16);
      t.writeLong(node, value);
      while (true) {
        Pointer top = t.atomicLoadPointer(s.plus(8));
        t.writePointer(node.plus(8), top);
        if (t.compareAndSetPointer(s.plus(8), top, node)) {
          break;
        }
      }
      if (locked) {
        Mutex.at(s).unlock(t);
      }
    });
  }

  /** Two mutexes at 0 and 8, taken in opposite orders (or, fixed, in the same order). */
  private static Program deadlock(String name, boolean ordered) {
    return Program.builder(name).setup(main -> main.calloc(2, 8))
        .thread("a", (t, s) -> both(t, (Pointer) s, false))
        .thread("b", (t, s) -> both(t, (Pointer) s, !ordered))
        .build();
  }

  /** Runs {@code body} inside a frame of {@code function}, as a call would. */
  private static void call(ThreadContext t, FrameLayout function, Runnable body) {
    Frame frame = t.stack().push(function);
    try {
      body.run();
    } finally {
      frame.close();
    }
  }

  private static void both(ThreadContext t, Pointer s, boolean reversed) {
    Mutex first = Mutex.at(reversed ? s.plus(8) : s);
    Mutex second = Mutex.at(reversed ? s : s.plus(8));
    first.lock(t);
    second.lock(t);
    second.unlock(t);
    first.unlock(t);
  }
}
