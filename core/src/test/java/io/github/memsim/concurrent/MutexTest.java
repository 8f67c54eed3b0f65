package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.DeadlockFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.UnlockFault;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mutex in simulated memory under every schedule, its faults, and a deadlock named. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MutexTest {
  /** The shared struct: a mutex at offset 0, a second at 8, a counter at 16. */
  private static Pointer struct(ThreadContext main) {
    return main.calloc(1, 24);
  }

  private static void lockedIncrement(ThreadContext t, Object shared) {
    Pointer s = (Pointer) shared;
    Mutex mutex = Mutex.at(s);
    mutex.lock(t);
    long seen = t.readLong(s.plus(16));
    t.writeLong(s.plus(16), seen + 1);
    mutex.unlock(t);
  }

  @Test
  void aMutexKeepsEveryUpdateInEverySchedule() {
    Program program = Program.builder("locked increments")
        .setup(MutexTest::struct)
        .thread("a", MutexTest::lockedIncrement)
        .thread("b", MutexTest::lockedIncrement)
        .thread("c", MutexTest::lockedIncrement)
        .outcome((main, s) -> main.readLong(((Pointer) s).plus(16)))
        .build();
    Exploration all = Exploration.exhaustive(program, -1, 100_000);
    assertThat(all.failures()).isEmpty();
    assertThat(all.outcomes()).isEqualTo(Map.of("3", all.schedules()));
    assertThat(all.schedules()).isGreaterThan(6);
  }

  @Test
  void twoMutexesTakenInOppositeOrdersDeadlockInSomeSchedules() {
    Program program = Program.builder("two mutexes")
        .setup(MutexTest::struct)
        .thread("a", (t, s) -> {
          Mutex first = Mutex.at((Pointer) s);
          Mutex second = Mutex.at(((Pointer) s).plus(8));
          first.lock(t);
          second.lock(t);
          second.unlock(t);
          first.unlock(t);
        })
        .thread("b", (t, s) -> {
          Mutex first = Mutex.at((Pointer) s);
          Mutex second = Mutex.at(((Pointer) s).plus(8));
          second.lock(t);
          first.lock(t);
          first.unlock(t);
          second.unlock(t);
        })
        .build();
    Exploration all = Exploration.exhaustive(program, -1, 100_000);
    assertThat(all.outcomes()).isNotEmpty();
    assertThat(all.failures()).isNotEmpty().allSatisfy(run -> {
      assertThat(run.failure()).containsInstanceOf(DeadlockFault.class);
      assertThat(run.failure().get().getMessage()).startsWith("deadlock: a waits for the mutex"
          + " at 0x").contains(" held by b; b waits for the mutex at 0x").contains(" held by a;"
          + " on ");
    });
    Run first = all.firstFailure().orElseThrow();
    Run replayed = Run.of(program, Strategy.replay(first.schedule()));
    assertThat(replayed.failure().get()).hasMessage(first.failure().get().getMessage());
  }

  @Test
  void aThreadThatEndsHoldingAMutexLeavesTheOthersDeadlocked() {
    Program program = Program.builder("forgot to unlock")
        .setup(MutexTest::struct)
        .thread("a", (t, s) -> Mutex.at((Pointer) s).lock(t))
        .thread("b", (t, s) -> Mutex.at((Pointer) s).lock(t))
        .build();
    Run run = Run.of(program, Strategy.replay("0.1"));
    assertThat(run.failure()).containsInstanceOf(DeadlockFault.class);
    assertThat(run.failure().get().getMessage()).matches("deadlock: b waits for the mutex at"
        + " 0x[0-9a-f]+ held by a, which has ended; on b");
  }

  @Test
  void unlockingAMutexOneDoesNotHoldIsAFault() {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext a = model.newThread("a");
    ThreadContext b = model.newThread("b");
    Pointer s = struct(model.mainThread());
    Mutex mutex = Mutex.at(s);
    assertThatThrownBy(() -> mutex.unlock(a)).isInstanceOf(UnlockFault.class)
        .hasMessage("bad unlock: mutex at 0x" + Long.toHexString(s.address())
            + " is not locked; on a");
    mutex.lock(b);
    assertThatThrownBy(() -> mutex.unlock(a)).isInstanceOf(UnlockFault.class)
        .hasMessage("bad unlock: mutex at 0x" + Long.toHexString(s.address())
            + " is held by b; on a");
    assertThat(b.atomicLoadLong(s)).as("still held by b").isEqualTo(
        model.threads().indexOf(b) + 1L);
    assertThat(mutex.tryLock(a)).isFalse();
    mutex.unlock(b);
    assertThat(mutex.tryLock(a)).isTrue();
  }

  @Test
  void plainJavaThreadsSpinOnTheSameMutex() throws InterruptedException {
    MemoryModel model = MemoryModel.builder().build();
    Pointer s = struct(model.mainThread());
    Thread[] workers = new Thread[2];
    for (int w = 0; w < workers.length; w++) {
      ThreadContext context = model.newThread("w" + w);
      workers[w] = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          lockedIncrement(context, s);
        }
      });
      workers[w].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(model.mainThread().readLong(s.plus(16))).isEqualTo(1000);
  }
}
