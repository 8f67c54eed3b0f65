package io.github.memsim;

import io.github.memsim.internal.PagedMemory;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a picture of a model needs, read at one moment and kept: every thread's frames
 * with their slots' values, the heap map, every pointer stored in memory with where it leads,
 * and the statistics. Taking a view changes nothing (no op, no statistic). Made by
 * {@link MemoryModel#view()}; immutable.
 */
public final class ModelView {
  /**
   * A thread's stack.
   *
   * @param name the thread's name
   * @param top the stack's first address past its highest byte
   * @param stackPointer the lowest byte in use (equal to {@code top} when empty)
   * @param size the most bytes the stack may use
   * @param frames the live frames, outermost (oldest) first
   */
  public record ThreadView(String name, long top, long stackPointer, long size,
      List<FrameView> frames) {
    /**
     * Copies the list.
     *
     * @param name the name
     * @param top the top
     * @param stackPointer the stack pointer
     * @param size the size
     * @param frames the frames
     */
    public ThreadView {
      Objects.requireNonNull(name, "name");
      frames = List.copyOf(frames);
    }
  }

  /**
   * A live frame.
   *
   * @param function the function's name (the layout's)
   * @param depth 1 for the outermost frame
   * @param address the frame's lowest byte
   * @param size its bytes, linkage included
   * @param framePointer where the saved frame pointer is; the return address follows it
   * @param savedFramePointer the caller's frame pointer, 0 for the outermost frame
   * @param returnAddress the simulated return address
   * @param slots the slots in address order
   */
  public record FrameView(String function, int depth, long address, long size,
      long framePointer, long savedFramePointer, long returnAddress, List<SlotView> slots) {
    /**
     * Copies the list.
     *
     * @param function the function
     * @param depth the depth
     * @param address the address
     * @param size the size
     * @param framePointer the frame pointer
     * @param savedFramePointer the saved frame pointer
     * @param returnAddress the return address
     * @param slots the slots
     */
    public FrameView {
      Objects.requireNonNull(function, "function");
      slots = List.copyOf(slots);
    }
  }

  /**
   * A slot of a live frame and what it holds now.
   *
   * @param name the slot's name
   * @param type its type
   * @param address its first byte
   * @param size its bytes
   * @param value what it holds, as text: a number for byte, int and long slots, an address (or
   *     NULL) for pointer slots, the first bytes in hex for byte arrays
   */
  public record SlotView(String name, FrameLayout.SlotType type, long address, int size,
      String value) {
    /**
     * Checks the components.
     *
     * @param name the name
     * @param type the type
     * @param address the address
     * @param size the size
     * @param value the value
     */
    public SlotView {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A pointer stored in simulated memory whose provenance memsim still knows (its 8 bytes are
   * intact since it was stored).
   *
   * @param at where it is stored
   * @param target the address it holds
   * @param kind where it leads: {@link Pointer.Kind#HEAP} or {@link Pointer.Kind#STACK}
   * @param live whether the block or frame it was derived from is still live; a dangling
   *     pointer leads to a freed block or a popped frame
   * @param targetStart the first byte of the block or slot it was derived from
   * @param targetSize that block's or slot's size
   * @param description that block or slot, in the words of fault messages
   */
  public record StoredPointer(long at, long target, Pointer.Kind kind, boolean live,
      long targetStart, long targetSize, String description) {
    /**
     * Checks the components.
     *
     * @param at where it is stored
     * @param target the address it holds
     * @param kind where it leads
     * @param live whether its target is live
     * @param targetStart the target's first byte
     * @param targetSize the target's size
     * @param description the target in words
     */
    public StoredPointer {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(description, "description");
    }
  }

  private final List<ThreadView> threads;
  private final HeapMap heap;
  private final List<StoredPointer> pointers;
  private final Statistics statistics;
  private final long op;

  private ModelView(List<ThreadView> threads, HeapMap heap, List<StoredPointer> pointers,
      Statistics statistics, long op) {
    this.threads = List.copyOf(threads);
    this.heap = heap;
    this.pointers = List.copyOf(pointers);
    this.statistics = statistics;
    this.op = op;
  }

  /** Reads the view; the caller holds the model's lock. */
  static ModelView of(List<ThreadContext> contexts, PointerTags tags, HeapMap heap,
      Statistics statistics, long op) {
    List<ThreadView> threads = new ArrayList<>();
    for (ThreadContext thread : contexts) {
      PagedMemory memory = thread.memory();
      List<FrameView> frames = new ArrayList<>();
      for (Frame frame : thread.stack().frames()) {
        List<SlotView> slots = new ArrayList<>();
        for (FrameLayout.Slot slot : frame.layout().slots()) {
          long address = frame.address() + slot.offset();
          slots.add(new SlotView(slot.name(), slot.type(), address, slot.size(),
              value(memory, slot, address)));
        }
        frames.add(new FrameView(frame.name(), frame.depth(), frame.address(), frame.size(),
            frame.framePointer(), memory.readLong(frame.framePointer()),
            memory.readLong(frame.framePointer() + 8), slots));
      }
      threads.add(new ThreadView(thread.name(), thread.top(),
          thread.stack().stackPointerLocked(), thread.stack().size(), frames));
    }
    List<StoredPointer> pointers = new ArrayList<>();
    for (Map.Entry<Long, Pointer> tag : tags.entries()) {
      Pointer pointer = tag.getValue();
      Provenance provenance = pointer.provenance();
      boolean live = provenance instanceof Block block ? !block.isFreed()
          : ((StackSlot) provenance).frame().isLiveLocked();
      pointers.add(new StoredPointer(tag.getKey(), pointer.address(), pointer.kind(), live,
          provenance.start(), provenance.length(), provenance.describe()));
    }
    return new ModelView(threads, heap, pointers, statistics, op);
  }

  private static String value(PagedMemory memory, FrameLayout.Slot slot, long address) {
    return switch (slot.type()) {
      case BYTE -> Byte.toString(memory.readByte(address));
      case INT -> Integer.toString(memory.readInt(address));
      case LONG -> Long.toString(memory.readLong(address));
      case POINTER -> {
        long value = memory.readLong(address);
        yield value == 0 ? "NULL" : Text.hex(value);
      }
      default -> {
        StringBuilder hex = new StringBuilder();
        int shown = Math.min(slot.size(), 8);
        for (int i = 0; i < shown; i++) {
          hex.append(String.format(Locale.ROOT, "%02x", memory.readByte(address + i) & 0xff));
        }
        yield hex + (shown < slot.size() ? "..." : "");
      }
    };
  }

  /** {@return every thread's stack, in the order the threads were made} */
  public List<ThreadView> threads() {
    return threads;
  }

  /** {@return the heap map} */
  public HeapMap heap() {
    return heap;
  }

  /** {@return every pointer stored in memory with known provenance, by the address it is at} */
  public List<StoredPointer> pointers() {
    return pointers;
  }

  /** {@return the statistics} */
  public Statistics statistics() {
    return statistics;
  }

  /** {@return the number of operations completed when the view was taken} */
  public long op() {
    return op;
  }
}
