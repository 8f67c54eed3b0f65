package io.github.memsim.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.memsim.DoubleFreeFault;
import io.github.memsim.Heap;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapMap;
import io.github.memsim.InvalidFreeFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.OutOfBoundsFault;
import io.github.memsim.OutOfMemoryFault;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.ThreadContext;
import io.github.memsim.UseAfterFreeFault;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapRegion;
import io.github.memsim.testing.AllocatorContract.Capability;
import io.github.memsim.testing.AllocatorContract.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One model-based run: applies generated operations to a model and to a plain reference (a
 * {@link TreeMap} of live blocks, and a linear scan of the heap for where each policy must
 * place the next block), and checks labelled invariants after every operation.
 */
final class HeapRun {
  /** A step as generated: its code, and what it asks for, for failure reports. */
  static String describe(long code) {
    int kind = (int) (code & 0xF);
    long arg = code >>> 4;
    return switch (kind) {
      case 0, 1, 2, 3, 4, 14 -> "malloc(" + sizeFrom(arg) + ")";
      case 5 -> "calloc(" + (1 + arg % 8) + ", " + sizeFrom(arg >>> 3) / 8 + ")";
      case 6, 7, 8, 15 -> "free(a live block, pick " + arg + ")";
      case 9 -> "realloc(a live block, pick " + arg + ", " + sizeFrom(arg >>> 8) + ")";
      case 10 -> "check a live block's bytes";
      case 11 -> "rejected: " + new String[] {"double free", "use after free",
          "interior free", "write past the end", "free past the break", "negative malloc"}
          [(int) (arg % 6)];
      case 12 -> "malloc(huge: " + arg + ")";
      case 13 -> arg % 32 == 0 ? "reset" : "malloc(" + sizeFrom(arg) + ")";
      default -> throw new AssertionError(kind);
    };
  }

  private record Live(Pointer pointer, long size, byte pattern) {}

  /** A block seen in a walk. */
  private record Seen(long address, long size, boolean allocated) {}

  final MemoryModel model;
  private final ThreadContext thread;
  private final Allocator allocator;
  private final HeapRegion region;
  private final BlockLayout layout;
  /** The placement the reference restates, or null when the allocator has none to check. */
  private final Policy policy;
  private final boolean coalesces;
  private final boolean arena;
  private final long heapLimit;
  private final TreeMap<Long, Live> live = new TreeMap<>();
  private final List<Pointer> dead = new ArrayList<>();
  private final long firstBlock;
  private long rover;
  private long lastBumpAddress;
  /** Bump's cursor, tracked by the reference: the end of the last block handed out. */
  private long bumpCursor;
  private byte nextPattern = 1;
  long operations;

  /**
   * Starts a run.
   *
   * @param inspected a fresh model, its allocator (for walks that the heap map is compared with)
   *     and the allocator's region (for tags and digests)
   * @param capabilities what the allocator promises beyond the general contract
   * @param policy the placement the reference scan restates, with {@link Capability#PLACEMENT}
   */
  HeapRun(AllocatorContract.Inspected inspected, Set<Capability> capabilities, Policy policy) {
    this.model = inspected.model();
    this.thread = model.mainThread();
    this.allocator = inspected.allocator();
    this.region = inspected.region();
    this.layout = allocator.layout();
    this.policy = capabilities.contains(Capability.PLACEMENT) ? policy : null;
    this.coalesces = capabilities.contains(Capability.COALESCES);
    this.arena = capabilities.contains(Capability.ARENA);
    if (capabilities.contains(Capability.PLACEMENT) && policy == null) {
      throw new IllegalArgumentException("placement needs a policy");
    }
    this.heapLimit = model.heap().limit();
    this.firstBlock = model.heap().base() + layout.paddingBytes() + layout.prologueBytes();
    this.rover = firstBlock;
    this.bumpCursor = firstBlock;
  }

