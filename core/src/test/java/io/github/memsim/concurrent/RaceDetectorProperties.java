package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.DataRaceFault;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The detector against the definition, by brute force: on random small programs (plain and
 * atomic accesses to three shared words, to parts of them and across two; sections under a
 * mutex; private blocks made by malloc, calloc and realloc, which reuse the bytes that other
 * threads freed) under random schedules, every race it reports is a pair of conflicting accesses that
 * happens-before, computed from the whole trace as a graph, does not order; and every byte with
 * such a pair is a byte it reports.
 */
class RaceDetectorProperties {
  /**
   * One access in the trace, or ({@code fresh}) the start of a new block's bytes, which have no
   * history before it.
   */
  private record Event(String thread, long op, long address, long length, boolean write,
      boolean atomic, boolean fresh) {
    Event(String thread, long op, long address, long length, boolean write, boolean atomic) {
      this(thread, op, address, length, write, atomic, false);
    }

    boolean covers(long x) {
      return address <= x && x < address + length;
    }
  }

  /**
   * Records the accesses the detector looks at, in order, as the definition has them: a free is
   * a write of the whole block; a new block's bytes start fresh, and calloc's zeroing and
   * realloc's copy are writes of the new block.
   */
  private static final class Recorder implements MemoryListener {
    final List<Event> events = new ArrayList<>();
    private long initEnd = -1;

    @Override
    public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
      if (origin == Origin.USER || origin == Origin.ATOMIC || origin == Origin.COPY) {
        events.add(new Event(thread.name(), op, address, length, false,
            origin == Origin.ATOMIC));
      }
    }

