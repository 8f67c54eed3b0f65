package io.github.memsim.ownership;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.OwnershipFault;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import io.github.memsim.ownership.Binding.State;
import io.github.memsim.ownership.Function.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a {@link Function}: its frame and its variables, with Rust's rules kept on every
 * use. Each method is one statement of a Rust program, named after it ({@code stringFrom} is
 * {@code String::from}, {@code move} is {@code let s2 = s1;}); it checks the rules first, so a
 * refused statement throws an {@link OwnershipFault} (or {@link IllegalArgumentException} for
 * a statement Rust would not type-check, {@link IllegalStateException} for an unset variable or
 * a closed scope) and changes nothing. Closing the scope drops its owned values in reverse
 * declaration order, skipping moved ones, and pops the frame.
 */
public final class Scope implements AutoCloseable {
  private final Ownership ownership;
  private final Function function;
  private final Frame frame;
  private final Map<String, Binding> bindings = new LinkedHashMap<>();
  private boolean open = true;

  Scope(Ownership ownership, Function function, Frame frame) {
    this.ownership = ownership;
    this.function = function;
    this.frame = frame;
    for (Function.Variable variable : function.variables()) {
      bindings.put(variable.name(), new Binding(this, variable));
    }
  }

  /** {@return the function called} */
  public Function function() {
    return function;
  }

  /** {@return the frame} */
  public Frame frame() {
    return frame;
  }

  /** {@return whether the scope has not returned yet} */
  public boolean isOpen() {
    return open;
  }

  Ownership ownership() {
    return ownership;
  }

  List<Binding> bindings() {
    return Collections.unmodifiableList(new ArrayList<>(bindings.values()));
  }

  // -------------------------------------------------------------------------------------------
  // Owned values

  /**
   * {@code s = String::from(text)}: allocates exactly the text's UTF-8 bytes (capacity = length)
   * and copies them in. Assigning to a variable that holds a value drops that value first (and
   * ends its borrows: E0506 at their next use); assigning to a moved variable gives it a value
   * again.
   *
   * @param variable a {@code String} variable
   * @param text the text
   */
  public void stringFrom(String variable, String text) {
    Binding b = binding(variable, Type.STRING);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ThreadContext thread = thread();
    assign(b, () -> {
      Pointer ptr = bytes.length == 0 ? Pointer.NULL : thread.malloc(bytes.length);
      if (bytes.length > 0) {
        thread.writeBytes(ptr, bytes);
      }
      Handles.writeHandle(b, ptr, bytes.length, bytes.length, bytes);
    });
  }

  /**
   * {@code s = String::new()}: no allocation; pointer NULL (Rust's is a dangling, well-aligned
   * non-null pointer that is never read), length and capacity 0.
   *
   * @param variable a {@code String} variable
   */
  public void stringNew(String variable) {
    Binding b = binding(variable, Type.STRING);
    assign(b, () -> Handles.writeHandle(b, Pointer.NULL, 0, 0, new byte[0]));
  }

  /**
   * {@code v = Vec::new()}: no allocation, as {@link #stringNew}.
   *
   * @param variable a {@code Vec} variable
   */
  public void vecNew(String variable) {
    Binding b = binding(variable, Type.VEC);
    assign(b, () -> Handles.writeHandle(b, Pointer.NULL, 0, 0, new byte[0]));
  }

  /**
   * {@code b = Box::new(value)}: allocates 8 bytes and stores the value there.
   *
   * @param variable a {@code Box} variable
   * @param value the boxed value
   */
  public void boxNew(String variable, long value) {
    Binding b = binding(variable, Type.BOX);
    ThreadContext thread = thread();
    assign(b, () -> {
      Pointer ptr = thread.malloc(8);
      thread.writeLong(ptr, value);
      frame.setPointer(b.variable.name(), ptr);
    });
  }

  /**
   * {@code x = value} for an {@code i64}: a copy type, so nothing is owned or dropped.
   *
   * @param variable an {@code i64} variable
   * @param value the value
   */
  public void setInteger(String variable, long value) {
    Binding b = binding(variable, Type.INTEGER);
    assign(b, () -> frame.setLong(b.variable.name(), value));
  }

  /**
   * {@code s.push_str(text)}: grows the bytes by Rust's rule ({@link Ownership#grownCapacity})
   * through the model's {@code realloc} when they do not fit, then appends. A write through the
   * owner: borrows of {@code s} still in use are invalid from here on.
   *
   * @param variable a live {@code String}
   * @param text the text to append
   */
  public void pushStr(String variable, String text) {
    Binding b = binding(variable, Type.STRING);
    Rules.requireLive(b, "written by push_str");
    Handles.append(b, text.getBytes(StandardCharsets.UTF_8));
    Rules.ownerWritten(b, "push_str");
  }

