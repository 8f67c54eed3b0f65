package io.github.memsim;

import io.github.memsim.internal.Text;
import java.util.List;

/**
 * The fault phrase book: every phrase of the model's message grammar is built here, so that a
 * block, a frame, a slot, a thread or a history reads the same in every message that names it.
 *
 * <pre>
 *   kind: facts; history; on thread
 *   use after free: 8-byte read at 0x10028, 8 bytes into block #17 (24 bytes), freed by worker
 *       in g &lt;- main at op 912; allocated by main at op 3; on main
 * </pre>
 *
 * <p>Names that a user chooses (threads, frames, slots, allocators) reach messages only through
 * {@link #name(String)}, which keeps a message one printable ASCII line of bounded length
 * whatever the name holds: a name made to move a terminal's cursor, or ten thousand characters
 * long, cannot take over the text around it. Ordinary names pass through unchanged.
 */
final class Phrases {
  /** What a message says in place of a thread when none asked. */
  static final String NO_THREAD = "no thread";
  /** The name messages give the heap reset, in place of a thread that freed a block. */
  static final String RESET = "heap reset";

  private Phrases() {}

  /**
   * {@return a user's name as messages show it} Cut to {@value Text#SHOWN_LENGTH} characters,
   * saying how many more there were ({@link Text#cut}), and made plain ASCII, every other
   * character written {@code \}{@code uXXXX} (so ESC is {@code \}{@code u001b}): the same length
   * every output of memsim cuts a user's name to.
   */
  static String name(String name) {
    return name == null ? "null" : Text.name(name);
  }

  /** {@return a whole message: {@code "double free: facts; on main"}} */
  static String fault(MemoryFault.Kind kind, String facts, String thread) {
    return kind.label() + ": " + facts + "; on " + (thread == null ? NO_THREAD : name(thread));
  }

  /** {@return {@code "thread main"}} */
  static String thread(String thread) {
    return "thread " + name(thread);
  }

  /** {@return why a thread that a restore undid refuses an operation} */
  static String threadUndone(String thread) {
    return thread(thread) + " was started after the snapshot the model was restored to, so it"
        + " no longer exists";
  }

  /** {@return why a thread refuses an operation from a Java thread that does not drive it} */
  static String drivenElsewhere(String thread, String javaOwner, int depth, String javaCaller) {
    return thread(thread) + " is driven by Java thread '" + name(javaOwner) + "' while " + depth
        + (depth == 1 ? " frame is" : " frames are") + " on its stack; Java thread '"
        + name(javaCaller) + "' may not use it until they are popped (a ThreadContext is driven"
        + " by one Java thread at a time)";
  }

  // ---------------------------------------------------------------------------------------------
  // Blocks and their histories

  /** {@return {@code "block #17 (24 bytes at 0x10020)"}} */
  static String block(long id, long size, long address) {
    return "block #" + id + " (" + Text.bytes(size) + " at " + Text.hex(address) + ")";
  }

  /** {@return {@code "block #17 (24 bytes)"}} */
  static String blockOfSize(long id, long size) {
    return "block #" + id + " (" + Text.bytes(size) + ")";
  }

