package io.github.memsim.ownership;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.Frame;
import io.github.memsim.MemoryModel;
import io.github.memsim.ModelView;
import io.github.memsim.ThreadContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rust's ownership rules on one simulated thread: the functions it calls as {@link Scope}s whose
 * owned values drop when they return, moves, clones, borrows and slices, each checked at run
 * time before it touches memory. See the package documentation for the rules and what they
 * leave out.
 *
 * <pre>{@code
 * import io.github.memsim.ownership.*;
 *
 * MemoryModel model = MemoryModel.builder().build();
 * Ownership ownership = Ownership.of(model.mainThread());
 * Function main = Function.builder("main").string("s1").string("s2").build();
 * try (Scope scope = ownership.call(main)) {
 *   scope.stringFrom("s1", "hello");
 *   scope.move("s1", "s2");                 // let s2 = s1;
 *   try {
 *     scope.text("s1");                     // println!("{s1}");
 *   } catch (OwnershipFault fault) {
 *     System.out.println(fault.getMessage()); // use of moved value: s1 in main is read ...
 *   }
 * }                                         // s2 drops: the bytes are freed once
 * assert model.heap().leaks().isLeakFree();
 * }</pre>
 *
 * <p>Nothing here is registered on the model: a model that does not use ownership pays
 * nothing for it, and every operation of this package is ordinary loads, stores and heap calls
 * that every listener sees.
 */
public final class Ownership {
  private final ThreadContext thread;
  /** The live scopes, outermost first. */
  private final List<Scope> scopes = new ArrayList<>();

  private Ownership(ThreadContext thread) {
    this.thread = thread;
  }

  /**
   * {@return the rules kept on {@code thread}'s calls}
   *
   * @param thread the simulated thread whose stack the scopes' frames go on
   */
  public static Ownership of(ThreadContext thread) {
    return new Ownership(Objects.requireNonNull(thread, "thread"));
  }

  /** {@return the thread} */
  public ThreadContext thread() {
    return thread;
  }

  /**
   * Calls a function: pushes its frame, with every variable unset. Closing the scope returns:
   * it drops the scope's owned values in reverse declaration order and pops the frame.
   *
   * @param function the function
   * @return its scope
   */
  public Scope call(Function function) {
    Objects.requireNonNull(function, "function");
    Frame frame = thread.stack().push(function.layout());
    Scope scope = new Scope(this, function, frame);
    scopes.add(scope);
    return scope;
  }

  /** {@return the live scopes, outermost first} */
  public List<Scope> scopes() {
    return Collections.unmodifiableList(scopes);
  }

  /**
   * {@return the capacity a vector or string of {@code capacity} grows to when it must hold
   * {@code required} elements} Rust's rule for {@code Vec} ({@code RawVec::grow_amortized}): the
   * larger of twice the capacity and what is required, and at least 8 elements of 1 byte, 4 of
   * up to 1024 bytes, or 1 larger one. When the capacity suffices, it is returned unchanged.
   *
   * @param capacity the capacity now, in elements
   * @param required the elements it must hold
   * @param elementSize bytes per element, at least 1
   */
  public static long grownCapacity(long capacity, long required, int elementSize) {
    checkArgument(capacity >= 0 && required >= 0 && elementSize >= 1,
        "capacity %s, required %s and element size %s must be non-negative (the size positive)",
        capacity, required, elementSize);
    if (required <= capacity) {
      return capacity;
    }
    long minimum = elementSize == 1 ? 8 : elementSize <= 1024 ? 4 : 1;
    return Math.max(Math.max(capacity * 2, required), minimum);
  }

  /**
   * {@return a digest of everything the rules and memory hold: the heap's digest, every slot of
   * every frame, and each variable's state and borrows} Equal before and after an operation
   * that was refused: a refused operation changes nothing.
   */
  public String stateDigest() {
    MemoryModel model = thread.model();
    StringBuilder out = new StringBuilder(model.heap().stateDigest());
    for (ModelView.ThreadView view : model.view().threads()) {
      for (ModelView.FrameView frame : view.frames()) {
        out.append('|').append(frame.function());
        for (ModelView.SlotView slot : frame.slots()) {
          out.append(',').append(slot.name()).append('=').append(slot.value());
        }
      }
    }
    for (Scope scope : scopes) {
      scope.digest(out);
    }
    return out.toString();
  }

  /**
   * {@return each live scope's variables as the pictures label them, one line per scope,
   * outermost first} For example {@code "main: s1: String, moved to s2 in main at op 12; s2:
   * String [RWO]"}: the permissions at this step (R read, W write, O own). Reads no memory.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Scope scope : scopes) {
      out.append(scope.function().name()).append(':');
      String separator = " ";
      for (Binding b : scope.bindings()) {
        out.append(separator).append(OwnershipPicture.label(b));
        separator = "; ";
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@return the op number of the last completed operation} */
  long op() {
    return thread.model().statistics().operations();
  }

  void closed(Scope scope) {
    scopes.remove(scope);
  }

  /** {@return the scope a binding in another ownership's scope is refused from} */
  void checkSame(Scope scope) {
    checkArgument(scope.ownership() == this, "scope %s belongs to another thread's ownership",
        scope.function().name());
  }
}