  /**
   * {@code v.push(element)}: as {@link #pushStr} for a vector.
   *
   * @param variable a live {@code Vec}
   * @param element the element's bytes, as many as the vector's element size
   */
  public void push(String variable, byte[] element) {
    Binding b = binding(variable, Type.VEC);
    checkArgument(element.length == b.variable.elementSize(), "%s holds %s-byte elements, not %s",
        b.describe(), b.variable.elementSize(), element.length);
    Rules.requireLive(b, "written by push");
    Handles.append(b, element);
    Rules.ownerWritten(b, "push");
  }

  /**
   * {@code s.clear()}: length 0, capacity and bytes kept. A write through the owner.
   *
   * @param variable a live {@code String} or {@code Vec}
   */
  public void clear(String variable) {
    Binding b = handleBinding(variable);
    Rules.requireLive(b, "written by clear");
    frame.setLong(b.variable.name() + Function.LEN, 0);
    b.length = 0;
    b.content = new byte[0];
    Rules.ownerWritten(b, "clear");
  }

  /**
   * {@return the text of a string} A read through the owner: a mutable borrow of it still in
   * use is invalid from here on.
   *
   * @param variable a live {@code String}
   */
  public String text(String variable) {
    Binding b = binding(variable, Type.STRING);
    Rules.requireLive(b, "read");
    String text = new String(Handles.bytesOf(b), StandardCharsets.UTF_8);
    Rules.ownerRead(b);
    return text;
  }

  /**
   * {@return {@code s.len()}: a string's bytes or a vector's elements} A read through the owner.
   *
   * @param variable a live {@code String} or {@code Vec}
   */
  public long length(String variable) {
    Binding b = handleBinding(variable);
    Rules.requireLive(b, "read");
    long length = frame.getLong(b.variable.name() + Function.LEN);
    Rules.ownerRead(b);
    return length;
  }

  /**
   * {@return {@code s.capacity()}} A read through the owner.
   *
   * @param variable a live {@code String} or {@code Vec}
   */
  public long capacity(String variable) {
    Binding b = handleBinding(variable);
    Rules.requireLive(b, "read");
    long capacity = frame.getLong(b.variable.name() + Function.CAPACITY);
    Rules.ownerRead(b);
    return capacity;
  }

  /**
   * {@return {@code v[index]}: an element's bytes} A read through the owner.
   *
   * @param variable a live {@code Vec}
   * @param index the element's index, below the length
   */
  public byte[] element(String variable, long index) {
    Binding b = binding(variable, Type.VEC);
    Rules.requireLive(b, "read");
    checkArgument(index >= 0 && index < b.length, "index %s is out of bounds for %s of length"
        + " %s", index, b.describe(), b.length);
    int size = b.variable.elementSize();
    Pointer ptr = frame.getPointer(b.variable.name() + Function.PTR);
    byte[] bytes = thread().readBytes(ptr.plus(index * size), size);
    Rules.ownerRead(b);
    return bytes;
  }

  /**
   * {@return the value of an {@code i64} or the value a {@code Box} holds}
   *
   * @param variable a live {@code i64} or {@code Box}
   */
  public long value(String variable) {
    Binding b = bindingOf(variable);
    checkArgument(b.type() == Type.INTEGER || b.type() == Type.BOX, "%s is a %s, not an i64 or"
        + " a Box", b.describe(), b.type().rustName());
    Rules.requireLive(b, "read");
    long value = b.type() == Type.INTEGER ? frame.getLong(b.variable.name())
        : thread().readLong(frame.getPointer(b.variable.name()));
    Rules.ownerRead(b);
    return value;
  }

  /**
   * {@code let to = from;} in one scope: see {@link #move(String, Scope, String)}.
   *
   * @param from the variable moved (or copied) out of
   * @param to the variable moved into
   */
  public void move(String from, String to) {
    move(from, this, to);
  }

