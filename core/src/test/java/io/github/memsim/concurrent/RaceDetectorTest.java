package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The race detector on programs whose races, or their absence, are known by construction. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaceDetectorTest {
  private static final FrameLayout WORKER = FrameLayout.builder("worker").build();

  private static void increment(ThreadContext t, Object shared) {
    try (Frame frame = t.stack().push(WORKER)) {
      Pointer counter = (Pointer) shared;
      t.writeLong(counter, t.readLong(counter) + 1);
    }
  }

  @Test
  void unsynchronizedIncrementsRaceInEverySchedule() {
    Program program = Program.builder("lost update")
        .setup(main -> main.calloc(1, 8))
        .thread("a", RaceDetectorTest::increment)
        .thread("b", RaceDetectorTest::increment)
        .outcome((main, p) -> main.readLong((Pointer) p))
        .build();
    // a runs first (push, read, write, pop), then b: b's read and write are not ordered after
    // a's write, though they come later.
    Run serial = Run.of(program, Strategy.replay("0x4.1x4"));
    assertThat(serial.outcome()).contains("2");
    RaceDetector detector = serial.detector();
    assertThat(serial.races()).extracting(RaceDetector.Race::message).first().asString()
        .matches("data race: 8-byte read at 0x[0-9a-f]+ by b in worker at op \\d+, racing with"
            + " an 8-byte write by a in worker at op \\d+; 0 bytes into block #1 \\(8 bytes at"
            + " 0x[0-9a-f]+\\), allocated by main at op 1");
    Exploration all = Exploration.exhaustive(program, -1, 1000, Reduction.NONE);
    // Four operations each (push, load, store, pop): C(8, 4) = 70 schedules, each racing.
    assertThat(all.schedules()).isEqualTo(70);
    assertThat(all.races().values().stream().mapToInt(Integer::intValue).max().orElse(0))
        .isLessThanOrEqualTo(all.schedules());
    // Grouped by the pair of program places and where they met, whichever thread went first:
    // two races, not one per pair of threads and kinds in either order.
    assertThat(all.races()).containsOnlyKeys(
        "8-byte read in worker / 8-byte write in worker, 0 bytes into block #1",
        "8-byte write in worker / 8-byte write in worker, 0 bytes into block #1");
    assertThat(all.races().values()).allMatch(count -> count == 70);
    // The detailed list keeps the threads: b's read and its write race with a's write.
    assertThat(detector.details()).extracting(RaceDetector.Race::key).containsExactly(
        "8-byte read by b in worker / 8-byte write by a in worker",
        "8-byte write by b in worker / 8-byte write by a in worker");
    assertThat(serial.races()).extracting(RaceDetector.Race::key).containsExactly(
        "8-byte read in worker / 8-byte write in worker, 0 bytes into block #1",
        "8-byte write in worker / 8-byte write in worker, 0 bytes into block #1");
  }

  @Test
  void threadAndFrameNamesInARaceAreEscapedAndCut() {
    FrameLayout escaped = FrameLayout.builder("w\u001b[2J").build();
    String longName = "b".repeat(200);
    Program program = Program.builder("named")
        .setup(main -> main.calloc(1, 8))
        .thread("a\nx", (t, shared) -> {
          try (Frame frame = t.stack().push(escaped)) {
            t.writeLong((Pointer) shared, 1);
          }
        })
        .thread(longName, (t, shared) -> t.readLong((Pointer) shared))
        .build();
    Run serial = Run.of(program, Strategy.replay("0x3.1x1"));
    assertThat(serial.races()).extracting(RaceDetector.Race::message).first().asString()
        .contains(" by " + "b".repeat(80) + "... (120 more characters) at op ")
        .contains("write by a\\u000ax in w\\u001b[2J at op ")
        .doesNotContain("\u001b").doesNotContain("\n").doesNotContain("b".repeat(81));
  }

  @Test
  void aMutexOrAtomicsLeaveNoRace() {
    Program locked = Program.builder("locked")
        .setup(main -> main.calloc(2, 8))
        .thread("a", RaceDetectorTest::lockedIncrement)
        .thread("b", RaceDetectorTest::lockedIncrement)
        .build();
    Exploration all = Exploration.exhaustive(locked, -1, 100_000);
    assertThat(all.races()).isEmpty();
    Program atomic = Program.builder("fetch-and-add")
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, p) -> t.fetchAndAddLong((Pointer) p, 1))
        .thread("b", (t, p) -> t.fetchAndAddLong((Pointer) p, 1))
        .build();
    assertThat(Exploration.exhaustive(atomic, -1, 1000).races()).isEmpty();
  }

  private static void lockedIncrement(ThreadContext t, Object shared) {
    Pointer s = (Pointer) shared;
    Mutex mutex = Mutex.at(s);
    mutex.lock(t);
    t.writeLong(s.plus(8), t.readLong(s.plus(8)) + 1);
    mutex.unlock(t);
  }

  @Test
  void publicationNeedsAnAtomicFlag() {
    // The writer fills a block and publishes it through a slot; the reader reads the slot and,
    // if it is set, the block. A plain slot races (on the slot, and on the data); an atomic
    // store and load order the data's write before its read.
    Program plain = Program.builder("plain publication")
        .setup(main -> main.calloc(1, 8))
        .thread("writer", (t, slot) -> {
          Pointer data = t.malloc(8);
          t.writeLong(data, 42);
          t.writePointer((Pointer) slot, data);
        })
        .thread("reader", (t, slot) -> {
          Pointer data = t.readPointer((Pointer) slot);
          if (!data.isNull()) {
            t.readLong(data);
          }
        })
        .build();
    Exploration racy = Exploration.exhaustive(plain, -1, 1000);
    assertThat(racy.races().keySet()).map(racy::raceReport)
        .anyMatch(report -> report.contains(" by reader at op "));
    Program atomic = Program.builder("atomic publication")
        .setup(main -> main.calloc(1, 8))
        .thread("writer", (t, slot) -> {
          Pointer data = t.malloc(8);
          t.writeLong(data, 42);
          t.atomicStorePointer((Pointer) slot, data);
        })
        .thread("reader", (t, slot) -> {
          Pointer data = t.atomicLoadPointer((Pointer) slot);
          if (!data.isNull()) {
            t.readLong(data);
          }
        })
        .build();
    assertThat(Exploration.exhaustive(atomic, -1, 1000).races()).isEmpty();
  }

  @Test
  void plainJavaThreadsAreCheckedToo() throws InterruptedException {
    for (boolean locked : new boolean[] {false, true}) {
      RaceDetector detector = new RaceDetector();
      MemoryModel model = MemoryModel.builder()
          .listener(detector).build();
      Pointer s = model.mainThread().calloc(2, 8);
      Thread[] workers = new Thread[2];
      for (int w = 0; w < workers.length; w++) {
        ThreadContext context = model.newThread("w" + w);
        workers[w] = new Thread(() -> {
          for (int i = 0; i < 200; i++) {
            if (locked) {
              Mutex.at(s).lock(context);
            }
            context.writeLong(s.plus(8), context.readLong(s.plus(8)) + 1);
            if (locked) {
              Mutex.at(s).unlock(context);
            }
          }
        });
        workers[w].start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      if (locked) {
        assertThat(detector.races()).as("under a mutex").isEmpty();
        assertThat(model.mainThread().atomicLoadLong(s.plus(8))).isEqualTo(400);
      } else {
        // Two free-running threads whose accesses are never ordered: every one of their
        // conflicting pairs is a race, whatever the interleaving the JVM chose.
        assertThat(detector.races()).as("without one").isNotEmpty()
            .allSatisfy(race -> assertThat(race.message()).startsWith("data race: 8-byte"));
      }
    }
  }

  @Test
  void aReusedAddressStartsWithNoHistory() {
    Program program = Program.builder("reuse")
        .thread("a", (t, none) -> {
          Pointer p = t.malloc(16);
          t.writeLong(p, 1);
          t.free(p);
        })
        .thread("b", (t, none) -> {
          Pointer q = t.malloc(16);
          t.writeLong(q, 2);
        })
        .build();
    // a runs to its end first, so b's block reuses a's address: no race on it.
    Run run = Run.of(program, Strategy.replay("0x3.1x2"));
    assertThat(run.model().heap().describe()).contains("block #2, 16 bytes at");
    assertThat(run.races()).isEmpty();
  }

  @Test
  void callocAndReallocIntoAnotherThreadsFreedBytesStartFresh() {
    Program program = Program.builder("reuse by calloc and realloc")
        .thread("a", (t, none) -> {
          Pointer p = t.malloc(64);
          Pointer q = t.malloc(64);
          t.writeBytes(p, new byte[64]);
          t.writeBytes(q, new byte[64]);
          t.free(p);
          t.free(q);
        })
        .thread("b", (t, none) -> {
          Pointer small = t.malloc(8);
          Pointer zeroed = t.calloc(4, 8); // zeroes bytes that a wrote and freed
          Pointer moved = t.realloc(small, 32); // copies into bytes that a wrote and freed
          t.writeLong(zeroed, 2);
          t.writeLong(moved, 3);
        })
        .build();
    // a runs to its end first, so b's blocks reuse a's bytes: initialising them is no race.
    Run run = Run.of(program, Strategy.replay("0x6.1x5"));
    assertThat(run.failure()).isEmpty();
    assertThat(run.model().heap().describe())
        .contains("block #4, 32 bytes at 0x10040").contains("block #5, 32 bytes at 0x10070");
    assertThat(run.races()).isEmpty();
  }

  @Test
  void eightJavaThreadsRecyclingEachOthersBlocksUnderAMutexDoNotRace()
      throws InterruptedException {
    RaceDetector detector = new RaceDetector();
    MemoryModel model = MemoryModel.builder().listener(detector).build();
    ThreadContext main = model.mainThread();
    Pointer shared = main.calloc(3, 8); // a mutex, a counter under it, an atomic tally
    Thread[] workers = new Thread[8];
    ThreadContext[] contexts = new ThreadContext[workers.length];
    for (int w = 0; w < workers.length; w++) {
      ThreadContext context = model.newThread("w" + w);
      contexts[w] = context;
      workers[w] = new Thread(() -> {
        for (int i = 0; i < 300; i++) {
          // Private blocks, at addresses that other threads have just freed.
          Pointer zeroed = context.calloc(1 + i % 5, 8);
          context.writeLong(zeroed, i);
          Pointer moved = context.realloc(zeroed, 8L * (1 + (i * 7) % 9));
          context.readLong(moved);
          context.free(moved);
          Mutex.at(shared).lock(context);
          context.writeLong(shared.plus(8), context.readLong(shared.plus(8)) + 1);
          Mutex.at(shared).unlock(context);
          context.fetchAndAddLong(shared.plus(16), 1);
        }
      });
      workers[w].start();
    }
    for (int w = 0; w < workers.length; w++) {
      workers[w].join();
      model.joined(main, contexts[w]);
    }
    assertThat(main.readLong(shared.plus(8))).isEqualTo(8 * 300);
    assertThat(detector.races()).isEmpty();
  }

  @Test
  void manyShortLivedThreadsKeepClocksForTheLiveOnesOnly() {
    RaceDetector detector = new RaceDetector();
    MemoryModel model = MemoryModel.builder().listener(detector).build();
    ThreadContext main = model.mainThread();
    Pointer shared = main.calloc(2, 8);
    int threads = 3000;
    for (int i = 0; i < threads; i++) {
      ThreadContext worker = i % 2 == 0 ? model.spawn(main, "w" + i) : model.newThread("w" + i);
      Pointer own = worker.malloc(8);
      worker.writeLong(own, i);
      worker.fetchAndAddLong(shared, 1); // an atomic store: its bytes keep a clock too
      worker.writeLong(shared.plus(8), i); // ordered by the joins before it
      worker.free(own);
      model.joined(main, worker);
    }
    assertThat(detector.races()).isEmpty();
    // The main thread's clock and the last worker's: an entry per thread each, where a clock
    // per thread ever run would hold threads * threads / 2 entries.
    assertThat(detector.retainedClockEntries()).isLessThanOrEqualTo(2L * (threads + 1));
  }
}
