package io.github.memsim;

import com.google.common.collect.Sets;
import io.github.memsim.MemoryListener.Origin;
import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.AllocatorStatistics;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.HeapCorruptionException;
import io.github.memsim.internal.PagedMemory;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The heap shared by all threads of a model: an allocator working on simulated memory, and the
 * provenance of every live block. Allocation and free happen on a {@link ThreadContext}; the heap
 * answers questions about the whole.
 *
 * <p>The heap's own part of a heap call is the rules of C around the allocator: which pointers
 * may be freed, what a realloc keeps, and the provenance of every block (id, size, thread, op
 * and call stack of its allocation and free). It holds the model's lock for every call.
 */
public final class Heap {
  private final Object lock;
  private final Events events;
  private final HeapSegment segment;
  private final ThreadTable threads;
  private final PointerTags pointerTags;
  private final LeakScan leakScan;
  private final Allocator allocator;
  private final LiveBlockTable live = new LiveBlockTable();
  /**
   * The live blocks in address order, kept only for an allocator from outside the library, so
   * that each block it returns is checked against them in O(log n); the built-in strategies are
   * checked by their own tests instead, and spared the cost.
   */
  private final NavigableMap<Long, Block> trustNoOverlap;
  /** The provider's name of an allocator from outside the library, for messages; else null. */
  private final String plugin;

  private long nextBlockId = 1;
  /**
   * The first heap-corruption fault raised, and the op it was raised at: from then on heap calls
   * are refused with it until {@link #reset()}, since an allocator that has met damaged tags
   * cannot be trusted with more.
   */
  private HeapCorruptionFault corrupted;
  private long corruptedAt;
  private long liveBytes;
  /** The largest live bytes at the end of any operation; written under the lock. */
  private long peakLiveBytes;

  Heap(Object lock, Events events, HeapSegment segment, ThreadTable threads,
      PointerTags pointerTags, LeakScan leakScan, AllocatorProvider provider, BlockLayout layout) {
    this.lock = lock;
    this.events = events;
    this.segment = segment;
    this.threads = threads;
    this.pointerTags = pointerTags;
    this.leakScan = leakScan;
    Allocator created = provider.create(events.observed ? new ObservedRegion(segment, events)
        : segment, layout);
    if (created == null) {
      throw new IllegalStateException(Phrases.createdNull(provider.name()));
    }
    this.allocator = created;
    boolean builtIn = Allocators.builtIn().contains(provider);
    this.trustNoOverlap = builtIn ? null : new TreeMap<>();
    this.plugin = builtIn ? null : provider.name();
    if (segment.size() == 0) {
      throw new IllegalStateException(Phrases.allocator(provider.name())
          + " did not lay down its initial heap structure");
    }
  }

  HeapSegment segment() {
    return segment;
  }

  // ---------------------------------------------------------------------------------------------
  // Heap calls, made by ThreadContext with the lock held; sizes are not negative

  Pointer malloc(ThreadContext thread, long size) {
    refuseIfCorrupted(thread);
    Block block = allocate(thread, size, HeapCall.Kind.MALLOC, 1);
    events.heapCall(HeapCall.Kind.MALLOC, thread, size, block, null, segment.indexProbes(),
        segment.scanProbes());
    endOfOperation();
    return new Pointer(block.address(), block);
  }

  Pointer calloc(ThreadContext thread, long count, long size) {
    refuseIfCorrupted(thread);
    long bytes;
    try {
      bytes = Math.multiplyExact(count, size);
    } catch (ArithmeticException overflow) {
      throw new OutOfMemoryFault(-1, thread.name(), Phrases.callocOverflow(count, size));
    }
    Block block = allocate(thread, bytes, HeapCall.Kind.CALLOC, count);
    segment.memory().fill(block.address(), bytes, (byte) 0);
    if (events.observed && bytes > 0) {
      events.store(thread, block.address(), bytes, Origin.ZEROING);
    }
    events.heapCall(HeapCall.Kind.CALLOC, thread, bytes, block, null, segment.indexProbes(),
        segment.scanProbes());
    endOfOperation();
    return new Pointer(block.address(), block);
  }