  /**
   * Moves a value: {@code let to = from;}, passing {@code from} to a function whose scope is
   * {@code target}, or returning it to a caller's. The handle's words are copied and {@code
   * from} is marked moved: any later use of it is a {@link OwnershipFault} (E0382); its borrows
   * are invalid from here on (E0505 at their next use). A copy type ({@code i64}, a shared
   * reference, a slice) is copied instead and stays usable. A value {@code to} held is dropped
   * first.
   *
   * @param from the variable moved out of, in this scope
   * @param target the scope of {@code to}: this one, a callee's or a caller's
   * @param to the variable moved into, of the same type
   */
  public void move(String from, Scope target, String to) {
    Binding source = bindingOf(from);
    ownership.checkSame(target);
    Binding destination = target.bindingOf(to);
    checkArgument(source.type() == destination.type()
        && source.variable.elementSize() == destination.variable.elementSize(),
        "%s is a %s but %s is a %s", source.describe(), source.type().rustName(),
        destination.describe(), destination.type().rustName());
    checkArgument(source != destination, "%s cannot be moved into itself", source.describe());
    if (source.type() == Type.REFERENCE || source.type() == Type.SLICE) {
      Rules.requireValid(source, "moved");
    } else {
      Rules.requireLive(source, "moved");
    }
    boolean copies = !source.type().owning()
        && !(source.type() == Type.REFERENCE && source.held.mutable);
    List<String> slots = Handles.slotsOf(source);
    long[] longs = new long[slots.size()];
    Pointer[] pointers = new Pointer[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      String slot = slots.get(i);
      if (isPointerSlot(slot)) {
        pointers[i] = frame.getPointer(slot);
      } else {
        longs[i] = frame.getLong(slot);
      }
    }
    long length = source.length;
    Borrow held = source.held;
    target.assign(destination, () -> {
      for (int i = 0; i < slots.size(); i++) {
        String slot = to + slots.get(i).substring(from.length());
        if (pointers[i] != null) {
          target.frame.setPointer(slot, pointers[i]);
        } else {
          target.frame.setLong(slot, longs[i]);
        }
      }
    });
    destination.length = length;
    destination.capacity = source.capacity;
    destination.address = source.address;
    destination.content = source.content;
    long op = ownership.op();
    if (held != null) {
      Borrow copy = new Borrow(destination, held.owner, held.mutable, held.op, held.from,
          held.to);
      copy.conflict = held.conflict;
      held.owner.borrows.add(copy);
      destination.held = copy;
    }
    if (!copies) {
      Rules.invalidateAll(source, RustError.E0505, source.describe() + " was moved to "
          + destination.describe(), op);
      source.state = State.MOVED;
      source.movedTo = destination.describe();
      source.movedAt = op;
    }
  }

  /**
   * {@code let to = from.clone();}: allocates the string's or vector's length (capacity = length)
   * or a box's 8 bytes, and copies the bytes: a deep copy, {@code from} stays usable. A read
   * through the owner.
   *
   * @param from a live owned variable
   * @param to a variable of the same type
   */
  public void clone(String from, String to) {
    Binding source = bindingOf(from);
    Binding destination = bindingOf(to);
    checkArgument(source.type().owning() && source.type() == destination.type()
        && source.variable.elementSize() == destination.variable.elementSize()
        && source != destination, "%s cannot be cloned into %s", source.describe(),
        destination.describe());
    Rules.requireLive(source, "cloned");
    ThreadContext thread = thread();
    if (source.type() == Type.BOX) {
      long value = thread.readLong(frame.getPointer(from));
      assign(destination, () -> {
        Pointer ptr = thread.malloc(8);
        thread.writeLong(ptr, value);
        frame.setPointer(to, ptr);
      });
    } else {
      byte[] bytes = Handles.bytesOf(source);
      long length = frame.getLong(from + Function.LEN);
      assign(destination, () -> {
        Pointer ptr = bytes.length == 0 ? Pointer.NULL : thread.malloc(bytes.length);
        if (bytes.length > 0) {
          thread.writeBytes(ptr, bytes);
        }
        Handles.writeHandle(destination, ptr, length, length, bytes);
      });
    }
    Rules.ownerRead(source);
  }

  /**
   * {@code drop(x)}: moves the value into {@code drop}, which frees it now.
   *
   * @param variable a live owned variable
   */
  public void drop(String variable) {
    Binding b = bindingOf(variable);
    checkArgument(b.type().owning(), "%s is a %s, which has nothing to drop", b.describe(),
        b.type().rustName());
    Rules.requireLive(b, "moved");
    Handles.free(b);
    long op = ownership.op();
    Rules.invalidateAll(b, RustError.E0505, b.describe() + " was moved to drop()", op);
    b.state = State.MOVED;
    b.movedTo = "drop()";
    b.movedAt = op;
  }

  // -------------------------------------------------------------------------------------------
  // Borrows

  /**
   * {@code let reference = &owner;} in one scope.
   *
   * @param reference a reference variable of this scope
   * @param owner the variable borrowed, of this scope
   */
  public void borrow(String reference, String owner) {
    borrow(reference, this, owner, false);
  }

