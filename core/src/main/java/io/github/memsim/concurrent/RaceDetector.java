package io.github.memsim.concurrent;

import static io.github.memsim.concurrent.ShadowMemory.MANY;

import io.github.memsim.AccessCheck;
import io.github.memsim.DataRaceFault;
import io.github.memsim.Finding;
import io.github.memsim.Frame;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.ShadowMemory.Page;
import io.github.memsim.concurrent.ShadowMemory.Slots;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A happens-before data-race detector over a model's event stream, after FastTrack: a vector
 * clock per thread, and per byte the epoch of its last write and of its reads (a vector once
 * reads are concurrent). A race is two accesses to one byte by different threads, at least one
 * a write, not both atomic, and not ordered by happens-before, whose edges are: a thread's start
 * after what its creator did before making it; {@link #join} of an ended thread; and an atomic
 * store (the unlock of a {@link Mutex} is one) before an atomic load of the same bytes (a lock's
 * compare-and-set). The allocator's own accesses are not checked (malloc is thread-safe), but a
 * {@code free} is a write of the whole block; a new block (even at a reused address), and a
 * frame's slots at each push, start with no history, and calloc's zeroing and realloc's copy
 * are writes of the new block by the thread that made it.
 *
 * <p>Register it on a model ({@code MemoryModel.builder().listener(detector)}); a {@link Run}
 * makes one for every run. Races are recorded and the run goes on. {@link #races()} groups them
 * by the pair of program places (access kind, size and function of each side, in either order,
 * whichever threads made them) and the block or frame and offset where they met, one race per
 * group; {@link #details()} lists them per pair of places with their threads.
 *
 * <p>It is four parts: this class, which takes the events and applies each access to the
 * history of the bytes it covers; the shadow memory that keeps those histories
 * ({@code ShadowMemory}: one slot of epochs per 8-byte word while its bytes agree and one per
 * byte where they differ, so a program that accesses whole words pays for words); the
 * happens-before engine ({@code HappensBefore}: thread numbers, vector clocks, places); and the
 * reports ({@code RaceReports}: the words of a race, grouping and deduplication). A thread's
 * clock is dropped when it is joined, so a program that starts and joins thousands of threads
 * keeps clocks for the live ones only.
 *
 * <p>One detector serves one memory model. Like every listener, its callbacks run under the
 * model's lock, so it takes no lock of its own on that path; {@link #fork} and {@link #join} must
 * be called by the Java thread driving the model, between operations, as a {@link Run} does.
 * {@link #races()} may be called from any thread at any time.
 */
public final class RaceDetector implements MemoryListener, AccessCheck {
  /** What the detector does when it finds a race. */
  public enum Mode {
    /** Records the race among {@link #races()}; the run goes on. The default. */
    RECORD,
    /**
     * Refuses the second access with a {@link DataRaceFault} before it changes anything;
     * register the detector as the model's {@link AccessCheck} too (a {@link Run} of a program
     * built with {@link Program.Builder#raceFaults()} does).
     */
    FAULT
  }

  /**
   * One race: both accesses, in memsim's fault grammar.
   *
   * @param key the pair of program places and where they met, e.g. "8-byte read in worker /
   *     8-byte write in worker, 0 bytes into block #1" in {@link #races()} (what groups races),
   *     or the pair of places with their threads, e.g. "8-byte write by b in worker / 8-byte
   *     read by a in worker", in {@link #details()}
   * @param message the full report
   * @param address the first byte found racing
   * @param op the op of the access that found the race
   * @param earlierOp the op of the access it races with
   */
  public record Race(String key, String message, long address, long op, long earlierOp) {
    /**
     * Checks the components.
     *
     * @param key the pair of places
     * @param message the full report
     * @param address the byte
     * @param op the later access's op
     * @param earlierOp the earlier access's op
     */
    public Race {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return message;
    }
  }

  private final Mode mode;
  private final HappensBefore engine = new HappensBefore();
  private final ShadowMemory shadow = new ShadowMemory();
  private final RaceReports reports = new RaceReports(engine);

  /** Scratch lists of epochs and ops, for the slot being rebuilt. */
  private long[] scratchEpochs = new long[8];
  private long[] scratchOps = new long[8];
  private int scratchSize;

  /**
   * The op of the heap call whose initialising stores (calloc's zeroing, realloc's copy) came
   * last, and where they ended: the rest of its block is forgotten at the call, not them.
   */
  private long initOp = -1;
  private long initEnd;

  /** Makes a detector with no history; register it before the model's threads start. */
  public RaceDetector() {
    this(Mode.RECORD);
  }

  /**
   * Makes a detector with no history that records races or faults at them.
   *
   * @param mode what to do at a race
   */
  public RaceDetector(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /** {@return what the detector does at a race} */
  public Mode mode() {
    return mode;
  }

  /**
   * In {@link Mode#FAULT}, refuses an access that would race with an earlier one, with a
   * {@link DataRaceFault} naming both, and changes nothing; in {@link Mode#RECORD}, does
   * nothing (the race is recorded when the access is made).
   */
  @Override
  public void beforeAccess(ThreadContext thread, long op, long address, long length,
      boolean reads, boolean writes, boolean atomic) {
    if (mode != Mode.FAULT || thread == null || length <= 0 || !(reads || writes)) {
      return;
    }
    int id = engine.id(thread);
    int[] clock = engine.clock(id);
    if (atomic && reads) { // what the atomic load would acquire, without acquiring it
      clock = clock.clone();
      for (int[] from : shadow.releasedIn(address, length)) {
        if (from.length > clock.length) {
          clock = Arrays.copyOf(clock, from.length);
        }
        for (int i = 0; i < from.length; i++) {
          clock[i] = Math.max(clock[i], from[i]);
        }
      }
    }
    // A read races with earlier writes; a write with earlier writes and reads.
    int place = engine.place(thread, id, writes, atomic, length);
    for (long a = address; a < address + length; a++) {
      Page page = shadow.page(a, false);
      if (page == null) {
        a |= ShadowMemory.PAGE_MASK;
        continue;
      }
      int index = (int) a & ShadowMemory.PAGE_MASK;
      Slots split = page.bytes == null ? null : page.bytes[index >>> 3];
      Slots slots = split == null ? page.words : split;
      int i = split == null ? index >>> 3 : index & 7;
      long[] found = conflict(slots.write(i), slots.writeOp(i),
          slots.write(i) == MANY ? slots.writesMore[i] : null, place, clock);
      if (found == null && writes) {
        found = conflict(slots.read(i), slots.readOp(i),
            slots.read(i) == MANY ? slots.readsMore[i] : null, place, clock);
      }
      if (found != null) {
        throw new DataRaceFault(a, thread.name(), reports.facts(engine.place(place), op,
            address, engine.place(HappensBefore.placeOf(found[0])), found[1], a));
      }
    }
  }

  /** {@return the first access of a slot (epoch and op) that an access would race with, or null} */
  private long[] conflict(long epoch, long epochOp, long[] more, int place, int[] clock) {
    if (epoch == 0) {
      return null;
    }
    if (more == null) {
      return engine.conflicts(epoch, place, clock) ? new long[] {epoch, epochOp} : null;
    }
    for (int k = 0; k < more.length; k += 2) {
      if (engine.conflicts(more[k], place, clock)) {
        return new long[] {more[k], more[k + 1]};
      }
    }
    return null;
  }

  /**
   * {@return the races found, in the order first seen, one per pair of program places: the
   * access kind, size and function of each side, whoever made them and in either order, and
   * the block (or frame) and offset where they met; see {@link Race#key()}}
   */
  public List<Race> races() {
    return reports.races();
  }

  /**
   * {@return every race found, in the order found: one per pair of places with their threads
   * (in either order) and per block or frame they met in, each with the ops of its first
   * instance}
   */
  public List<Race> details() {
    return reports.details();
  }

  /**
   * {@return the races found, as findings for a picture: one per race, at its first racing
   * byte; an ABA's at the pointer it compared}
   */
  public List<Finding> findings() {
    List<Finding> findings = new ArrayList<>();
    for (Race race : races()) {
      findings.add(new Finding(race.key().startsWith("ABA") ? "ABA" : "data race",
          race.address(), 1, race.message()));
    }
    return findings;
  }

  /** {@return the vector clock entries the detector keeps, which a test bounds} */
  long retainedClockEntries() {
    return engine.retainedClockEntries();
  }

  @Override
  public void onThreadStart(ThreadContext thread, long op) {
    int id = engine.id(thread);
    // Made by the thread that runs the model's main code: the new thread starts after it.
    if (id > 0) {
      engine.fork(0, id);
    }
  }

  @Override
  public void onSpawn(ThreadContext parent, ThreadContext child, long op) {
    fork(parent, child);
  }

  @Override
  public void onJoin(ThreadContext parent, ThreadContext child, long op) {
    join(parent, child);
  }

  /**
   * Orders everything {@code parent} did so far before everything {@code child} will do, as
   * spawning a thread does. {@link #onSpawn} calls it: a {@link Run} spawns for
   * {@link Threads#spawn}.
   *
   * @param parent the spawning thread
   * @param child the new thread
   */
  public void fork(ThreadContext parent, ThreadContext child) {
    int from = engine.id(parent);
    engine.fork(from, engine.id(child));
  }

  /**
   * Orders everything {@code ended} did before what {@code into} does next, as joining a thread
   * does. {@link #onJoin} calls it: a {@link Run} joins every body into the main thread before
   * it reads the outcome. The ended thread's clock is dropped then, so that a program that
   * starts and joins many threads keeps one clock per thread alive, not per thread ever run.
   *
   * @param into the thread that waited
   * @param ended the thread that ended
   */
  public void join(ThreadContext into, ThreadContext ended) {
    engine.end(engine.id(into), engine.id(ended));
  }

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length,
      Origin origin) {
    if (thread == null || length <= 0) {
      return;
    }
    if (origin == Origin.USER || origin == Origin.COPY) {
      access(thread, op, address, length, false, false);
    } else if (origin == Origin.ATOMIC) {
      int id = engine.id(thread);
      for (int[] from : shadow.releasedIn(address, length)) {
        engine.joinInto(id, from);
      }
      access(thread, op, address, length, false, true);
    }
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length,
      Origin origin) {
    if (thread == null || length <= 0) {
      return;
    }
    if (origin == Origin.USER) {
      access(thread, op, address, length, true, false);
    } else if (origin == Origin.ZEROING || origin == Origin.COPY) {
      // calloc's zeroing and realloc's copy write a new block, before the heap call that says
      // so: its bytes start with no history here, not at the call, or these stores would race
      // with the accesses to a freed block that was there.
      shadow.forget(address, length);
      access(thread, op, address, length, true, false);
      initOp = op;
      initEnd = address + length;
    } else if (origin == Origin.ATOMIC) {
      int id = engine.id(thread);
      access(thread, op, address, length, true, true);
      int[] clock = engine.clock(id);
      shadow.release(address, length, clock.clone()); // snapshots are only ever read
      clock[id]++;
    }
  }

  @Override
  public void onHeapCall(HeapCall call) {
    ThreadContext thread = call.thread();
    if (call.kind() == HeapCall.Kind.FREE || call.kind() == HeapCall.Kind.REALLOC) {
      HeapBlock freed = call.kind() == HeapCall.Kind.FREE ? call.block().orElse(null)
          : call.oldBlock().orElse(null);
      if (freed != null && thread != null) {
        access(thread, call.op(), freed.address(), Math.max(1, freed.size()), true, false);
        reports.freed(freed);
      }
    }
    if (call.kind() != HeapCall.Kind.FREE) {
      call.block().ifPresent(block -> {
        // A new block at a reused address starts with no history, and so do its bytes, but
        // for the stores that initialised it, which have just forgotten theirs.
        long from = block.address();
        if (initOp == call.op() && initEnd > from && initEnd <= from + block.size()) {
          from = initEnd;
        }
        shadow.forget(from, block.address() + block.size() - from);
        reports.allocated(block);
      });
    }
    initOp = -1;
  }

  /**
   * Records an ABA: a pointer compare-and-set that succeeded on a stale pointer's bits, named
   * with both blocks. It is listed among {@link #races()} with a key beginning {@code ABA}.
   */
  @Override
  public void onStaleCompareAndSet(ThreadContext thread, long op, long address,
      HeapBlock expected, HeapBlock found) {
    reports.aba(thread, op, address, expected, found);
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    shadow.forget(frame.address(), frame.size());
    engine.function(engine.id(thread), Text.name(frame.name()));
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    engine.function(engine.id(thread), null); // looked up again at the thread's next access
  }

  /** {@return every byte at which a race was found} */
  synchronized Set<Long> racyBytes() {
    return shadow.racyBytes();
  }

  private void access(ThreadContext thread, long op, long address, long length, boolean write,
      boolean atomic) {
    int id = engine.id(thread);
    int[] clock = engine.clock(id);
    int place = engine.place(thread, id, write, atomic, length);
    Update update = this.update;
    long end = address + length;
    update.start(place, HappensBefore.epoch(place, clock[id]), op, address, end, clock, write,
        atomic, id);
    for (long a = address; a < end; ) {
      Page page = shadow.page(a, true);
      int index = (int) a & ShadowMemory.PAGE_MASK;
      int word = index >>> 3;
      long wordEnd = Math.min(end, (a | 7) + 1);
      Slots split = page.bytes == null ? null : page.bytes[word];
      if (split == null && wordEnd - a == 8) {
        update.apply(page.words, word, a, page, index, 8);
      } else {
        split = page.split(word);
        for (long b = a; b < wordEnd; b++) {
          update.apply(split, (int) b & 7, b, page, (int) b & ShadowMemory.PAGE_MASK, 1);
        }
        page.mergeIfSame(word);
      }
      a = wordEnd;
    }
  }

  private final Update update = new Update();

  /**
   * One access applied to the slots it covers. A slot that starts as the last one did ends as
   * it did, so the words of a long access share one computation (and its {@code more} arrays).
   */
  private final class Update {
    private int place;
    private long now;
    private long op;
    private long address;
    private long end;
    private int[] clock;
    private boolean write;
    private boolean atomic;
    private int thread;
    private boolean seen;
    private final Slots last = new Slots(2); // 0: what the last slot held; 1: what it was given
    private boolean lastRaced;

    void start(int place, long now, long op, long address, long end, int[] clock, boolean write,
        boolean atomic, int thread) {
      this.place = place;
      this.end = end;
      this.now = now;
      this.op = op;
      this.address = address;
      this.clock = clock;
      this.write = write;
      this.atomic = atomic;
      this.thread = thread;
      this.seen = false;
    }

    /** Applies the access to slot {@code i}, which covers {@code count} bytes from {@code at}. */
    void apply(Slots slots, int i, long at, Page page, int index, int count) {
      boolean remember = end - at > count; // more slots to come
      if (seen && slots.same(i, last, 0)) {
        slots.copy(i, last, 1);
        if (lastRaced) {
          page.markRacy(index, count);
        }
        return;
      }
      long w = slots.write(i);
      long r = slots.read(i);
      if (!remember && w != MANY && r != MANY && simple(slots, i, w, r, at, page, index,
          count)) {
        return;
      }
      if (remember) {
        last.copy(0, slots, i);
      }
      long[] wMore = w == MANY ? slots.writesMore[i] : null;
      long[] rMore = r == MANY ? slots.readsMore[i] : null;
      boolean raced = check(w, slots.writeOp(i), wMore, at, page, index, count);
      if (write) {
        raced |= check(r, slots.readOp(i), rMore, at, page, index, count);
        // What this write is ordered after can no longer race with anything that does not race
        // with this write too: all of it for a plain write; for an atomic write only atomic
        // accesses, since a later atomic access could race with an earlier plain one but never
        // with this write.
        keep(w, slots.writeOp(i), wMore, clock, atomic, -1);
        add(now, op);
        store(slots, i, true);
        keep(r, slots.readOp(i), rMore, clock, atomic, -1);
        store(slots, i, false);
      } else {
        keep(r, slots.readOp(i), rMore, null, atomic, thread);
        add(now, op);
        store(slots, i, false);
      }
      if (remember) {
        last.copy(1, slots, i);
        lastRaced = raced;
        seen = true;
      }
    }

    /**
     * The common case, a slot with at most one write and one read, for one slot: applies the
     * access if the slot still holds at most one of each afterwards; else changes nothing and
     * says so, for the general way to do it.
     */
    private boolean simple(Slots slots, int i, long w, long r, long at, Page page, int index,
        int count) {
      long newWrite = w;
      long newWriteOp = slots.writeOp(i);
      long newRead;
      long newReadOp;
      if (write) {
        boolean writeStays = w != 0 && engine.stays(w, clock, atomic, -1);
        boolean readStays = r != 0 && engine.stays(r, clock, atomic, -1);
        if (writeStays) {
          return false; // two writes to keep
        }
        newWrite = now;
        newWriteOp = op;
        newRead = readStays ? r : 0;
        newReadOp = readStays ? slots.readOp(i) : 0;
      } else {
        if (r != 0 && engine.stays(r, null, atomic, thread)) {
          return false; // two reads to keep
        }
        newRead = now;
        newReadOp = op;
      }
      check(w, slots.writeOp(i), null, at, page, index, count);
      if (write) {
        check(r, slots.readOp(i), null, at, page, index, count);
      }
      long[] data = slots.data;
      data[4 * i] = newWrite;
      data[4 * i + 1] = newWriteOp;
      data[4 * i + 2] = newRead;
      data[4 * i + 3] = newReadOp;
      return true;
    }

    /** Reports the accesses of a slot that race with this one; whether there was one. */
    private boolean check(long epoch, long epochOp, long[] more, long at, Page page, int index,
        int count) {
      if (epoch == 0) {
        return false;
      }
      if (more == null) {
        if (engine.conflicts(epoch, place, clock)) {
          report(place, op, address, epoch, epochOp, at, page, index, count);
          return true;
        }
        return false;
      }
      boolean raced = false;
      for (int k = 0; k < more.length; k += 2) {
        if (engine.conflicts(more[k], place, clock)) {
          report(place, op, address, more[k], more[k + 1], at, page, index, count);
          raced = true;
        }
      }
      return raced;
    }
  }

  /**
   * Puts in the scratch list the accesses of a slot that stay: with a {@code clock}, those not
   * ordered before it (only atomic ones count as ordered if {@code atomicOnly}); else those that
   * are not reads by {@code thread} of the same kind (atomic or not) as the one being added.
   */
  private void keep(long epoch, long epochOp, long[] more, int[] clock, boolean atomic,
      int thread) {
    scratchSize = 0;
    if (epoch == 0) {
      return;
    }
    if (more == null) {
      if (engine.stays(epoch, clock, atomic, thread)) {
        add(epoch, epochOp);
      }
      return;
    }
    for (int k = 0; k < more.length; k += 2) {
      if (engine.stays(more[k], clock, atomic, thread)) {
        add(more[k], more[k + 1]);
      }
    }
  }

  private void add(long epoch, long op) {
    if (scratchSize == scratchEpochs.length) {
      scratchEpochs = Arrays.copyOf(scratchEpochs, 2 * scratchSize);
      scratchOps = Arrays.copyOf(scratchOps, 2 * scratchSize);
    }
    scratchEpochs[scratchSize] = epoch;
    scratchOps[scratchSize] = op;
    scratchSize++;
  }

  /** Stores the scratch list as a slot's writes or reads. */
  private void store(Slots slots, int index, boolean writes) {
    if (scratchSize == 0) {
      slots.set(index, writes, 0, 0, null);
    } else if (scratchSize == 1) {
      slots.set(index, writes, scratchEpochs[0], scratchOps[0], null);
    } else {
      long[] more = new long[2 * scratchSize];
      for (int k = 0; k < scratchSize; k++) {
        more[2 * k] = scratchEpochs[k];
        more[2 * k + 1] = scratchOps[k];
      }
      slots.set(index, writes, MANY, 0, more);
    }
  }

  private void report(int place, long op, long address, long before, long beforeOp, long at,
      Page page, int index, int count) {
    page.markRacy(index, count);
    reports.report(place, op, address, before, beforeOp, at);
  }
}
