package io.github.memsim.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.memsim.HeapBlock;
import io.github.memsim.MemoryModel;
import io.github.memsim.OwnershipFault;
import io.github.memsim.Pointer;
import io.github.memsim.alloc.Allocators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Properties of the ownership rules on random programs: owned values never leak and never free
 * twice, and the run-time borrow checker agrees with a plain model of the chapter's rules.
 */
class OwnershipProperties {
  /** How many random programs of owned values run; the report quotes it. */
  static final int EXAMPLES = 150;
  /** How many random programs of borrows run (each refusal takes two views of the model). */
  static final int BORROW_EXAMPLES = 100;

  private static final Function MAIN = Function.builder("main").string("s0").string("s1")
      .string("s2").vec("v", 8).box("b").build();
  private static final Function TAKES = Function.builder("takes_ownership").string("p")
      .box("q").build();

  @Test
  void ownedValuesNeverLeakNorFreeTwice() {
    qt().withExamples(EXAMPLES)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 60))
        .checkAssert(this::runOwned);
  }

  private void runOwned(List<Integer> codes) {
    MemoryModel model = MemoryModel.builder().allocator(Allocators.bestFit()).build();
    Ownership ownership = Ownership.of(model.mainThread());
    String[] strings = {"s0", "s1", "s2"};
    try (Scope main = ownership.call(MAIN)) {
      for (int code : codes) {
        String a = strings[code % 3];
        String b = strings[(code / 3) % 3];
        int n = (code / 9) % 20;
        int op = (code / 180) % 12;
        try {
          switch (op) {
            case 0 -> main.stringFrom(a, "x".repeat(n % 12));
            case 1 -> main.pushStr(a, "y".repeat(n));
            case 2 -> main.clear(a);
            case 3 -> main.clone(a, b);
            case 4 -> main.move(a, b);
            case 5 -> main.drop(n % 3 == 0 ? "v" : n % 3 == 1 ? "b" : a);
            case 6 -> {
              try (Scope callee = ownership.call(TAKES)) {
                main.move(a, callee, "p");
                callee.pushStr("p", "!");
              }
            }
            case 7 -> {
              try (Scope callee = ownership.call(TAKES)) {
                callee.stringFrom("p", "yours".substring(0, n % 6));
                callee.move("p", main, a);
              }
            }
            case 8 -> main.text(a);
            case 9 -> {
              if (n == 0) {
                main.vecNew("v");
              } else {
                main.push("v", new byte[8]);
              }
            }
            case 10 -> main.boxNew("b", n);
            default -> {
              try (Scope callee = ownership.call(TAKES)) {
                main.move("b", callee, "q");
              }
            }
          }
        } catch (OwnershipFault | IllegalStateException | IllegalArgumentException expected) {
          // a use of a moved or unset value, or a clone or move into itself: refused
        }
        assertThat(liveBlocks(model)).as("the live blocks are exactly the owned ones")
            .isEqualTo(owned(ownership));
      }
    }
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
    assertThat(model.heap().liveBlocks()).isEmpty();
  }

  private static TreeSet<Long> liveBlocks(MemoryModel model) {
    TreeSet<Long> live = new TreeSet<>();
    for (HeapBlock block : model.heap().liveBlocks()) {
      live.add(block.address());
    }
    return live;
  }

  /** The heap addresses held by live owning variables; each once (no two owners share one). */
  private static TreeSet<Long> owned(Ownership ownership) {
    TreeSet<Long> owned = new TreeSet<>();
    for (Scope scope : ownership.scopes()) {
      for (Binding b : scope.bindings()) {
        if (b.type().owning() && b.state == Binding.State.LIVE) {
          String slot = b.type() == Function.Type.BOX ? b.variable.name()
              : b.variable.name() + Function.PTR;
          Pointer ptr = scope.frame().getPointer(slot);
          if (!ptr.isNull()) {
            assertThat(owned.add(ptr.address())).as("owned once: %s", ptr).isTrue();
          }
        }
      }
    }
    return owned;
  }

  // ---------------------------------------------------------------------------------------------
  // The borrow checker against a plain model of the rules

  private static final Function BORROWER = Function.builder("main").string("s0").string("s1")
      .reference("r0").reference("r1").slice("w").build();
  /** The statements, the uses of references and the borrows more often than the rest. */
  private static final int[] OPS = {0, 1, 2, 3, 3, 4, 5, 6, 7, 7, 7, 8, 8, 8, 9, 9, 10, 10, 10, 10,
      10, 10, 11, 11, 11, 11, 12, 12, 13};
  private static final Function INNER = Function.builder("inner").string("t").build();

  @Test
  void theCheckerAgreesWithAPlainModelOfTheRules() {
    qt().withExamples(BORROW_EXAMPLES)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 50))
        .checkAssert(this::runBorrows);
  }

  private void runBorrows(List<Integer> codes) {
    MemoryModel model = MemoryModel.builder().build();
    Ownership ownership = Ownership.of(model.mainThread());
    Rules rules = new Rules();
    Scope main = ownership.call(BORROWER);
    Scope inner = null;
    for (String owner : List.of("s0", "s1")) {
      rules.assign(owner, "hello");
      main.stringFrom(owner, "hello");
    }
    String[] owners = {"s0", "s1", "t"};
    String[] references = {"r0", "r1", "w"};
    for (int code : codes) {
      String o = owners[code % 3];
      String o2 = owners[(code / 3) % 3];
      String r = references[(code / 9) % 3];
      int n = (code / 27) % 7;
      int op = OPS[(code / 189) % OPS.length];
      if (inner == null && (o.equals("t") || o2.equals("t")) && op < 12) {
        continue;
      }
      final Scope in = inner;
      Scope so = o.equals("t") ? in : main;
      Scope so2 = o2.equals("t") ? in : main;
      String expected;
      String actual;
      switch (op) {
        case 0 -> {
          expected = rules.assign(o, "abc".substring(0, n % 4));
          actual = outcome(expected, ownership, () -> so.stringFrom(o, "abc".substring(0, n % 4)));
        }
        case 1 -> {
          expected = rules.write(o, "xy".substring(0, n % 3), false);
          actual = outcome(expected, ownership, () -> so.pushStr(o, "xy".substring(0, n % 3)));
        }
        case 2 -> {
          expected = rules.write(o, "", true);
          actual = outcome(expected, ownership, () -> so.clear(o));
        }
        case 3 -> {
          expected = rules.read(o);
          actual = outcome(expected, ownership, () -> so.text(o));
        }
        case 4 -> {
          expected = rules.move(o, o2, false);
          actual = outcome(expected, ownership, () -> so.move(o, so2, o2));
        }
        case 5 -> {
          expected = rules.move(o, o2, true);
          actual = outcome(expected, ownership, () -> {
            if (so != so2) {
              throw new IllegalArgumentException("clone across scopes is not generated");
            }
            so.clone(o, o2);
          });
        }
        case 6 -> {
          expected = rules.drop(o);
          actual = outcome(expected, ownership, () -> so.drop(o));
        }
        case 7, 8 -> {
          boolean mutable = op == 8;
          String ref = r.equals("w") ? "r0" : r;
          expected = rules.borrow(ref, o, mutable, -1, -1);
          actual = outcome(expected, ownership, () -> main.borrow(ref, so, o, mutable));
        }
        case 9 -> {
          expected = rules.borrow("w", o, false, 0, n % 5);
          actual = outcome(expected, ownership, () -> main.slice("w", so, o, 0, n % 5));
        }
        case 10 -> {
          expected = rules.readThrough(r);
          actual = outcome(expected, ownership, () -> main.readThrough(r));
        }
        case 11 -> {
          String ref = r.equals("w") ? "r1" : r;
          expected = rules.writeThrough(ref, "z");
          actual = outcome(expected, ownership, () -> main.pushStrThrough(ref, "z"));
        }
        case 12 -> {
          if (inner == null) {
            inner = ownership.call(INNER);
            rules.enter();
            rules.assign("t", "hi");
            inner.stringFrom("t", "hi");
          }
          continue;
        }
        default -> {
          if (inner != null) {
            inner.close();
            inner = null;
            rules.leave();
          }
          continue;
        }
      }
      assertThat(actual).as("op %s on %s %s %s", op, o, o2, r).isEqualTo(expected);
    }
    if (inner != null) {
      inner.close();
    }
    main.close();
    assertThat(model.heap().leaks().isLeakFree()).isTrue();
  }

  /**
   * {@return "ok", "ISE", "IAE", or the fault's Rust error} Where the plain model expects a
   * refusal, checks that the state is unchanged after it (the digest is dear, a view of the
   * whole model, so it is taken only there; the outcomes' comparison covers the rest).
   */
  private static String outcome(String expected, Ownership ownership, Statement statement) {
    String before = expected.equals("ok") ? null : ownership.stateDigest();
    String outcome;
    try {
      statement.exec();
      outcome = "ok";
    } catch (OwnershipFault fault) {
      assertThat(fault.kind().label()).isEqualTo(switch (fault.rustError()) {
        case "E0382" -> "use of moved value";
        case "E0505", "E0597" -> "dangling reference";
        default -> "borrow conflict";
      });
      outcome = fault.rustError();
    } catch (IllegalStateException e) {
      outcome = "ISE";
    } catch (IllegalArgumentException e) {
      outcome = "IAE";
    }
    if (before != null && !outcome.equals("ok")) {
      assertThat(ownership.stateDigest()).as("a refused operation changes nothing")
          .isEqualTo(before);
    }
    return outcome;
  }

  private interface Statement {
    void exec();
  }

  /**
   * The chapter's rules, written as plainly as possible and independently of the checker: each
   * owner keeps a log of what happened to it; a reference is valid while nothing that conflicts
   * with it was logged after its borrow; the first conflict names the error.
   */
  private static final class Rules {
    private static final class Owner {
      boolean set;
      boolean moved;
      String text = "";
      final List<String[]> log = new ArrayList<>(); // {time, what}
    }

    private static final class Reference {
      Owner owner;
      boolean mutable;
      int time;
      int from;
      int to;
    }

    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<String, Reference> references = new HashMap<>();
    private int clock;

    Rules() {
      owners.put("s0", new Owner());
      owners.put("s1", new Owner());
    }

    void enter() {
      owners.put("t", new Owner());
    }

    void leave() {
      log(owners.remove("t"), "END");
    }

    private void log(Owner owner, String what) {
      owner.log.add(new String[] {Integer.toString(++clock), what});
    }

    private static String usable(Owner owner) {
      return !owner.set ? "ISE" : owner.moved ? "E0382" : null;
    }

    String assign(String name, String text) {
      Owner owner = owners.get(name);
      log(owner, "ASSIGN");
      owner.set = true;
      owner.moved = false;
      owner.text = text;
      return "ok";
    }

    String write(String name, String text, boolean clear) {
      Owner owner = owners.get(name);
      String refused = usable(owner);
      if (refused != null) {
        return refused;
      }
      log(owner, "WRITE");
      owner.text = clear ? "" : owner.text + text;
      return "ok";
    }

    String read(String name) {
      Owner owner = owners.get(name);
      String refused = usable(owner);
      if (refused != null) {
        return refused;
      }
      log(owner, "READ");
      return "ok";
    }

    String move(String from, String to, boolean clone) {
      if (from.equals(to)) {
        return "IAE";
      }
      Owner source = owners.get(from);
      if (clone && (from.equals("t") != to.equals("t"))) {
        return "IAE";
      }
      String refused = usable(source);
      if (refused != null) {
        return refused;
      }
      Owner target = owners.get(to);
      log(target, "ASSIGN");
      target.set = true;
      target.moved = false;
      target.text = source.text;
      if (clone) {
        log(source, "READ");
      } else {
        log(source, "MOVE");
        source.moved = true;
      }
      return "ok";
    }

    String drop(String name) {
      Owner owner = owners.get(name);
      String refused = usable(owner);
      if (refused != null) {
        return refused;
      }
      log(owner, "MOVE");
      owner.moved = true;
      return "ok";
    }

    String borrow(String name, String ownerName, boolean mutable, int from, int to) {
      Owner owner = owners.get(ownerName);
      String refused = usable(owner);
      if (refused != null) {
        return refused;
      }
      if (to > owner.text.length()) {
        return "IAE";
      }
      log(owner, mutable ? "MUT" : "SHARED");
      Reference reference = new Reference();
      reference.owner = owner;
      reference.mutable = mutable;
      reference.time = clock;
      reference.from = from;
      reference.to = to;
      references.put(name, reference);
      return "ok";
    }

    /** {@return the error of the first conflict after the borrow, or null} */
    private static String conflict(Reference reference) {
      for (String[] entry : reference.owner.log) {
        if (Integer.parseInt(entry[0]) <= reference.time) {
          continue;
        }
        String error = switch (entry[1]) {
          case "SHARED", "READ" -> reference.mutable ? "E0502" : null;
          case "MUT", "WRITE" -> reference.mutable ? "E0499" : "E0502";
          case "ASSIGN" -> "E0506";
          case "MOVE" -> "E0505";
          case "END" -> "E0597";
          default -> throw new AssertionError(entry[1]);
        };
        if (error != null) {
          return error;
        }
      }
      return null;
    }

    String readThrough(String name) {
      Reference reference = references.get(name);
      if (reference == null) {
        return "ISE";
      }
      String error = conflict(reference);
      if (error != null) {
        return error;
      }
      return "ok";
    }

    String writeThrough(String name, String text) {
      Reference reference = references.get(name);
      if (reference == null) {
        return "ISE";
      }
      String error = conflict(reference);
      if (error != null) {
        return error;
      }
      if (!reference.mutable) {
        return "E0596";
      }
      reference.owner.text += text;
      return "ok";
    }
  }
}