  /** Decodes one generated number into an operation, applies it, and checks everything. */
  void apply(long code) {
    int kind = (int) (code & 0xF);
    long arg = code >>> 4;
    switch (kind) {
      case 0: case 1: case 2: case 3: case 4: case 14:
        malloc(sizeFrom(arg));
        break;
      case 5:
        calloc(1 + arg % 8, sizeFrom(arg >>> 3) / 8);
        break;
      case 6: case 7: case 8: case 15:
        if (live.isEmpty()) {
          malloc(sizeFrom(arg));
        } else {
          free(pick(arg));
        }
        break;
      case 9:
        realloc(arg);
        break;
      case 10:
        if (!live.isEmpty()) {
          verifyPattern(pick(arg));
        }
        break;
      case 11:
        rejected(arg);
        break;
      case 12:
        malloc(heapLimit / 4 + arg % heapLimit);
        break;
      case 13:
        if (arg % 32 == 0) {
          reset();
        } else {
          malloc(sizeFrom(arg));
        }
        break;
      default:
        throw new AssertionError(kind);
    }
    operations++;
    checkInvariants();
  }

  private static long sizeFrom(long arg) {
    long bucket = arg % 16;
    long value = arg >>> 4;
    if (bucket < 10) {
      return value % 65;
    }
    if (bucket < 14) {
      return value % 513;
    }
    return bucket < 15 ? value % 4097 : value % 16385;
  }

