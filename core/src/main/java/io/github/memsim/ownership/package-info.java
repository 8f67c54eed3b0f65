/**
 * Ownership, live: the Rust book's chapter "What Is Ownership?" as memsim programs. Owned
 * values whose handle lives in a frame and whose bytes live on the shared heap, moves, clones,
 * drops, borrows and slices, with Rust's rules checked at run time on the uses that happen, and
 * pictures drawn as the book draws its figures.
 *
 * <pre>{@code
 * import io.github.memsim.ownership.*;
 *
 * MemoryModel model = MemoryModel.builder().build();
 * Ownership ownership = Ownership.of(model.mainThread());
 * Function main = Function.builder("main").string("s").reference("r").build();
 * try (Scope scope = ownership.call(main)) {
 *   scope.stringFrom("s", "hello");               // let mut s = String::from("hello");
 *   scope.borrow("r", "s");                       // let r = &s;
 *   scope.pushStr("s", ", world");                // s.push_str(", world");  realloc 5 -> 12
 *   try {
 *     scope.readThrough("r");                     // println!("{r}");
 *   } catch (OwnershipFault fault) {
 *     System.out.println(fault.getMessage());     // borrow conflict: r in main (&s, ...) (E0502 ...)
 *   }
 * }                                               // s drops: its 12 bytes are freed
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link io.github.memsim.ownership.Function}: a function's variables with their Rust
 *       types, declared before the call as a compiler lays out a frame: {@code String} and
 *       {@code Vec} take three words ({@code s.capacity}, {@code s.len}, {@code s.ptr}: 24
 *       bytes, the pointer at the highest address, so that a picture lists them in the book's
 *       order ptr, len, capacity), {@code Box<i64>} and references one pointer, {@code i64} one
 *       word, a slice a pointer and a length.</li>
 *   <li>{@link io.github.memsim.ownership.Ownership}: the rules kept on one simulated thread;
 *       {@code call} pushes a function's frame as a {@link io.github.memsim.ownership.Scope}.
 *       Also Rust's growth rule ({@code grownCapacity}) and a digest of the whole state.</li>
 *   <li>{@link io.github.memsim.ownership.Scope}: one call; each method is one Rust statement
 *       ({@code stringFrom}, {@code pushStr}, {@code move}, {@code clone}, {@code drop},
 *       {@code borrow}, {@code borrowMut}, {@code slice}, {@code readThrough}, ...); closing it
 *       returns.</li>
 *   <li>{@link io.github.memsim.ownership.OwnershipPicture}: the state picture with the
 *       ownership overlay (the picture package's {@code Overlay} hook, so that the picture
 *       package knows nothing of this one).</li>
 *   <li>{@link io.github.memsim.OwnershipFault}, in the root package with the other faults:
 *       kinds {@code use of moved value}, {@code borrow conflict} and {@code dangling
 *       reference}, each message ending with the Rust compiler's error code.</li>
 * </ul>
 *
 * <h2>The rules kept</h2>
 * <ul>
 *   <li><b>Owned values.</b> {@code String::from} allocates exactly the text (capacity =
 *       length); {@code String::new} and {@code Vec::new} allocate nothing (pointer NULL where
 *       Rust keeps a dangling, never-read pointer). Growth is Rust's {@code Vec} rule: the
 *       larger of twice the capacity and what is required, at least 8 one-byte elements, 4 of
 *       up to 1024 bytes, else 1, through the model's {@code realloc}, so the bytes move as in
 *       a real program. The capacities match what rustc 1.95's programs print (the tests hold
 *       the figures).</li>
 *   <li><b>Move.</b> Assigning an owned value to another variable, passing it to a callee's
 *       scope or returning it to the caller's copies the handle's words and marks the source
 *       moved; a later use of it is a {@code use of moved value} fault naming where it went and
 *       at which op (E0382). Copy types ({@code i64}, shared references, slices) are copied
 *       and stay usable; a mutable reference moves.</li>
 *   <li><b>Clone</b> allocates the length and copies the bytes.</li>
 *   <li><b>Drop.</b> Closing a scope frees its owned values in reverse declaration order,
 *       skipping moved ones, then pops the frame; assigning to a variable that holds a value
 *       frees the old value first; {@code drop(x)} moves {@code x} into a drop that frees it.
 *       A program of owned values alone therefore never leaks and never frees twice (a
 *       property test checks it on random programs with the heap's leak report). The same
 *       program in C's terms (a pointer copy and a free at the end of each variable's scope)
 *       ends in memsim's {@code double free} fault.</li>
 *   <li><b>Borrows</b> are checked pointers: a reference's slot holds a pointer to the
 *       borrowed variable's first slot, a slice's a pointer into the middle of the string's
 *       bytes. Each owner keeps its borrows; an action on the owner invalidates the borrows it
 *       conflicts with, and the <em>next use</em> of an invalid borrow is the fault, naming
 *       both sides, the ops, and the Rust error: a new mutable borrow invalidates every other
 *       (E0499 for a mutable one, E0502 for a shared one); a new shared borrow or a read
 *       through the owner invalidates the mutable ones (E0502); a write through the owner
 *       ({@code push_str}, {@code clear}) invalidates all (E0499/E0502); an assignment all
 *       (E0506); a move or {@code drop} all (E0505); the owner's scope ending all (E0597).
 *       Writing through a shared reference is refused at once (E0596).</li>
 * </ul>
 *
 * <h2>How it is simplified (and how it differs from rustc and Miri)</h2>
 * rustc rejects a program when some path <em>could</em> break a rule; this package faults
 * when a run <em>does</em>, at the use of the stale borrow, as Miri does with Stacked Borrows.
 * The model is Stacked Borrows cut down to the chapter: one level of borrows per owner (no
 * reborrows, no references to references, no two-phase borrows, no interior mutability), a
 * borrow stays counted until something conflicts with it or its reference is reassigned or
 * goes out of scope (non-lexical lifetimes appear only through the fact that an unused stale
 * borrow never faults), and permissions are per variable, not per byte. A picture's
 * permissions follow Aquascope's letters: R read, W write, O own; an owner shows RWO, R while
 * a valid shared borrow is held, {@code -} while a valid mutable one is; a reference shows the
 * permissions it grants on the data (R, or RW).
 *
 * <p>Each statement checks everything first, so a refused one throws and changes nothing
 * (memory, frames, statistics, the checker's state: {@code Ownership.stateDigest()} is
 * unchanged; a property test compares a plain, log-based model of the rules with the checker
 * on random programs). A statement that passes the rules may still fail in the model (out of
 * memory while growing), as the model's own operation does.
 *
 * <p>memsim's provenance is per slot, and a handle is three slots (so that a picture shows
 * three rows): a reference leads to the handle's first slot, and the other two are read
 * through their own slots at the addresses that follow it.
 *
 * <h2>Cost</h2>
 * Nothing of this package is registered on a model: no listener, no access check, no hook. A
 * model that does not use it pays nothing; one that does sees its statements as ordinary
 * loads, stores and heap calls on the event stream.
 *
 * <p>This package depends on the root API and on {@code io.github.memsim.picture} for
 * drawing; nothing else refers to it.
 */
package io.github.memsim.ownership;
