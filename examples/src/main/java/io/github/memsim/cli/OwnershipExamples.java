package io.github.memsim.cli;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import io.github.memsim.ownership.Function;
import io.github.memsim.ownership.Ownership;
import io.github.memsim.ownership.OwnershipPicture;
import io.github.memsim.ownership.Scope;
import io.github.memsim.picture.StatePicture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The listings of the Rust book's chapter "What Is Ownership?" and "References and Borrowing"
 * and "The Slice Type" as memsim programs, each with the Rust it stands for, what it printed,
 * its heap calls, its faults and pictures; and the move in C's terms beside them.
 */
final class OwnershipExamples {
  /** One listing: its name, what it shows, its Rust source, and the program. */
  record Example(String name, String title, String rust, Consumer<Run> program) {}

  /** A picture taken during a run. */
  record Picture(String caption, String svg) {}

  /** One run of a listing: a fresh model, what it printed, and the pictures it took. */
  static final class Run {
    final MemoryModel model;
    final Ownership ownership;
    final StringBuilder out = new StringBuilder();
    final List<Picture> pictures = new ArrayList<>();

    Run() {
      model = MemoryModel.builder().heapLimit(1 << 20).stackSize(8 << 10)
          .listener(new MemoryListener() {
            @Override
            public void onHeapCall(HeapCall call) {
              out.append("  ").append(call).append('\n');
            }
          }).build();
      ownership = Ownership.of(model.mainThread());
    }

    /** Prints a line of the program's output, as println! would. */
    void println(String line) {
      out.append("> ").append(line).append('\n');
    }

    /** Notes what happens, in the simulation's words. */
    void note(String line) {
      out.append("  ").append(line).append('\n');
    }

    /** Runs a statement that may fault, and prints the fault. */
    void attempt(Runnable statement) {
      try {
        statement.run();
      } catch (MemoryFault fault) {
        out.append("  ").append(fault.getClass().getSimpleName()).append(": ")
            .append(fault.getMessage()).append('\n');
      }
    }

    /** Takes a picture of the state now, with the ownership overlay. */
    void picture(String caption) {
      pictures.add(new Picture(caption, OwnershipPicture.svg(ownership)));
      out.append("  [picture: ").append(caption).append("]\n");
      for (String line : ownership.describe().split("\n")) {
        out.append("    ").append(line).append('\n');
      }
    }

    /** Takes a picture of the plain state, as C would see it. */
    void plainPicture(String caption) {
      pictures.add(new Picture(caption, StatePicture.svg(model.view())));
      out.append("  [picture: ").append(caption).append("]\n");
    }

    /** Notes the leak report at the end. */
    void end() {
      out.append("  at the end: ").append(model.heap().leaks().isLeakFree()
          ? "no leaks: every block was freed, once"
          : model.heap().leaks().toString().strip()).append('\n');
    }
  }

  private OwnershipExamples() {}

  /** {@return the listings by name, in the chapter's order} */
  static Map<String, Example> all() {
    Map<String, Example> all = new LinkedHashMap<>();
    for (Example example : List.of(
        new Example("scope", "A string lives until its scope ends, then drops", """
            {
                let mut s = String::from("hello");
                s.push_str(", world!");
                println!("{s}");
            }   // s goes out of scope: drop frees its bytes
            """, OwnershipExamples::scope),
        new Example("move", "let s2 = s1; moves the String: s1 can no longer be used", """
            let s1 = String::from("hello");
            let s2 = s1;
            println!("{s1}, world!");   // error[E0382]: borrow of moved value: `s1`
            """, OwnershipExamples::move),
        new Example("clone", "clone() copies the heap bytes too", """
            let s1 = String::from("hello");
            let s2 = s1.clone();
            println!("s1 = {s1}, s2 = {s2}");
            """, OwnershipExamples::cloneListing),
        new Example("functions", "Passing and returning move, copy types copy", """
            let s = String::from("hello");
            takes_ownership(s);          // s moves into the function
            let x = 5;
            makes_copy(x);               // i64 is Copy: x is still usable
            let s1 = gives_ownership();
            let s2 = String::from("hello");
            let s3 = takes_and_gives_back(s2);
            """, OwnershipExamples::functions),
        new Example("references", "calculate_length(&s1) borrows without owning", """
            let s1 = String::from("hello");
            let len = calculate_length(&s1);
            println!("The length of '{s1}' is {len}.");
            fn calculate_length(s: &String) -> usize { s.len() }
            """, OwnershipExamples::references),
        new Example("mutable-references", "One mutable reference, or many shared ones", """
            let mut s = String::from("hello");
            change(&mut s);              // some_string.push_str(", world")
            let r1 = &mut s;
            let r2 = &mut s;
            println!("{r1}, {r2}");      // error[E0499]
            let r3 = &s;
            let r4 = &mut s;
            println!("{r3}");            // error[E0502]
            """, OwnershipExamples::mutableReferences),
        new Example("dangling", "A reference must not outlive its value", """
            let reference_to_nothing = dangle();
            fn dangle() -> &String {     // error[E0106]; here: E0597 at the use
                let s = String::from("hello");
                &s
            }   // s is dropped: the reference would dangle
            """, OwnershipExamples::dangling),
        new Example("slices", "first_word returns a slice; clear() while it is used", """
            let mut s = String::from("hello world");
            let word = first_word(&s);   // &s[0..5]
            s.clear();                   // error[E0502]
            println!("the first word is: {word}");
            """, OwnershipExamples::slices),
        new Example("c-terms", "The move in C's terms: a pointer copy, freed twice", """
            char *s1 = strdup("hello");
            char *s2 = s1;               // both point to the same bytes
            free(s2);                    // s2's scope ends
            free(s1);                    // s1's scope ends: double free
            """, OwnershipExamples::cTerms))) {
      all.put(example.name(), example);
    }
    return all;
  }

