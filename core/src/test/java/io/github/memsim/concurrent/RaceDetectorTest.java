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
    assertThat(serial.races()).extracting(RaceDetector.Race::message).first().asString()
        .matches("data race: 8-byte read at 0x[0-9a-f]+ by b in worker at op \\d+, racing with"
            + " an 8-byte write by a in worker at op \\d+; 0 bytes into block #1 \\(8 bytes at"
            + " 0x[0-9a-f]+\\), allocated by main at op 1");
    Exploration all = Exploration.exhaustive(program, -1, 1000, Reduction.NONE);
    // Four operations each (push, load, store, pop): C(8, 4) = 70 schedules, each racing.
    assertThat(all.schedules()).isEqualTo(70);
    assertThat(all.races()).isNotEmpty();
    assertThat(all.races().values().stream().mapToInt(Integer::intValue).max().orElse(0))
        .isLessThanOrEqualTo(all.schedules());
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
    assertThat(racy.races().keySet()).anyMatch(key -> key.contains("read by reader"));
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
}