  /**
   * {@code let reference = &mut owner;} in one scope.
   *
   * @param reference a reference variable of this scope
   * @param owner the variable borrowed, of this scope
   */
  public void borrowMut(String reference, String owner) {
    borrow(reference, this, owner, true);
  }

  /**
   * Borrows {@code owner} of {@code ownerScope} (this scope, or a caller's: {@code
   * calculate_length(&s1)}), shared or mutable: the reference's slot holds a pointer to the
   * owner's first slot. A new shared borrow makes the owner's mutable borrows invalid (E0502
   * at their next use); a new mutable one makes every other borrow invalid (E0502 for shared
   * ones, E0499 for mutable ones).
   *
   * @param reference a reference variable of this scope
   * @param ownerScope the owner's scope
   * @param owner the variable borrowed: a live owned or {@code i64} variable
   * @param mutable whether the borrow is {@code &mut}
   */
  public void borrow(String reference, Scope ownerScope, String owner, boolean mutable) {
    Binding r = binding(reference, Type.REFERENCE);
    ownership.checkSame(ownerScope);
    Binding o = ownerScope.bindingOf(owner);
    checkArgument(o.type() != Type.REFERENCE && o.type() != Type.SLICE,
        "%s is a reference: borrowing a reference is not modelled", o.describe());
    Rules.requireLive(o, mutable ? "borrowed mutably" : "borrowed");
    Pointer target = ownerScope.frame.addressOf(o.firstSlot());
    assign(r, () -> thread().writePointer(frame.addressOf(reference), target));
    Rules.newBorrow(r, o, mutable, -1, -1);
  }

  /**
   * {@code let slice = &owner[from..to];}: a shared borrow of a string's bytes, whose slots hold
   * a pointer into the middle of them and a length.
   *
   * @param slice a slice variable of this scope
   * @param ownerScope the string's scope
   * @param owner a live {@code String}
   * @param from the first byte
   * @param to the end, at most the length
   */
  public void slice(String slice, Scope ownerScope, String owner, long from, long to) {
    Binding s = binding(slice, Type.SLICE);
    ownership.checkSame(ownerScope);
    Binding o = ownerScope.binding(owner, Type.STRING);
    Rules.requireLive(o, "borrowed");
    checkArgument(0 <= from && from <= to && to <= o.length, "range %s..%s is out of bounds for"
        + " %s of length %s", from, to, o.describe(), o.length);
    Pointer bytes = ownerScope.frame.getPointer(owner + Function.PTR);
    assign(s, () -> {
      frame.setLong(slice + Function.LEN, to - from);
      frame.setPointer(slice + Function.PTR, bytes.isNull() ? bytes : bytes.plus(from));
    });
    Rules.newBorrow(s, o, false, from, to);
  }

  /**
   * {@return what a reference or slice leads to, read through it: a string's or slice's text,
   * an integer's or box's value, a vector's elements in hex}
   *
   * @param reference a reference or slice variable whose borrow is still valid
   * @throws OwnershipFault if the borrow was invalidated by a conflicting borrow or write
   *     (E0499, E0502, E0506) or its owner was moved or dropped (E0505, E0597)
   */
  public String readThrough(String reference) {
    Binding r = bindingOf(reference);
    checkArgument(r.type() == Type.REFERENCE || r.type() == Type.SLICE,
        "%s is a %s, not a reference", r.describe(), r.type().rustName());
    Rules.requireValid(r, "read");
    ThreadContext thread = thread();
    if (r.type() == Type.SLICE) {
      long length = frame.getLong(reference + Function.LEN);
      Pointer ptr = frame.getPointer(reference + Function.PTR);
      return new String(length == 0 ? new byte[0] : thread.readBytes(ptr, (int) length),
          StandardCharsets.UTF_8);
    }
    Pointer handle = frame.getPointer(reference);
    Binding o = r.held.owner;
    return switch (o.type()) {
      case INTEGER -> Long.toString(thread.readLong(handle));
      case BOX -> Long.toString(thread.readLong(thread.readPointer(handle)));
      default -> {
        // memsim's provenance is per slot, and a handle is three slots (so that a picture
        // shows three rows): the reference leads to the first, and the other two are reached
        // through their own slots, at the addresses that follow it.
        Frame owner = o.scope.frame;
        long length = thread.readLong(owner.addressOf(o.variable.name() + Function.LEN));
        Pointer ptr = thread.readPointer(owner.addressOf(o.variable.name() + Function.PTR));
        byte[] bytes = length == 0 ? new byte[0]
            : thread.readBytes(ptr, (int) (length * o.variable.elementSize()));
        yield o.type() == Type.STRING ? new String(bytes, StandardCharsets.UTF_8)
            : Handles.hex(bytes);
      }
    };
  }