  Pointer realloc(ThreadContext thread, Pointer old, long size) {
    refuseIfCorrupted(thread);
    Block oldBlock = liveBlockToFree(thread, old, HeapCall.Kind.REALLOC);
    checkRelease(thread, oldBlock);
    Block block;
    if (oldBlock == null) {
      block = allocate(thread, size, HeapCall.Kind.REALLOC, 1);
    } else if (size == 0) {
      block = null;
      segment.clearProbes();
      release(oldBlock, old.address(), thread);
    } else {
      // Ask first whether the old block can be freed, so that a realloc that could not finish
      // is refused before its new block exists.
      checkFree(oldBlock, thread);
      block = allocate(thread, size, HeapCall.Kind.REALLOC, 1);
      long kept = Math.min(oldBlock.size(), size);
      PagedMemory.copy(segment.memory(), oldBlock.address(), segment.memory(), block.address(),
          kept);
      if (events.observed && kept > 0) {
        events.load(thread, oldBlock.address(), kept, Origin.COPY);
        events.store(thread, block.address(), kept, Origin.COPY);
      }
      pointerTags.copy(oldBlock.address(), block.address(), kept);
      try {
        release(oldBlock, old.address(), thread);
      } catch (HeapCorruptionFault fault) {
        takeBack(block);
        throw fault;
      }
    }
    events.heapCall(HeapCall.Kind.REALLOC, thread, size, block, oldBlock,
        segment.indexProbes(), segment.scanProbes());
    endOfOperation();
    return block == null ? Pointer.NULL : new Pointer(block.address(), block);
  }

  /** Asks the access check about giving a block back: a write of the whole block. */
  private void checkRelease(ThreadContext thread, Block block) {
    if (block != null) {
      try {
        thread.access().checkAccess(block.address(), Math.max(1, block.size()), false, true, false);
      } catch (MemoryFault fault) {
        throw events.fault(thread, fault);
      }
    }
  }

  /**
   * {@return what puts the heap back as it is now} Its bytes, the allocator's state, the live
   * blocks (a block freed since lives again; one allocated since is undone) and the counts.
   *
   * @throws UnsupportedOperationException if the allocator cannot save its state
   */
  Runnable save() {
    Allocator.Saved allocatorState = allocator.save();
    Runnable bytes = segment.save();
    List<Block> liveBlocks = new ArrayList<>(live.size());
    live.forEach(liveBlocks::add);
    Runnable table = live.save();
    List<Object> histories = new ArrayList<>(liveBlocks.size());
    for (Block block : liveBlocks) {
      histories.add(block.history());
    }
    long savedOp = events.counters.operations;
    long savedNextId = nextBlockId;
    HeapCorruptionFault savedCorrupted = corrupted;
    long savedCorruptedAt = corruptedAt;
    long savedLiveBytes = liveBytes;
    long savedPeak = peakLiveBytes;
    return () -> {
      Set<Block> kept = Sets.newIdentityHashSet();
      kept.addAll(liveBlocks);
      live.forEach(block -> {
        if (!kept.contains(block)) {
          block.markUndone(savedOp);
        }
      });
      table.run();
      for (int i = 0; i < liveBlocks.size(); i++) {
        liveBlocks.get(i).restoreHistory(histories.get(i));
      }
      if (trustNoOverlap != null) {
        trustNoOverlap.clear();
        for (Block block : liveBlocks) {
          trustNoOverlap.put(block.address(), block);
        }
      }
      bytes.run();
      allocatorState.restore();
      nextBlockId = savedNextId;
      corrupted = savedCorrupted;
      corruptedAt = savedCorruptedAt;
      liveBytes = savedLiveBytes;
      peakLiveBytes = savedPeak;
    };
  }

  void free(ThreadContext thread, Pointer pointer) {
    refuseIfCorrupted(thread);
    Block block = liveBlockToFree(thread, pointer, HeapCall.Kind.FREE);
    checkRelease(thread, block);
    segment.clearProbes();
    if (block != null) {
      release(block, pointer.address(), thread);
    }
    events.heapCall(HeapCall.Kind.FREE, thread, 0, block, null, segment.indexProbes(),
        segment.scanProbes());
    events.completeOp();
  }

  /**
   * Completes a heap call. Peaks are taken here, between operations, as the CS:APP driver
   * takes them: a realloc changes live bytes by new minus old, and the moment when both blocks
   * exist does not count.
   */
  private void endOfOperation() {
    if (liveBytes > peakLiveBytes) {
      peakLiveBytes = liveBytes;
    }
    events.completeOp();
  }

