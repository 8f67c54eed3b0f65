package io.github.memsim.ownership;

import io.github.memsim.Frame;
import io.github.memsim.picture.Overlay;
import io.github.memsim.picture.StatePicture;
import java.nio.charset.StandardCharsets;

/**
 * The state picture of a program under the ownership rules, drawn as the Rust book draws its
 * figures: each variable's name, type and permissions in a row above its slots (R read, W
 * write, O own, as Aquascope shows them), a string's three words with an arrow from its
 * pointer to its bytes, drawn as characters (a blank cell is capacity not yet used); a moved
 * handle greyed, with where it went; a reference's arrow to the slot it borrows; a slice's
 * arrow into the middle of the bytes.
 *
 * <pre>{@code
 * import io.github.memsim.ownership.*;
 *
 * MemoryModel model = MemoryModel.builder().build();
 * Ownership ownership = Ownership.of(model.mainThread());
 * Scope main = ownership.call(Function.builder("main").string("s1").build());
 * main.stringFrom("s1", "hello");
 * String svg = OwnershipPicture.svg(ownership);
 * main.close();
 * }</pre>
 *
 * <p>It feeds the picture package's {@link Overlay}, so that the picture knows nothing of
 * ownership. Drawing reads no simulated memory through the model (it counts no op): the bytes
 * drawn are the ones this package last stored.
 */
public final class OwnershipPicture {
  private OwnershipPicture() {}

  /**
   * {@return the SVG picture of the model's state with the ownership overlay}
   *
   * @param ownership the rules kept on a thread
   */
  public static String svg(Ownership ownership) {
    return StatePicture.svg(ownership.thread().model().view(), overlay(ownership));
  }

  /**
   * {@return the overlay alone, for a picture drawn some other way}
   *
   * @param ownership the rules kept on a thread
   */
  public static Overlay overlay(Ownership ownership) {
    Overlay.Builder overlay = Overlay.builder();
    for (Scope scope : ownership.scopes()) {
      Frame frame = scope.frame();
      for (Binding b : scope.bindings()) {
        String v = b.variable.name();
        String top = switch (b.type()) {
          case STRING, VEC, SLICE -> v + Function.PTR;
          default -> v;
        };
        overlay.label(frame.addressOf(top).address(), label(b));
        if (b.state == Binding.State.MOVED) {
          for (String slot : Handles.slotsOf(b)) {
            overlay.grey(frame.addressOf(slot).address());
          }
        }
        if (b.type() == Function.Type.STRING && b.state == Binding.State.LIVE
            && b.capacity > 0) {
          String text = new String(b.content, StandardCharsets.ISO_8859_1);
          overlay.bytes(b.address, printable(text) + " ".repeat((int) (b.capacity - b.length)));
        }
      }
    }
    return overlay.build();
  }

  /** {@return the label row of a variable: name, type, permissions or where it went} */
  static String label(Binding b) {
    String type = b.type() == Function.Type.VEC ? "Vec<[u8; " + b.variable.elementSize() + "]>"
        : b.type() == Function.Type.BOX ? "Box<i64>" : b.type().rustName();
    if (b.type() == Function.Type.REFERENCE || b.type() == Function.Type.SLICE) {
      if (b.state != Binding.State.LIVE || b.held == null) {
        return b.shortName() + ": " + type + ", no value yet";
      }
      Borrow held = b.held;
      return b.shortName() + ": " + held.show() + (held.conflict == null
          ? " [" + held.permissions() + "]"
          : ", invalid since op " + held.conflict.op() + " (" + held.conflict.error().code() + ")");
    }
    return switch (b.state) {
      case UNSET -> b.shortName() + ": " + type + ", no value yet";
      case MOVED -> b.shortName() + ": " + type + ", moved to " + b.movedTo + " at op "
          + b.movedAt;
      case DROPPED -> b.shortName() + ": " + type + ", dropped";
      case LIVE -> b.shortName() + ": " + type + " [" + permissions(b) + "]";
    };
  }

  /**
   * {@return the owner's permissions now: RWO, R while a valid shared borrow is held, none
   * while a valid mutable one is}
   */
  static String permissions(Binding owner) {
    boolean shared = false;
    for (Borrow borrow : owner.borrows) {
      Binding reference = borrow.reference;
      boolean holds = borrow.conflict == null && reference.held == borrow
          && reference.scope.isOpen() && reference.state == Binding.State.LIVE;
      if (holds && borrow.mutable) {
        return "-";
      }
      shared |= holds;
    }
    return shared ? "R" : "RWO";
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '.');
    }
    return out.toString();
  }
}