  /**
   * {@code reference.push_str(text)} through a mutable reference to a {@code String}.
   *
   * @param reference a reference variable holding a valid {@code &mut String}
   * @param text the text to append
   * @throws OwnershipFault if the borrow is invalid, or is shared (E0596)
   */
  public void pushStrThrough(String reference, String text) {
    Binding r = binding(reference, Type.REFERENCE);
    Rules.requireValid(r, "written");
    Binding o = r.held.owner;
    checkArgument(o.type() == Type.STRING, "%s borrows a %s, not a String", r.describe(),
        o.type().rustName());
    if (!r.held.mutable) {
      throw Rules.fault(r, RustError.E0596, r.describe() + " (" + r.held.show() + ", borrowed at op "
          + r.held.op + ") is written through, but a shared reference only reads "
          + RustError.E0596.bracket("*" + r.shortName()));
    }
    Handles.append(o, text.getBytes(StandardCharsets.UTF_8));
  }

  // -------------------------------------------------------------------------------------------
  // Return

  /**
   * Returns: drops the owned values in reverse declaration order (a moved one is skipped; a
   * string's bytes are freed, and nothing for one that never allocated), makes the borrows of
   * the scope's variables invalid (E0597 at their next use), and pops the frame.
   *
   * @throws io.github.memsim.LifoViolationFault if the frame is not on top (nothing is dropped)
   */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    if (thread().stack().top().orElse(null) != frame) {
      frame.close(); // the model's own LIFO fault, before anything is dropped
    }
    List<Binding> reversed = new ArrayList<>(bindings.values());
    Collections.reverse(reversed);
    for (Binding b : reversed) {
      if (b.type().owning() && b.state == State.LIVE) {
        Handles.free(b);
      }
    }
    frame.close();
    long op = ownership.op();
    for (Binding b : reversed) {
      Rules.invalidateAll(b, RustError.E0597, b.describe() + " was dropped", op);
      b.state = b.state == State.LIVE ? State.DROPPED : b.state;
    }
    open = false;
    ownership.closed(this);
  }

  @Override
  public String toString() {
    return function + " in " + frame;
  }

  // -------------------------------------------------------------------------------------------
  // The checks

  private ThreadContext thread() {
    return ownership.thread();
  }

  Binding bindingOf(String variable) {
    Objects.requireNonNull(variable, "variable");
    if (!open) {
      throw new IllegalStateException("scope " + Text.name(function.name())
          + " has returned");
    }
    Binding b = bindings.get(variable);
    checkArgument(b != null, "function %s has no variable '%s'", Text.name(function.name()),
        Text.name(variable));
    return b;
  }

  private Binding binding(String variable, Type type) {
    Binding b = bindingOf(variable);
    checkArgument(b.type() == type, "%s is a %s, not a %s", b.describe(), b.type().rustName(),
        type.rustName());
    return b;
  }

  private Binding handleBinding(String variable) {
    Binding b = bindingOf(variable);
    checkArgument(b.type() == Type.STRING || b.type() == Type.VEC, "%s is a %s, not a String or"
        + " a Vec", b.describe(), b.type().rustName());
    return b;
  }

  /**
   * Gives a variable a new value: the old one (if it owns one) is dropped first, and its
   * borrows end (E0506); {@code write} stores the new value.
   */
  private void assign(Binding b, Runnable write) {
    boolean dropsOld = b.type().owning() && b.state == State.LIVE;
    if (dropsOld) {
      Handles.free(b);
    }
    write.run();
    if (b.state == State.LIVE) {
      Rules.invalidateAll(b, RustError.E0506, b.describe() + " was assigned", ownership.op());
    }
    b.state = State.LIVE;
    b.movedTo = null;
    b.held = null;
  }

  // -------------------------------------------------------------------------------------------
  // Memory

  private boolean isPointerSlot(String slot) {
    return function.layout().slot(slot).type() == FrameLayout.SlotType.POINTER;
  }

  void digest(StringBuilder out) {
    out.append("|scope ").append(function.name()).append(open ? " open" : " closed");
    for (Binding b : bindings.values()) {
      out.append(',').append(b.variable.name()).append(':').append(b.stateWords());
      if (b.held != null) {
        out.append(" holds ").append(b.held.show()).append(b.held.conflict == null ? " valid"
            : " invalid " + b.held.conflict.error().code());
      }
      out.append(" borrows=").append(b.borrows.size());
    }
  }
}