  private Live pick(long arg) {
    int index = (int) (arg % live.size());
    return live.values().stream().skip(index).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  private void malloc(long size) {
    Pointer p = allocate(size, () -> thread.malloc(size));
    if (p != null) {
      fillPattern(live.get(p.address()));
    }
  }

  private void calloc(long count, long size) {
    Pointer p = allocate(count * size, () -> thread.calloc(count, size));
    if (p != null) {
      assertThat(thread.readBytes(p, (int) (count * size)))
          .as("calloc zeroes its block").isEqualTo(new byte[(int) (count * size)]);
      fillPattern(live.get(p.address()));
    }
  }

  /** Runs an allocation, checks where it landed, and records it; returns null after OOM. */
  private Pointer allocate(long size, Supplier<Pointer> call) {
    long needed = layout.blockSize(size);
    long expected = expectedBlock(needed);
    long scannedBefore = model.statistics().scanProbes();
    boolean fromFree = expected >= 0;
    // Without a placement to restate, any allocation may run out of memory.
    boolean mayFail = policy == null
        || !fromFree && heapLimit - model.heap().size() < needed + layout.growthChunk();
    String before = mayFail ? digest() : null;
    Pointer p;
    try {
      p = call.get();
    } catch (OutOfMemoryFault fault) {
      assertThat(mayFail).as("OOM only when no block fits and the heap is near its limit: "
          + fault.getMessage()).isTrue();
      assertThat(digest()).as("a rejected malloc changes nothing").isEqualTo(before);
      return null;
    }
    long block = p.address() - layout.headerBytes();
    if (policy != null) {
      long wanted = fromFree ? expected : tailStartBefore;
      assertThat(model.statistics().scanProbes() - scannedBefore)
          .as("%s counts the free blocks a linear scan examines", policy).isEqualTo(expectedScan);
      assertThat(block).as("%s places a %d-byte block where the linear scan does", policy, needed)
          .isEqualTo(wanted);
    }
    if (policy == Policy.NEXT_FIT && fromFree) {
      rover = block;
    }
    if (arena) {
      assertThat(p.address()).as("bump addresses only increase").isGreaterThan(lastBumpAddress);
      lastBumpAddress = p.address();
      bumpCursor = block + model.heap().usableSize(p) + layout.headerBytes()
          + layout.footerBytes();
    }
    Live entry = new Live(p, size, nextPattern++);
    assertThat(live.put(p.address(), entry)).as("no two live blocks share an address").isNull();
    return p;
  }

  private void fillPattern(Live entry) {
    if (entry.size() > 0) {
      thread.fill(entry.pointer(), entry.size(), entry.pattern());
    }
  }

  private void verifyPattern(Live entry) {
    byte[] bytes = thread.readBytes(entry.pointer(), (int) entry.size());
    byte[] expected = new byte[bytes.length];
    Arrays.fill(expected, entry.pattern());
    assertThat(bytes).as("block at %s keeps its bytes", entry.pointer()).isEqualTo(expected);
  }

  private void free(Live entry) {
    verifyPattern(entry);
    thread.free(entry.pointer());
    live.remove(entry.pointer().address());
    remember(entry.pointer());
    afterFree();
  }

  private void realloc(long arg) {
    if (live.isEmpty()) {
      malloc(sizeFrom(arg));
      return;
    }
    Live old = pick(arg);
    long size = sizeFrom(arg >>> 8);
    if (size == 0) {
      free(old);
      return;
    }
    verifyPattern(old);
    Pointer p = allocate(size, () -> thread.realloc(old.pointer(), size));
    if (p == null) {
      assertThat(live).containsKey(old.pointer().address());
      verifyPattern(old);
      return;
    }
    live.remove(old.pointer().address());
    long kept = Math.min(old.size(), size);
    byte[] expected = new byte[(int) kept];
    Arrays.fill(expected, old.pattern());
    assertThat(thread.readBytes(p, (int) kept)).as("realloc keeps the old bytes")
        .isEqualTo(expected);
    fillPattern(live.get(p.address()));
    remember(old.pointer());
    afterFree();
  }

  private void reset() {
    model.heap().reset();
    for (Live entry : live.values()) {
      remember(entry.pointer());
    }
    live.clear();
    rover = firstBlock;
    lastBumpAddress = 0;
    bumpCursor = firstBlock;
  }

  private void remember(Pointer pointer) {
    if (dead.size() == 32) {
      dead.remove(0);
    }
    dead.add(pointer);
  }

  /** Operations that must fault and change nothing. */
  private void rejected(long arg) {
    String before = digest();
    int which = (int) (arg % 6);
    long next = arg / 6;
    if (which == 0 && !dead.isEmpty()) {
      Pointer p = dead.get((int) (next % dead.size()));
      assertThatThrownBy(() -> thread.free(p)).isInstanceOf(DoubleFreeFault.class);
    } else if (which == 1 && !dead.isEmpty()) {
      Pointer p = dead.get((int) (next % dead.size()));
      assertThatThrownBy(() -> thread.readByte(p)).isInstanceOf(UseAfterFreeFault.class);
    } else if (which == 2 && !live.isEmpty()) {
      Live entry = pick(next);
      long offset = 1 + next % Math.max(1, entry.size());
      assertThatThrownBy(() -> thread.free(entry.pointer().plus(offset)))
          .isInstanceOf(InvalidFreeFault.class);
    } else if (which == 3 && !live.isEmpty()) {
      Live entry = pick(next);
      assertThatThrownBy(() -> thread.writeLong(entry.pointer().plus(entry.size() - 7), 1))
          .isInstanceOf(OutOfBoundsFault.class);
    } else if (which == 4) {
      long address = model.heap().base() + model.heap().size() + 16 * (next % 64);
      assertThatThrownBy(() -> thread.free(Pointer.raw(address)))
          .isInstanceOf(InvalidFreeFault.class);
    } else {
      assertThatThrownBy(() -> thread.malloc(-1 - (long) (next % 5)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(digest()).as("a rejected operation changes nothing").isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // The reference: a linear scan over the heap's blocks

  private long tailStartBefore;
  /** The free blocks the reference scan examined for the last {@link #expectedBlock} choice. */
  private long expectedScan;

  private List<Seen> walk() {
    List<Seen> blocks = new ArrayList<>();
    allocator.walk((address, size, payload, allocated) ->
        blocks.add(new Seen(address, size, allocated)));
    return blocks;
  }

  /**
   * {@return a digest of what a rejected operation must leave alone: every byte of the heap and
   * its statistics ({@link io.github.memsim.Heap#stateDigest()}), and its live blocks with their
   * provenance} The heap map follows from these, so it need not be hashed too.
   */
  private String digest() {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    hasher.putUnencodedChars(model.heap().stateDigest());
    for (HeapBlock block : model.heap().liveBlocks()) {
      hasher.putLong(block.id()).putLong(block.address()).putLong(block.size())
          .putLong(block.op()).putUnencodedChars(block.thread())
          .putInt(block.allocationSite().hashCode());
    }
    return hasher.hash().toString();
  }

  /** Where a new block goes when no free block fits: the trailing free block, or the epilogue. */
  private long tailStart() {
    if (arena) {
      return bumpCursor;
    }
    List<Seen> blocks = walk();
    long epilogue = model.heap().base() + model.heap().size() - layout.headerBytes();
    if (!blocks.isEmpty() && !blocks.get(blocks.size() - 1).allocated()) {
      return blocks.get(blocks.size() - 1).address();
    }
    return epilogue;
  }

  /** Returns the block the policy must choose among the free blocks, or -1 if none fits. */
  private long expectedBlock(long needed) {
    tailStartBefore = tailStart();
    if (policy == null || policy == Policy.BUMP) {
      expectedScan = 1;
      return -1;
    }
    List<Seen> free = new ArrayList<>();
    for (Seen block : walk()) {
      if (!block.allocated()) {
        free.add(block);
      }
    }
    Seen chosen = null;
    expectedScan = free.size();
    switch (policy) {
      case FIRST_FIT:
        for (int k = 0; k < free.size() && chosen == null; k++) {
          if (free.get(k).size() >= needed) {
            chosen = free.get(k);
            expectedScan = k + 1;
          }
        }
        break;
      case NEXT_FIT:
        long examined = 0;
        for (Seen block : free) {
          if (block.address() >= rover) {
            examined++;
            if (block.size() >= needed) {
              chosen = block;
              expectedScan = examined;
              break;
            }
          }
        }
        for (int k = 0; k < free.size() && chosen == null && free.get(k).address() < rover; k++) {
          examined++;
          if (free.get(k).size() >= needed) {
            chosen = free.get(k);
            expectedScan = examined;
          }
        }
        break;
      case BEST_FIT:
        for (Seen block : free) {
          if (block.size() >= needed && (chosen == null || block.size() < chosen.size())) {
            chosen = block;
          }
        }
        break;
      case WORST_FIT:
        for (Seen block : free) {
          if (chosen == null || block.size() > chosen.size()) {
            chosen = block;
          }
        }
        if (chosen != null && chosen.size() < needed) {
          chosen = null;
        }
        break;
      default:
        throw new AssertionError(policy);
    }
    return chosen == null ? -1 : chosen.address();
  }

  /** Next-fit's rover moves to the start of a coalesced block that swallowed it. */
  private void afterFree() {
    if (policy != Policy.NEXT_FIT) {
      return;
    }
    for (Seen block : walk()) {
      if (rover > block.address() && rover < block.address() + block.size()) {
        rover = block.address();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Invariants

  /**
   * The heap map tiles the heap from base to break: padding, prologue, exactly the allocator's
   * walk (with header and footer ranges from the layout and the provenance of every live block),
   * and the epilogue.
   */
  void checkHeapMap() {
    HeapMap map = model.heap().map();
    assertThat(map.corruption()).as("heap map walks the whole heap").isEmpty();
    List<HeapMap.Entry> entries = map.entries();
    long at = map.base();
    for (HeapMap.Entry entry : entries) {
      assertThat(entry.address()).as("heap map entries tile the heap").isEqualTo(at);
      at = entry.end();
    }
    assertThat(at).as("heap map ends at the break").isEqualTo(map.end());
    List<HeapMap.Entry> blocks = new ArrayList<>();
    for (HeapMap.Entry entry : entries) {
      if (entry.state() != HeapMap.State.BOOKKEEPING) {
        blocks.add(entry);
      }
    }
    List<Seen> walked = walk();
    assertThat(blocks).as("heap map shows the allocator's walk").hasSameSizeAs(walked);
    for (int k = 0; k < walked.size(); k++) {
      Seen seen = walked.get(k);
      HeapMap.Entry entry = blocks.get(k);
      assertThat(entry.address()).isEqualTo(seen.address());
      assertThat(entry.size()).isEqualTo(seen.size());
      assertThat(entry.state() == HeapMap.State.ALLOCATED).isEqualTo(seen.allocated());
      assertThat(entry.headerEnd()).isEqualTo(seen.address() + layout.headerBytes());
      assertThat(entry.footerStart()).isEqualTo(seen.address() + seen.size()
          - layout.footerBytes());
      Live expected = seen.allocated() ? live.get(entry.payloadAddress()) : null;
      assertThat(entry.block().map(HeapBlock::address)).as("provenance of the block at %x",
          seen.address()).isEqualTo(Optional.ofNullable(expected)
          .map(e -> e.pointer().address()));
      if (expected != null) {
        assertThat(entry.block().get().size()).isEqualTo(expected.size());
        assertThat(entry.block().get().thread()).isEqualTo(thread.name());
      }
    }
    HeapMap.Entry first = entries.get(0);
    HeapMap.Entry last = entries.get(entries.size() - 1);
    assertThat(last.role()).as("the heap ends with the epilogue").isEqualTo("epilogue");
    assertThat(last.size()).isEqualTo(layout.headerBytes());
    assertThat(entries.stream().filter(e -> e.role().equals("prologue")).count()).isOne();
    assertThat(first.role()).isEqualTo(layout.paddingBytes() > 0 ? "padding" : "prologue");
    Blocks.assertTiles(allocator, region);
  }

  void checkInvariants() {
    Blocks.assertConsistent(model.heap());
    // The map costs a walk and a snapshot per block: every 8th step, and at the end of a run.
    if (operations % 8 == 0) {
      checkHeapMap();
    }
    Heap heap = model.heap();
    Statistics stats = heap.statistics();
    long heapEnd = heap.base() + heap.size();

    List<HeapBlock> blocks = heap.liveBlocks();
    assertThat(blocks).as("live blocks match the reference").hasSize(live.size());
    long liveBytes = 0;
    long previousEnd = heap.base();
    int i = 0;
    for (Map.Entry<Long, Live> entry : live.entrySet()) {
      HeapBlock block = blocks.get(i++);
      long address = entry.getKey();
      assertThat(block.address()).as("live block addresses match the reference").isEqualTo(address);
      assertThat(block.size()).as("live block sizes match the reference")
          .isEqualTo(entry.getValue().size);
      assertThat(address % layout.alignment()).as("payload %x is aligned", address).isZero();
      assertThat(address).as("blocks do not overlap").isGreaterThanOrEqualTo(previousEnd);
      previousEnd = address + block.size();
      assertThat(previousEnd).as("blocks lie inside the heap").isLessThanOrEqualTo(heapEnd);
      liveBytes += block.size();
    }
    assertThat(stats.liveBytes()).as("live bytes").isEqualTo(liveBytes);
    assertThat(stats.liveBlocks()).as("live blocks").isEqualTo(live.size());

    long allocatedBytes = 0;
    long freeBytes = 0;
    long freeBlocks = 0;
    long largest = 0;
    long released = 0;
    long allocatedBlocks = 0;
    boolean previousFree = false;
    List<Seen> walked = walk();
    long tail = tailStart();
    for (Seen block : walked) {
      if (block.allocated()) {
        allocatedBytes += block.size();
        allocatedBlocks++;
      } else if (arena && block.address() < tail) {
        released += block.size();
      } else {
        freeBytes += block.size();
        freeBlocks++;
        largest = Math.max(largest, block.size());
        if (coalesces) {
          assertThat(previousFree).as("no two adjacent free blocks after coalescing").isFalse();
        }
      }
      previousFree = !block.allocated();
    }
    assertThat(allocatedBlocks).as("allocated blocks in the heap").isEqualTo(live.size());
    if (coalesces || arena) {
      assertThat(allocatedBytes + freeBytes + released + layout.initialBytes())
          .as("bytes conserved: live + free + bookkeeping = heap size").isEqualTo(heap.size());
    }
    if (coalesces || arena) {
      assertThat(stats.freeBytes()).as("free bytes").isEqualTo(freeBytes);
      assertThat(stats.freeBlocks()).as("free blocks").isEqualTo(freeBlocks);
      assertThat(stats.largestFreeBlock()).as("largest free block").isEqualTo(largest);
    } else {
      // Some of the blocks not in use may not be free to hand out again; none more than that.
      assertThat(stats.freeBytes()).as("free bytes").isLessThanOrEqualTo(freeBytes);
      assertThat(stats.freeBlocks()).as("free blocks").isLessThanOrEqualTo(freeBlocks);
      assertThat(stats.largestFreeBlock()).as("largest free block")
          .isLessThanOrEqualTo(largest);
    }
    assertThat(stats.peakLiveBytes()).as("peak live").isGreaterThanOrEqualTo(liveBytes);
    assertThat(heap.size()).as("heap within its limit").isLessThanOrEqualTo(heapLimit);
  }
}