  /**
   * Asks the allocator for a block and records it; throws and changes nothing on failure.
   *
   * @param count calloc's element count (1 otherwise), for the message
   */
  private Block allocate(ThreadContext thread, long size, HeapCall.Kind call, long count) {
    BlockLayout layout = allocator.layout();
    if (size > segment.limit() || size > layout.maximumRequest()) {
      throw new OutOfMemoryFault(size, thread.name(),
          Phrases.neverFits(Phrases.request(call, count, size), segment.limit()));
    }
    segment.clearProbes();
    events.enterHeapCall(thread, Origin.ALLOCATOR);
    long payload;
    try {
      payload = allocator.allocate(size);
    } catch (HeapCorruptionException e) {
      throw corruption(e, thread);
    } catch (RuntimeException e) {
      throw failed(e, thread, Phrases.request(call, count, size));
    }
    if (payload == Allocator.NO_MEMORY) {
      throw new OutOfMemoryFault(size, thread.name(), Phrases.noFit(
          Phrases.request(call, count, size), layout.blockSize(size), segment.size(),
          segment.limit()));
    }
    checkPlacement(payload, size, thread, call, count);
    Block block = new Block(nextBlockId++, payload, size, thread.index(), events.nextOp(),
        thread.stack().siteLocked());
    live.add(block);
    if (trustNoOverlap != null) {
      trustNoOverlap.put(payload, block);
    }
    liveBytes += size;
    return block;
  }

  /**
   * Checks a payload that the allocator returned: aligned, inside the heap with all its bytes,
   * and (for an allocator from outside the library) overlapping no live block. A block that
   * breaks these is bookkeeping gone wrong: a heap-corruption fault that names the allocator.
   */
  private void checkPlacement(long payload, long size, ThreadContext thread, HeapCall.Kind call,
      long count) {
    BlockLayout layout = allocator.layout();
    String problem = null;
    if (payload < segment.base() || payload > segment.end() || size > segment.end() - payload) {
      problem = Phrases.outsideHeap(segment.base(), segment.end());
    } else if ((payload & (layout.alignment() - 1)) != 0) {
      problem = Phrases.misaligned(layout.alignment());
    } else if (trustNoOverlap != null) {
      // Zero-byte blocks count as one byte: each needs an address of its own.
      Map.Entry<Long, Block> below = trustNoOverlap.floorEntry(payload + Math.max(size, 1) - 1);
      if (below != null && below.getKey() + Math.max(below.getValue().size(), 1) > payload) {
        problem = Phrases.overlapping(below.getValue().describe());
      }
    }
    if (problem != null) {
      throw remember(new HeapCorruptionFault(payload, thread.name(), Phrases.badPlacement(
          allocator.name(), payload, Phrases.request(call, count, size), problem)));
    }
  }

  /** Wraps what an allocator threw, other than its report of damage, in a fault naming it. */
  private HeapCorruptionFault failed(RuntimeException e, ThreadContext thread, String call) {
    return remember(new HeapCorruptionFault(segment.base(), thread == null ? null
        : thread.name(), Phrases.allocatorFailed(allocator.name(), call, e), e));
  }

