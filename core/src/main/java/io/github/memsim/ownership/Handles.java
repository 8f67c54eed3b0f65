package io.github.memsim.ownership;

import io.github.memsim.Frame;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.ownership.Function.Type;
import java.util.Arrays;
import java.util.List;

/**
 * A handle's words in its frame and its bytes on the heap: storing a handle, reading the bytes,
 * growing them by Rust's rule, freeing them. Every access is an ordinary load, store or heap
 * call of the model, attributed to the thread whose rules these are.
 */
final class Handles {
  private Handles() {}

  static void writeHandle(Binding b, Pointer ptr, long length, long capacity,
      byte[] content) {
    String v = b.variable.name();
    Frame frame = b.scope.frame();
    b.length = length;
    b.capacity = capacity;
    b.address = ptr.address();
    b.content = content;
    frame.setLong(v + Function.CAPACITY, capacity);
    frame.setLong(v + Function.LEN, length);
    frame.setPointer(v + Function.PTR, ptr);
  }

  static byte[] bytesOf(Binding b) {
    String v = b.variable.name();
    Frame frame = b.scope.frame();
    long length = frame.getLong(v + Function.LEN) * b.variable.elementSize();
    Pointer ptr = frame.getPointer(v + Function.PTR);
    return length == 0 ? new byte[0] : b.scope.ownership().thread().readBytes(ptr, (int) length);
  }

  /** Appends elements' bytes, growing by Rust's rule through realloc when they do not fit. */
  static void append(Binding b, byte[] bytes) {
    String v = b.variable.name();
    Frame frame = b.scope.frame();
    int size = b.variable.elementSize();
    long length = frame.getLong(v + Function.LEN);
    long capacity = frame.getLong(v + Function.CAPACITY);
    Pointer ptr = frame.getPointer(v + Function.PTR);
    long added = bytes.length / size;
    long grown = Ownership.grownCapacity(capacity, length + added, size);
    ThreadContext thread = b.scope.ownership().thread();
    if (grown != capacity) {
      ptr = capacity == 0 ? thread.malloc(grown * size) : thread.realloc(ptr, grown * size);
    }
    if (bytes.length > 0) {
      thread.writeBytes(ptr.plus(length * size), bytes);
    }
    byte[] content = Arrays.copyOf(b.content, b.content.length + bytes.length);
    System.arraycopy(bytes, 0, content, b.content.length, bytes.length);
    writeHandle(b, ptr, length + added, grown, content);
  }

  static void free(Binding b) {
    Frame frame = b.scope.frame();
    String slot = b.type() == Type.BOX ? b.variable.name() : b.variable.name() + Function.PTR;
    Pointer ptr = frame.getPointer(slot);
    if (!ptr.isNull()) {
      b.scope.ownership().thread().free(ptr);
    }
  }

  static List<String> slotsOf(Binding b) {
    String v = b.variable.name();
    return switch (b.type()) {
      case STRING, VEC -> List.of(v + Function.CAPACITY, v + Function.LEN, v + Function.PTR);
      case SLICE -> List.of(v + Function.LEN, v + Function.PTR);
      default -> List.of(v);
    };
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte value : bytes) {
      out.append(Character.forDigit((value >> 4) & 15, 16)).append(Character.forDigit(value & 15,
          16));
    }
    return out.toString();
  }
}