  /** {@return {@code " in f <- main"} for a call stack, innermost first; {@code ""} for none} */
  static String site(List<String> functions) {
    if (functions.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(" in ");
    for (int i = 0; i < functions.size(); i++) {
      out.append(i == 0 ? "" : " <- ").append(name(functions.get(i)));
    }
    return out.toString();
  }

  /** {@return {@code " in f <- main"} for a site, {@code ""} for none} */
  static String site(CallSite site) {
    return site == null ? "" : site(site.functions());
  }

  /** {@return {@code "allocated by main in f <- main at op 3"}} */
  static String allocatedBy(String thread, List<String> site, long op) {
    return "allocated by " + name(thread) + site(site) + " at op " + op;
  }

  /** {@return {@code "allocated by main in f <- main at op 3"}} */
  static String allocatedBy(String thread, CallSite site, long op) {
    return "allocated by " + name(thread) + site(site) + " at op " + op;
  }

  /** {@return {@code "freed by main in g <- main at op 5"}} */
  static String freedBy(String thread, CallSite site, long op) {
    return "freed by " + name(thread) + site(site) + " at op " + op;
  }

  /** {@return {@code "undone by a restore to op 4"}} */
  static String undone(long op) {
    return "undone by a restore to op " + op;
  }

  /** {@return {@code "block #1 (24 bytes at 0x10020), allocated by main at op 1"}} */
  static String heapBlock(HeapBlock block) {
    return block(block.id(), block.size(), block.address()) + ", "
        + allocatedBy(block.thread(), block.allocationSite(), block.op());
  }

  /** {@return a heap map's line for a live block: {@code "block #1, 24 bytes at 0x10020, ..."}} */
  static String heapMapBlock(HeapBlock block) {
    return "block #" + block.id() + ", " + Text.bytes(block.size()) + " at "
        + Text.hex(block.address()) + ", "
        + allocatedBy(block.thread(), block.allocationSite(), block.op());
  }

  /** {@return {@code "48 bytes in 3 blocks are definitely lost, allocated by main in f"}} */
  static String leakGroup(long bytes, int blocks, String kind, String thread, List<String> site) {
    return Text.count(bytes, "byte") + " in " + Text.count(blocks, "block")
        + (blocks == 1 ? " is " : " are ") + kind + ", allocated by " + name(thread) + site(site);
  }

  /** {@return {@code "op 3: malloc(24) by main = block #1 (24 bytes at 0x10020)"}} */
  static String heapCall(long op, String call, String thread, String result) {
    return "op " + op + ": " + call + " by " + name(thread) + result;
  }

  // ---------------------------------------------------------------------------------------------
  // Frames and slots

  /** {@return {@code "frame fib at depth 2 of main"}} */
  static String frame(String function, int depth, String thread) {
    return "frame " + name(function) + " at depth " + depth + " of " + name(thread);
  }

  /** {@return {@code "frame fib at depth 2 of main (48 bytes at 0x7ff...)"}} */
  static String frameAt(String frame, long size, long address) {
    return frame + " (" + Text.bytes(size) + " at " + Text.hex(address) + ")";
  }

  /** {@return {@code "slot n (4 bytes) of frame fib at depth 2 of main"}} */
  static String slot(String slot, long size, String frame) {
    return "slot " + name(slot) + " (" + Text.bytes(size) + ") of " + frame;
  }

  /** {@return {@code "stack of main (2 frames, 96 bytes of 1024)"}} */
  static String stack(String thread, int frames, long used, long size) {
    return "stack of " + name(thread) + " (" + frames + " frames, " + Text.bytes(used) + " of "
        + size + ")";
  }

  /** {@return the facts of a push that does not fit} */
  static String overflow(String function, long frameBytes, int depth, long used, long size) {
    return "pushing frame " + name(function) + " (" + Text.bytes(frameBytes) + ") at depth "
        + depth + " would use " + used + " of " + Text.bytes(size);
  }

  /** {@return {@code "frame f at depth 2 of main was already popped at op 7"}} */
  static String poppedAlready(String frame, long op) {
    return frame + " was already popped at op " + op;
  }

  /** {@return {@code "frame f ... closed while frame g ... is on top"}} */
  static String notOnTop(String frame, String top) {
    return frame + " closed while " + top + " is on top";
  }

  // ---------------------------------------------------------------------------------------------
  // Accesses

  /** {@return {@code "8-byte read at 0x10028"}} */
  static String access(long length, boolean write, long address) {
    return length + "-byte " + (write ? "write" : "read") + " at " + Text.hex(address);
  }

  /**
   * Says where an access lies relative to a target of {@code size} bytes: "8 bytes into block
   * #1 (24 bytes at 0x10020)", "just past the end of ...", "4 bytes before ...".
   */
  static String where(long offset, long length, long size, String target) {
    if (offset < 0) {
      return Text.bytes(-offset) + " before " + target;
    }
    if (offset == size) {
      return "just past the end of " + target;
    }
    if (offset > size) {
      return Text.bytes(offset - size) + " past the end of " + target;
    }
    long over = offset + length - size;
    return Text.bytes(offset) + " into " + target
        + (over > 0 ? ", running " + Text.bytes(over) + " past its end" : "");
  }

  /** {@return the facts of an access through a pointer to a freed block} */
  static String useAfterFree(String access, String where, String freed, String allocated) {
    return access + ", " + where + ", " + freed + "; " + allocated;
  }

  /** {@return the facts of an access outside its block} */
  static String outOfBlock(String access, String where, String allocated) {
    return access + ", " + where + "; " + allocated;
  }

  /** {@return the facts of an access through a pointer into a popped frame} */
  static String dangling(String access, String where, String popped) {
    return access + ", " + where + ", " + popped;
  }

  /** {@return {@code "popped at op 7"}} */
  static String poppedAt(long op) {
    return "popped at op " + op;
  }


  /** {@return the facts of an access to the first page} */
  static String nullAccess(String access, long address) {
    return access + (address == 0 ? "" : " (" + Text.bytes(address) + " past null)");
  }

  /** {@return the facts of an access to an unmapped address} */
  static String unmapped(String access, String whereIs) {
    return access + " is not mapped (" + whereIs + ")";
  }

  static String aboveStacks() {
    return "above the stacks";
  }

  static String belowHeap(long heapBase) {
    return "below the heap at " + Text.hex(heapBase);
  }

  static String pastBreak(boolean runs, long heapEnd) {
    return (runs ? "runs past" : "past") + " the heap's break at " + Text.hex(heapEnd);
  }

  static String pastStackTop(String thread) {
    return "runs past the top of the stack of " + name(thread);
  }

  static String guardGap(String thread) {
    return "in the guard gap below the stack of " + name(thread);
  }

  static String betweenHeapAndStacks() {
    return "between the heap and the stacks";
  }

  // ---------------------------------------------------------------------------------------------
  // Heap calls

  /** {@return {@code "malloc of 24 bytes"}, {@code "calloc of 3 x 8 bytes"}} */
  static String request(HeapCall.Kind call, long count, long bytes) {
    return switch (call) {
      case CALLOC -> "calloc of " + count + " x " + Text.bytes(count == 0 ? 0 : bytes / count);
      case REALLOC -> "realloc to " + Text.bytes(bytes);
      default -> call.cName() + " of " + Text.bytes(bytes);
    };
  }

  /** {@return {@code "0x10020"} for free, {@code "realloc of 0x10020"} for realloc} */
  static String subject(HeapCall.Kind call, long address) {
    return (call == HeapCall.Kind.FREE ? "" : call.cName() + " of ") + Text.hex(address);
  }

  /** The name messages give {@link Heap#usableSize}, which is no heap call. */
  static final String USABLE_SIZE = "usableSize";

  /** {@return {@code "free of 0x10020"}} */
  static String callOf(HeapCall.Kind call, long address) {
    return call.cName() + " of " + Text.hex(address);
  }

  /** {@return {@code "a check of free of 0x10020"}: the allocator asked whether it may} */
  static String checkOf(HeapCall.Kind call, long address) {
    return "a check of " + callOf(call, address);
  }

  /** {@return {@code "usableSize of 0x10020"}} */
  static String usableSizeOf(long address) {
    return USABLE_SIZE + " of " + Text.hex(address);
  }

  static String callocOverflow(long count, long size) {
    return "calloc of " + count + " x " + Text.bytes(size) + " overflows 64 bits";
  }

  static String neverFits(String request, long limit) {
    return request + " is more than the heap could ever hold (limit " + Text.bytes(limit) + ")";
  }

  static String noFit(String request, long blockSize, long heapSize, long limit) {
    return request + " needs a " + blockSize + "-byte block, but no free block fits and the heap ("
        + Text.bytes(heapSize) + ") cannot grow enough within its limit of " + Text.bytes(limit);
  }

  /** {@return {@code "allocator first-fit"}} */
  static String allocator(String name) {
    return "allocator " + name(name);
  }

  static String badPlacement(String allocator, long payload, String request, String problem) {
    return allocator(allocator) + " returned " + Text.hex(payload) + " for " + request + ", "
        + problem;
  }

  static String outsideHeap(long base, long end) {
    return "outside the heap [" + Text.hex(base) + ", " + Text.hex(end) + ")";
  }

  static String misaligned(long alignment) {
    return "not aligned to " + alignment + " bytes";
  }

  static String overlapping(String block) {
    return "overlapping live " + block;
  }

  /** {@return {@code "allocator my-fit returned null from statistics()"}} */
  static String returnedNull(String allocator, String call) {
    return allocator(allocator) + " returned null from " + call;
  }

  /** {@return why a provider's null allocator is refused} */
  static String createdNull(String provider) {
    return "allocator provider " + name(provider) + " returned null from create(region,"
        + " layout): a provider must return an allocator";
  }

  /** {@return an outside allocator's report of damage, naming it} */
  static String pluginReport(String allocator, String report) {
    return allocator(allocator) + ": " + report;
  }

  static String allocatorFailed(String allocator, String call, Throwable e) {
    return allocator(allocator) + " failed in " + call + ": " + e;
  }

  static String stackFree(String subject, String owner) {
    return subject + " points into the stack of " + name(owner) + ", not into the heap";
  }

  static String slotFree(String subject, String slot) {
    return subject + " points into " + slot + ", not into the heap";
  }

  static String notAllocated(String subject) {
    return subject + " is not the start of a live block: malloc did not return it";
  }

  static String doubleFree(String block, String history) {
    return block + " was " + history;
  }

  static String callOfFreed(String call, String block, String history) {
    return call + " of " + block + ", which was " + history;
  }

  static String interior(String subject, long offset, String block, String allocated) {
    return subject + " is "
        + (offset < 0 ? Text.bytes(-offset) + " before " : Text.bytes(offset) + " into ")
        + block + ", not its start; " + allocated;
  }

  static String refusedAfterCorruption(long op, String facts) {
    return "the heap was found corrupted at op " + op + " (" + facts + "), and heap calls are"
        + " refused until Heap.reset()";
  }

  static String notLiveBlock(long blockAddress, long blockSize) {
    return "allocated block at " + Text.hex(blockAddress) + " (" + Text.bytes(blockSize)
        + ") is not a live block of the model";
  }

  static String tooSmall(String block, long blockSize, long usable) {
    return block + " sits in a " + blockSize + "-byte block that holds only "
        + Text.count(usable, "payload byte");
  }

  static String countMismatch(long live, long allocated) {
    return "the model has " + Text.count(live, "live block") + " but the heap's tags show "
        + Text.count(allocated, "allocated block");
  }
}