  /**
   * Checks that {@code pointer} may be freed and returns its live block, or null for
   * {@link Pointer#NULL}.
   *
   * @param call free or realloc, for the message
   */
  private Block liveBlockToFree(ThreadContext thread, Pointer pointer, HeapCall.Kind call) {
    Provenance provenance = pointer.provenance();
    long address = pointer.address();
    String threadName = thread.name();
    if (provenance == null) {
      if (address == 0) {
        return null;
      }
      Block block = live.get(address);
      if (block != null) {
        return block;
      }
      ThreadContext owner = threads.stackOwner(address);
      if (owner != null) {
        throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.STACK,
            Phrases.stackFree(Phrases.subject(call, address), owner.name()));
      }
      throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.NOT_ALLOCATED,
          Phrases.notAllocated(Phrases.subject(call, address)));
    }
    if (provenance instanceof StackSlot slot) {
      throw new InvalidFreeFault(address, threadName, InvalidFreeFault.Reason.STACK,
          Phrases.slotFree(Phrases.subject(call, address), slot.describe()));
    }
    Block block = (Block) provenance;
    if (block.isFreed()) {
      String history = threads.freedBy(block) + "; " + threads.allocatedBy(block);
      if (call == HeapCall.Kind.FREE) {
        throw new DoubleFreeFault(address, threadName, Phrases.doubleFree(block.describe(),
            history));
      }
      throw new UseAfterFreeFault(address, threadName, Phrases.callOfFreed(call.cName(),
          block.describe(), history));
    }
    if (address != block.address()) {
      long offset = address - block.address();
      boolean inside = offset > 0 && offset < block.size();
      throw new InvalidFreeFault(address, threadName,
          inside ? InvalidFreeFault.Reason.INTERIOR : InvalidFreeFault.Reason.NOT_ALLOCATED,
          Phrases.interior(Phrases.subject(call, address), offset, block.describe(),
              threads.allocatedBy(block)));
    }
    return block;
  }

  /**
   * The one translation of an allocator's report of damage into a fault; the heap remembers
   * the first. A plug-in's report names the plug-in: damage it finds may be its own doing.
   */
  private HeapCorruptionFault corruption(HeapCorruptionException e, ThreadContext thread) {
    String threadName = thread == null ? null : thread.name();
    return remember(plugin == null ? new HeapCorruptionFault(e, threadName)
        : new HeapCorruptionFault(e.address(), threadName,
            Phrases.pluginReport(plugin, e.getMessage()), e));
  }

  private HeapCorruptionFault remember(HeapCorruptionFault fault) {
    if (corrupted == null) {
      corrupted = fault;
      corruptedAt = events.nextOp();
    }
    return fault;
  }

  /** Refuses a heap call once the heap has been found corrupted, until a reset. */
  private void refuseIfCorrupted(ThreadContext thread) {
    if (corrupted != null) {
      throw new HeapCorruptionFault(corrupted.address(), thread.name(),
          Phrases.refusedAfterCorruption(corruptedAt, corrupted.facts()));
    }
  }

  private void checkFree(Block block, ThreadContext thread) {
    events.enterHeapCall(thread, Origin.ALLOCATOR);
    try {
      allocator.checkFree(block.address());
    } catch (HeapCorruptionException e) {
      throw corruption(e, thread);
    } catch (RuntimeException e) {
      throw failed(e, thread, Phrases.checkOf(HeapCall.Kind.FREE, block.address()));
    }
  }

  /**
   * Undoes the allocation of a realloc whose old block could not be freed after all (an
   * allocator that promised it could): the new block is not live, and the heap, which met
   * damage, is reported corrupted from now on.
   */
  private void takeBack(Block block) {
    try {
      allocator.free(block.address());
    } catch (RuntimeException ignored) {
      // The heap is already reported corrupted; the model's books are what matter here.
    }
    live.remove(block);
    if (trustNoOverlap != null) {
      trustNoOverlap.remove(block.address());
    }
    liveBytes -= block.size();
    nextBlockId--;
    pointerTags.clear(block.address(), block.size());
  }

  /**
   * Frees a live block.
   *
   * @param address its payload address, as the pointer to it has it: the allocator's first load
   *     (the block's header, a cache miss in a large heap) then need not wait for the block
   *     record's, a second one; the record's requested size goes with it as a hint
   */
  private void release(Block block, long address, ThreadContext thread) {
    events.enterHeapCall(thread, Origin.ALLOCATOR);
    try {
      allocator.free(address, block.size());
    } catch (HeapCorruptionException e) {
      throw corruption(e, thread);
    } catch (RuntimeException e) {
      throw failed(e, thread, Phrases.callOf(HeapCall.Kind.FREE, block.address()));
    }
    live.remove(block);
    if (trustNoOverlap != null) {
      trustNoOverlap.remove(block.address());
    }
    block.markFreed(thread.index(), events.nextOp(), thread.stack().siteLocked());
    liveBytes -= block.size();
    pointerTags.clear(block.address(), block.size());
  }

  // ---------------------------------------------------------------------------------------------
  // The heap as a whole

  /** {@return the allocation strategy's name} */
  public String allocatorName() {
    return allocator.name();
  }

  /** {@return the block format} */
  public BlockLayout layout() {
    return allocator.layout();
  }

  /** {@return the heap's first address} */
  public long base() {
    return segment.base();
  }

  /** {@return the heap's current size in bytes (its break minus its base)} */
  public long size() {
    synchronized (lock) {
      return segment.size();
    }
  }

  /** {@return how far the heap may grow, in bytes} */
  public long limit() {
    return segment.limit();
  }

  /**
   * {@return the largest number of live payload bytes at the end of any operation so far; the
   * same as {@link Statistics#peakLiveBytes()}, without taking a whole snapshot} It reads without
   * the model's lock, so that a replay can ask after every call at no cost: it is exact on the
   * Java thread that made the heap's last call (as in a replay); another Java thread should read
   * {@link MemoryModel#statistics()}.
   */
  public long peakLiveBytes() {
    return peakLiveBytes;
  }

  /** {@return the live blocks in address order} */
  public List<HeapBlock> liveBlocks() {
    synchronized (lock) {
      List<HeapBlock> blocks = new ArrayList<>(live.size());
      for (Block block : live.sortedByAddress()) {
        blocks.add(threads.heapBlock(block));
      }
      return Collections.unmodifiableList(blocks);
    }
  }

  /**
   * Returns a snapshot of the whole heap in address order: every block the allocator's walk
   * shows, free ones included, the bookkeeping around them, and the provenance of live blocks.
   * Its reads of the heap's tags reach listeners as {@link Origin#INSPECTION}.
   *
   * @return the map; if the walk meets damaged tags, the map ends there and says why
   */
  public HeapMap map() {
    synchronized (lock) {
      events.enterHeapCall(null, Origin.INSPECTION);
      HeapMap map;
      try {
        map = HeapMap.of(this, allocator, live::get, threads::heapBlock);
      } finally {
        events.enterHeapCall(null, Origin.ALLOCATOR);
      }
      events.throwFailure();
      return map;
    }
  }

  /**
   * Returns the payload bytes a live block can hold: what was requested plus any slack.
   *
   * @param block a pointer to the start of a live block
   * @return the usable bytes
   * @throws IllegalArgumentException if the pointer is null, raw or not the start of a block
   * @throws UseAfterFreeFault if the block was freed
   * @throws HeapCorruptionFault if the block's tags are damaged
   */
  public long usableSize(Pointer block) {
    synchronized (lock) {
      return usableSize(null, block);
    }
  }

  /** usableSize for a thread (named in its faults), or for none; with the lock held. */
  long usableSize(ThreadContext thread, Pointer block) {
    String threadName = thread == null ? null : thread.name();
    Block found = block.provenance() instanceof Block b ? b : null;
    if (found == null && !block.isNull()) {
      found = live.get(block.address());
    }
    if (found == null || found.address() != block.address()) {
      throw new IllegalArgumentException(Phrases.USABLE_SIZE + " of " + block
          + ": not the start of a heap block");
    }
    if (found.isFreed()) {
      throw new UseAfterFreeFault(block.address(), threadName, Phrases.callOfFreed(Phrases.USABLE_SIZE,
          found.describe(), threads.freedBy(found) + "; " + threads.allocatedBy(found)));
    }
    long usable;
    try {
      usable = allocator.usableSize(found.address());
    } catch (HeapCorruptionException e) {
      throw corruption(e, thread);
    } catch (RuntimeException e) {
      throw failed(e, thread, Phrases.usableSizeOf(found.address()));
    }
    events.throwFailure();
    return usable;
  }

  /**
   * Walks the simulated bytes and the allocator's structures and compares them with each other
   * and with the model's live blocks. Its reads reach listeners as {@link Origin#INSPECTION}.
   * A fault found here belongs to no thread and says so ({@code "; on no thread"});
   * {@link ThreadContext#checkHeap()} runs the same check on behalf of a thread.
   *
   * @throws HeapCorruptionFault at the first disagreement
   */
  public void check() {
    synchronized (lock) {
      check(null);
    }
  }

  /** The heap check for a thread (named in its faults), or for none; with the lock held. */
  void check(ThreadContext thread) {
    events.enterHeapCall(thread, Origin.INSPECTION);
    try {
      HeapCheck.run(allocator, live, segment.base(), thread);
    } catch (HeapCorruptionException e) {
      throw events.fault(thread, corruption(e, thread));
    } catch (HeapCorruptionFault fault) {
      throw events.fault(thread, remember(fault));
    } finally {
      events.enterHeapCall(thread, Origin.ALLOCATOR);
    }
    events.throwFailure();
  }

  /**
   * Classifies every live block as Valgrind's Memcheck does at exit: still reachable (a pointer
   * to its start is reachable from some thread's stack), possibly lost (only pointers into its
   * middle are), indirectly lost (only other lost blocks point to it) or definitely lost. The
   * roots are every thread's stack from its stack pointer to its top; the scan reads every
   * 8-byte-aligned word there and in each block it reaches, and counts any word whose value lies
   * inside a live block as a pointer to it. Of a cycle of lost blocks, the one at the lowest
   * address is definitely lost and the others indirectly. Reading changes nothing: no event, no
   * op, no statistic.
   *
   * @return the report, at this moment
   */
  public LeakReport leaks() {
    synchronized (lock) {
      return leakScan.scan(live.sortedByAddress());
    }
  }

  /**
   * Frees every live block at once, as an arena reset does; pointers to them become dangling
   * ("freed by heap reset"). The heap keeps its size.
   */
  public void reset() {
    synchronized (lock) {
      long op = events.nextOp();
      live.forEach(block -> block.markFreed(Block.RESET, op, null));
      live.clear();
      if (trustNoOverlap != null) {
        trustNoOverlap.clear();
      }
      liveBytes = 0;
      events.enterHeapCall(null, Origin.ALLOCATOR);
      allocator.reset();
      // The reset lays every tag down again: what was damaged is gone.
      corrupted = null;
      pointerTags.clear(segment.base(), segment.size());
      events.completeOp();
    }
  }

  /** {@return a snapshot of the model's statistics} */
  public Statistics statistics() {
    synchronized (lock) {
      AllocatorStatistics free = allocatorStatistics();
      Counters counts = events.counters;
      return new Statistics(liveBytes, live.size(), segment.size(), segment.limit(),
          peakLiveBytes, free.freeBlocks(), free.freeBytes(), free.largestFreeBlock(),
          counts.indexProbes, counts.scanProbes, counts.heapCalls(HeapCall.Kind.MALLOC),
          counts.heapCalls(HeapCall.Kind.CALLOC), counts.heapCalls(HeapCall.Kind.REALLOC),
          counts.heapCalls(HeapCall.Kind.FREE), counts.loads, counts.stores, counts.pushes,
          counts.pops, counts.operations);
    }
  }

  /**
   * {@return the allocator's statistics} A plug-in whose {@code statistics()} throws or returns
   * null is refused here, with a fault that names it, rather than failing later and elsewhere.
   */
  private AllocatorStatistics allocatorStatistics() {
    AllocatorStatistics free;
    try {
      free = allocator.statistics();
    } catch (RuntimeException e) {
      throw new HeapCorruptionFault(segment.base(), null,
          Phrases.allocatorFailed(plugin == null ? allocator.name() : plugin, "statistics()", e),
          e);
    }
    if (free == null) {
      throw new HeapCorruptionFault(segment.base(), null,
          Phrases.returnedNull(plugin == null ? allocator.name() : plugin, "statistics()"));
    }
    return free;
  }

  /** {@return a picture of the heap, one line per block, for people: the heap map as text} */
  public String describe() {
    return map().toString();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "heap of " + allocator.name() + " (" + Text.bytes(segment.size()) + " of "
          + segment.limit() + ", " + Text.count(live.size(), "live block") + ")";
    }
  }

  /**
   * {@return a digest of the heap's state: every byte of its memory, its statistics, and the id,
   * address and size of every live block} Two digests are equal when none of that changed
   * between them (to the odds of a 128-bit hash): an allocator's test compares the digests
   * before and after an operation that must change nothing.
   */
  public String stateDigest() {
    return StateDigest.of(this, lock);
  }

  void digest(LongConsumer longs) {
    longs.accept(nextBlockId);
    Statistics statistics = statistics();
    longs.accept(statistics.hashCode());
    longs.accept(statistics.operations());
    longs.accept(statistics.indexProbes());
    longs.accept(statistics.scanProbes());
    for (Block block : live.sortedByAddress()) {
      longs.accept(block.id());
      longs.accept(block.address());
      longs.accept(block.size());
    }
  }
}