  /** {@return a listing's run: the Rust, then what happened} */
  static Run run(Example example) {
    Run run = new Run();
    example.program().accept(run);
    return run;
  }

  private static Function main(Function.Builder builder) {
    return builder.build();
  }

  static void scope(Run run) {
    // The block { ... } is a scope of its own: here, a frame of its own.
    try (Scope block = run.ownership.call(Function.builder("block").string("s").build())) {
      block.stringFrom("s", "hello");
      run.note("s = \"hello\": length " + block.length("s") + ", capacity "
          + block.capacity("s"));
      block.pushStr("s", ", world!");
      run.note("after push_str: length " + block.length("s") + ", capacity "
          + block.capacity("s") + " (max(2 x 5, 13); realloc moved the bytes)");
      run.println(block.text("s"));
      run.picture("s in its scope");
    }
    run.note("the block's scope ended: s was dropped");
    run.end();
  }

  static void move(Run run) {
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s1")
        .string("s2")))) {
      main.stringFrom("s1", "hello");
      main.move("s1", "s2");
      run.plainPicture("after let s2 = s1: two handles, one block of bytes");
      run.picture("s1 is invalidated");
      run.attempt(() -> run.println(main.text("s1") + ", world!"));
      run.println(main.text("s2") + ", world!");
    }
    run.end();
  }

  static void cloneListing(Run run) {
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s1")
        .string("s2")))) {
      main.stringFrom("s1", "hello");
      main.clone("s1", "s2");
      run.println("s1 = " + main.text("s1") + ", s2 = " + main.text("s2"));
      run.picture("a deep copy");
    }
    run.end();
  }

  static void functions(Run run) {
    Function takes = Function.builder("takes_ownership").string("some_string").build();
    Function copies = Function.builder("makes_copy").integer("some_integer").build();
    Function gives = Function.builder("gives_ownership").string("some_string").build();
    Function back = Function.builder("takes_and_gives_back").string("a_string").build();
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s")
        .integer("x").string("s1").string("s2").string("s3")))) {
      main.stringFrom("s", "hello");
      try (Scope callee = run.ownership.call(takes)) {
        main.move("s", callee, "some_string");
        run.println(callee.text("some_string"));
        run.picture("inside takes_ownership");
      }
      run.note("takes_ownership returned: some_string was dropped");
      run.attempt(() -> main.text("s"));
      main.setInteger("x", 5);
      try (Scope callee = run.ownership.call(copies)) {
        main.move("x", callee, "some_integer");
        run.println(Long.toString(callee.value("some_integer")));
      }
      run.note("x is still " + main.value("x"));
      try (Scope callee = run.ownership.call(gives)) {
        callee.stringFrom("some_string", "yours");
        callee.move("some_string", main, "s1");
      }
      main.stringFrom("s2", "hello");
      try (Scope callee = run.ownership.call(back)) {
        main.move("s2", callee, "a_string");
        callee.move("a_string", main, "s3");
      }
      run.println("s1 = " + main.text("s1") + ", s3 = " + main.text("s3"));
      run.picture("s1 and s3 own their strings; s and s2 were moved");
    }
    run.note("main returned: s3, s2 (moved: skipped), s1 dropped in reverse order");
    run.end();
  }

  static void references(Run run) {
    Function length = Function.builder("calculate_length").reference("s").integer("len")
        .build();
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s1")
        .integer("len")))) {
      main.stringFrom("s1", "hello");
      try (Scope callee = run.ownership.call(length)) {
        callee.borrow("s", main, "s1", false);
        callee.setInteger("len", callee.readThrough("s").length());
        run.picture("s refers to s1");
        callee.move("len", main, "len");
      }
      run.println("The length of '" + main.text("s1") + "' is " + main.value("len") + ".");
    }
    run.end();
  }

  static void mutableReferences(Run run) {
    Function change = Function.builder("change").reference("some_string").build();
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s")
        .reference("r1").reference("r2").reference("r3").reference("r4")))) {
      main.stringFrom("s", "hello");
      try (Scope callee = run.ownership.call(change)) {
        callee.borrow("some_string", main, "s", true);
        callee.pushStrThrough("some_string", ", world");
      }
      run.println(main.text("s"));
      main.borrowMut("r1", "s");
      main.borrowMut("r2", "s");
      run.picture("two mutable borrows: r1 is no longer valid");
      run.attempt(() -> run.println(main.readThrough("r1") + ", " + main.readThrough("r2")));
      main.borrow("r3", "s");
      main.borrowMut("r4", "s");
      run.attempt(() -> run.println(main.readThrough("r3")));
    }
    run.end();
  }

  static void dangling(Run run) {
    Function dangle = Function.builder("dangle").string("s").build();
    try (Scope main = run.ownership.call(main(Function.builder("main")
        .reference("reference_to_nothing")))) {
      try (Scope callee = run.ownership.call(dangle)) {
        callee.stringFrom("s", "hello");
        main.borrow("reference_to_nothing", callee, "s", false);
      }
      run.picture("the reference leads to a popped frame");
      run.attempt(() -> run.println(main.readThrough("reference_to_nothing")));
    }
    run.end();
  }

  static void slices(Run run) {
    Function firstWord = Function.builder("first_word").reference("s").integer("i").build();
    try (Scope main = run.ownership.call(main(Function.builder("main").string("s")
        .slice("word")))) {
      main.stringFrom("s", "hello world");
      try (Scope callee = run.ownership.call(firstWord)) {
        callee.borrow("s", main, "s", false);
        String text = callee.readThrough("s");
        int space = text.indexOf(' ');
        callee.setInteger("i", space < 0 ? text.length() : space);
        main.slice("word", main, "s", 0, callee.value("i"));
      }
      run.println("the first word is: " + main.readThrough("word"));
      run.picture("word points into s's bytes");
      main.clear("s");
      run.attempt(() -> run.println("the first word is: " + main.readThrough("word")));
    }
    run.end();
  }

  static void cTerms(Run run) {
    ThreadContext main = run.model.mainThread();
    FrameLayout layout = FrameLayout.builder("main").pointerSlot("s1").pointerSlot("s2")
        .build();
    run.attempt(() -> {
      try (Frame frame = main.stack().push(layout)) {
        Pointer bytes = main.malloc(5);
        main.writeBytes(bytes, "hello".getBytes(StandardCharsets.UTF_8));
        frame.setPointer("s1", bytes);
        frame.setPointer("s2", frame.getPointer("s1"));
        run.plainPicture("s1 and s2 point to the same bytes");
        main.free(frame.getPointer("s2"));
        main.free(frame.getPointer("s1"));
      }
    });
    run.note("Rust moves instead: s1 is invalidated, and only s2 frees the bytes");
    run.end();
  }

  /** {@return the text of a run of a listing, with its Rust source first} */
  static String text(Example example, Run run) {
    StringBuilder out = new StringBuilder("== ").append(example.name()).append(": ")
        .append(example.title()).append('\n');
    for (String line : example.rust().strip().split("\n")) {
      out.append("   | ").append(line).append('\n');
    }
    return out.append(run.out).toString();
  }

  /** {@return one self-contained page of the runs, each with its source, output, pictures} */
  static String html(List<Example> examples, List<Run> runs) {
    StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
        + "<meta charset=\"utf-8\"><title>Ownership, live</title><style>body{font-family:"
        + "sans-serif;margin:2em}pre{background:#f6f6f6;padding:.6em}</style></head><body>\n"
        + "<h1>Ownership, live: the Rust book's chapter in simulated memory</h1>\n");
    for (int i = 0; i < examples.size(); i++) {
      Example example = examples.get(i);
      Run run = runs.get(i);
      page.append("<h2 id=\"").append(Text.xml(example.name())).append("\">")
          .append(Text.xml(example.name() + ": " + example.title())).append("</h2>\n<pre>")
          .append(lines(example.rust().strip())).append("</pre>\n<pre>")
          .append(lines(run.out.toString())).append("</pre>\n");
      for (Picture picture : run.pictures) {
        page.append("<h3>").append(Text.xml(picture.caption())).append("</h3>\n")
            .append(picture.svg());
      }
    }
    return page.append("</body></html>\n").toString();
  }

  /** {@return text for a {@code pre} element: each line escaped, the line breaks kept} */
  private static String lines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(out.length() == 0 ? "" : "\n").append(Text.xml(line));
    }
    return out.toString();
  }

  /** {@return the tour's chapter: a string moved, cloned and dropped} */
  static String tour() {
    Run run = new Run();
    try (Scope main = run.ownership.call(Function.builder("main").string("s1").string("s2")
        .string("s3").build())) {
      main.stringFrom("s1", "hello");
      run.note("let s1 = String::from(\"hello\"): three words in main, five bytes on the heap");
      main.move("s1", "s2");
      run.note("let s2 = s1: the three words copied, s1 moved");
      run.attempt(() -> main.text("s1"));
      main.clone("s2", "s3");
      run.note("let s3 = s2.clone(): new bytes, " + main.text("s3"));
    }
    run.note("main returns: s3 then s2 dropped, s1 skipped (moved)");
    run.end();
    return run.out.toString();
  }
}