    @Override
    public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
      if (origin == Origin.ZEROING || origin == Origin.COPY) {
        events.add(new Event(thread.name(), op, address, length, true, false, true));
        initEnd = address + length;
      }
      if (origin == Origin.USER || origin == Origin.ATOMIC || origin == Origin.ZEROING
          || origin == Origin.COPY) {
        events.add(new Event(thread.name(), op, address, length, true,
            origin == Origin.ATOMIC));
      }
    }

    @Override
    public void onHeapCall(HeapCall call) {
      String thread = call.thread().name();
      HeapBlock freed = call.kind() == HeapCall.Kind.FREE ? call.block().orElse(null)
          : call.oldBlock().orElse(null);
      if (freed != null) {
        events.add(new Event(thread, call.op(), freed.address(), Math.max(1, freed.size()),
            true, false));
      }
      if (call.kind() != HeapCall.Kind.FREE && call.block().isPresent()) {
        HeapBlock block = call.block().get();
        long from = initEnd > block.address() && initEnd <= block.address() + block.size()
            ? initEnd : block.address();
        events.add(new Event(thread, call.op(), from, block.address() + block.size() - from,
            true, false, true));
      }
      initEnd = -1;
    }
  }

  @Test
  void theDetectorFindsExactlyTheRacesOfTheDefinition() {
    qt().withExamples(1000).forAll(longs().all(), longs().all())
        .checkAssert((programSeed, scheduleSeed) -> check(programSeed, scheduleSeed));
  }

  private static void check(long programSeed, long scheduleSeed) {
    SplittableRandom random = new SplittableRandom(programSeed);
    int threads = 2 + random.nextInt(2);
    List<List<int[]>> plans = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<int[]> plan = new ArrayList<>();
      int steps = 1 + random.nextInt(5);
      for (int i = 0; i < steps; i++) {
        plan.add(new int[] {random.nextInt(16), random.nextInt(3)});
      }
      plans.add(plan);
    }
    Recorder[] recorder = new Recorder[1];
    Program.Builder builder = Program.builder("random " + programSeed)
        .model(() -> {
          recorder[0] = new Recorder();
          return MemoryModel.builder().listener(recorder[0]);
        })
        .setup(main -> main.calloc(5, 8));
    for (int t = 0; t < threads; t++) {
      List<int[]> plan = plans.get(t);
      builder.thread("t" + t, (thread, shared) -> run(thread, (Pointer) shared, plan));
    }
    Program program = builder.build();
    Run run = Run.of(program, Strategy.random(scheduleSeed));
    assertThat(run.failure()).isEmpty();
    List<Event> events = recorder[0].events;
    BitSet[] before = happensBefore(events);
    Set<Long> racy = new TreeSet<>();
    Map<Long, List<Integer>> byOp = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      byOp.computeIfAbsent(events.get(i).op(), k -> new ArrayList<>()).add(i);
      for (int j = 0; j < i; j++) {
        Event a = events.get(i);
        Event b = events.get(j);
        for (long x = Math.max(a.address(), b.address());
            x < Math.min(a.address() + a.length(), b.address() + b.length()); x++) {
          if (races(events, before, j, i, x)) {
            racy.add(x);
          }
        }
      }
    }
    RaceDetector detector = run.detector();
    assertThat(detector.racyBytes()).as("bytes with races, program %s schedule %s",
        programSeed, scheduleSeed).isEqualTo(racy);
    // Each group's race is the first of its group in the detailed list.
    assertThat(detector.races()).extracting(RaceDetector.Race::message)
        .isSubsetOf(detector.details().stream().map(RaceDetector.Race::message).toList());
    for (RaceDetector.Race race : detector.details()) {
      boolean confirmed = false;
      for (int later : byOp.getOrDefault(race.op(), List.of())) {
        for (int earlier : byOp.getOrDefault(race.earlierOp(), List.of())) {
          Event a = events.get(later);
          Event b = events.get(earlier);
          if (earlier < later && races(events, before, earlier, later, race.address())) {
            confirmed = true;
          }
        }
      }
      assertThat(confirmed).as("%s is a race of the definition", race).isTrue();
    }
    // Set to fault, the detector stops the same schedule at the first racing access, which the
    // recording run reported first; with no race, the run is the same.
    Program.Builder faulting = Program.builder("random " + programSeed).raceFaults()
        .setup(main -> main.calloc(5, 8));
    for (int t = 0; t < threads; t++) {
      List<int[]> plan = plans.get(t);
      faulting.thread("t" + t, (thread, shared) -> run(thread, (Pointer) shared, plan));
    }
    Run stopped = Run.of(faulting.build(), Strategy.random(scheduleSeed));
    Optional<RaceDetector.Race> first = detector.details().stream()
        .min(Comparator.comparingLong(RaceDetector.Race::op));
    if (first.isEmpty()) {
      assertThat(stopped.failure()).as("program %s schedule %s", programSeed, scheduleSeed)
          .isEmpty();
      assertThat(stopped.schedule()).isEqualTo(run.schedule());
    } else {
      assertThat(stopped.failure()).as("program %s schedule %s", programSeed, scheduleSeed)
          .get().isInstanceOf(DataRaceFault.class);
      String message = stopped.failure().get().getMessage();
      assertThat(message).as("program %s schedule %s", programSeed, scheduleSeed)
          .startsWith("data race: ").contains(" at op " + first.get().op() + ", racing with");
    }
  }

  /** Whether two events race at byte {@code x}, which no fresh start came between. */
  private static boolean races(List<Event> events, BitSet[] before, int earlier, int later,
      long x) {
    Event a = events.get(earlier);
    Event b = events.get(later);
    if (a.fresh() || b.fresh() || !a.covers(x) || !b.covers(x)) {
      return false;
    }
    for (int k = earlier + 1; k < later; k++) {
      if (events.get(k).fresh() && events.get(k).covers(x)) {
        return false;
      }
    }
    return !a.thread().equals(b.thread()) && (a.write() || b.write())
        && !(a.atomic() && b.atomic()) && !before[earlier].get(later);
  }

  /** Happens-before as reachability over program order, thread start and release-acquire. */
  private static BitSet[] happensBefore(List<Event> events) {
    int n = events.size();
    List<List<Integer>> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      edges.add(new ArrayList<>());
    }
    Map<String, Integer> last = new HashMap<>();
    Map<Long, Integer> lastAtomicStore = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Event e = events.get(i);
      Integer previous = last.put(e.thread(), i);
      if (previous != null) {
        edges.get(previous).add(i);
      } else if (!e.thread().equals("main")) {
        Integer setup = last.get("main");
        if (setup != null) {
          edges.get(setup).add(i);
        }
      }
      if (e.atomic() && !e.write()) {
        for (long x = e.address(); x < e.address() + e.length(); x++) {
          Integer store = lastAtomicStore.get(x);
          if (store != null) {
            edges.get(store).add(i);
          }
        }
      }
      if (e.atomic() && e.write()) {
        for (long x = e.address(); x < e.address() + e.length(); x++) {
          lastAtomicStore.put(x, i);
        }
      }
    }
    BitSet[] reach = new BitSet[n];
    for (int i = n - 1; i >= 0; i--) {
      reach[i] = new BitSet(n);
      for (int next : edges.get(i)) {
        reach[i].set(next);
        reach[i].or(reach[next]);
      }
    }
    return reach;
  }

  /** Runs a plan: each step is an action on one of three words (or the mutex's section). */
  private static void run(ThreadContext thread, Pointer shared, List<int[]> plan) {
    Mutex mutex = Mutex.at(shared);
    for (int[] step : plan) {
      Pointer word = shared.plus(8 + 8L * step[1]);
      switch (step[0]) {
        case 0 -> thread.readLong(word);
        case 1 -> thread.writeLong(word, 7);
        case 2 -> thread.atomicLoadLong(word);
        case 3 -> thread.atomicStoreLong(word, 9);
        case 4 -> thread.fetchAndAddLong(word, 1);
        // Parts of words and words across two: the detector keeps bytes, not words.
        case 5 -> thread.readInt(word.plus(4));
        case 6 -> thread.writeInt(word, 3);
        case 7 -> thread.writeByte(word.plus(3), (byte) 1);
        case 8 -> thread.readLong(word.plus(4));
        case 9 -> thread.atomicStoreInt(word.plus(4), 5);
        case 10 -> thread.fetchAndAddInt(word, 1);
        case 11 -> thread.writeBytes(word.plus(2), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        // Private blocks, often at bytes that another thread used and freed: a new block's
        // bytes, and calloc's zeroing and realloc's copy into them, race with nothing before.
        case 13 -> {
          Pointer block = thread.malloc(8 + 8L * step[1]);
          thread.writeLong(block, 1);
          thread.free(block);
        }
        case 14 -> {
          Pointer block = thread.calloc(1 + step[1], 8);
          thread.readLong(block);
          thread.free(block);
        }
        case 15 -> {
          Pointer block = thread.realloc(thread.malloc(8), 16 + 8L * step[1]);
          thread.writeLong(block.plus(8), 2);
          thread.free(block);
        }
        default -> {
          mutex.lock(thread);
          thread.writeLong(word, thread.readLong(word) + 1);
          mutex.unlock(thread);
        }
      }
    }
  }
}
