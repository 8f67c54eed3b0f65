package io.github.memsim.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.DeadlockFault;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Condition variables and barriers under every schedule, and with plain Java threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SynchronizationTest {
  // A one-slot buffer: mutex at 0, condition at 8, full flag at 16, value at 24, sum at 32.
  private static void produce(ThreadContext t, Pointer s, int items) {
    Mutex mutex = Mutex.at(s);
    Condition changed = Condition.at(s.plus(8));
    for (int i = 1; i <= items; i++) {
      mutex.lock(t);
      while (t.readLong(s.plus(16)) != 0) {
        changed.await(t, mutex);
      }
      t.writeLong(s.plus(24), i);
      t.writeLong(s.plus(16), 1);
      changed.signal(t);
      mutex.unlock(t);
    }
  }

  private static void consume(ThreadContext t, Pointer s, int items) {
    Mutex mutex = Mutex.at(s);
    Condition changed = Condition.at(s.plus(8));
    for (int i = 0; i < items; i++) {
      mutex.lock(t);
      while (t.readLong(s.plus(16)) == 0) {
        changed.await(t, mutex);
      }
      t.writeLong(s.plus(32), t.readLong(s.plus(32)) + t.readLong(s.plus(24)));
      t.writeLong(s.plus(16), 0);
      changed.signal(t);
      mutex.unlock(t);
    }
  }

  @Test
  void aProducerAndAConsumerHandOverEveryItemInEverySchedule() {
    Program program = Program.builder("one-slot buffer")
        .setup(main -> main.calloc(5, 8))
        .thread("producer", (t, s) -> produce(t, (Pointer) s, 2))
        .thread("consumer", (t, s) -> consume(t, (Pointer) s, 2))
        .outcome((main, s) -> main.readLong(((Pointer) s).plus(32)))
        .build();
    Exploration all = Exploration.exhaustive(program, -1, 20_000);
    assertThat(all.failures()).isEmpty();
    assertThat(all.races()).isEmpty();
    assertThat(all.outcomes()).isEqualTo(Map.of("3", all.schedules()));
    assertThat(all.how()).doesNotContain("stopped");
  }

  @Test
  void aWaitNoOneSignalsIsADeadlockNamingTheCondition() {
    Program program = Program.builder("never signalled")
        .setup(main -> main.calloc(2, 8))
        .thread("a", (t, s) -> {
          Mutex mutex = Mutex.at((Pointer) s);
          mutex.lock(t);
          Condition.at(((Pointer) s).plus(8)).await(t, mutex);
        })
        .build();
    Run run = Run.of(program, Strategy.random(1));
    assertThat(run.failure()).containsInstanceOf(DeadlockFault.class);
    assertThat(run.failure().get().getMessage()).matches("deadlock: a waits for the condition"
        + " variable at 0x[0-9a-f]+; on a");
  }

  @Test
  void aBarrierOrdersEveryWriteBeforeItBeforeEveryReadAfterIt() {
    // Three threads each write their slot (8, 16, 24), meet at the barrier (0), then each
    // sums all three slots into its own result (32, 40, 48).
    Program.Body body = (t, shared) -> {
      Pointer s = (Pointer) shared;
      int me = Integer.parseInt(t.name().substring(1));
      t.writeLong(s.plus(16 + 8L * me), me + 1);
      Barrier.at(s, 3).await(t);
      long sum = 0;
      for (int i = 0; i < 3; i++) {
        sum += t.readLong(s.plus(16 + 8L * i));
      }
      t.writeLong(s.plus(40 + 8L * me), sum);
    };
    Program program = Program.builder("barrier")
        .setup(main -> main.calloc(8, 8))
        .thread("t0", body).thread("t1", body).thread("t2", body)
        .outcome((main, s) -> main.readLong(((Pointer) s).plus(40)) + " "
            + main.readLong(((Pointer) s).plus(48)) + " " + main.readLong(((Pointer) s).plus(56)))
        .build();
    Exploration some = Exploration.exhaustive(program, -1, 3000);
    assertThat(some.failures()).isEmpty();
    assertThat(some.races()).isEmpty();
    assertThat(some.outcomes()).isEqualTo(Map.of("6 6 6", some.schedules()));
    Exploration random = Exploration.random(program, 1, 200);
    assertThat(random.races()).isEmpty();
    assertThat(random.outcomes()).isEqualTo(Map.of("6 6 6", 200));
  }

  @Test
  void plainJavaThreadsUseTheSameConditionAndBarrier() throws InterruptedException {
    MemoryModel model = MemoryModel.builder().build();
    Pointer s = model.mainThread().calloc(8, 8);
    ThreadContext producer = model.newThread("producer");
    ThreadContext consumer = model.newThread("consumer");
    Thread p = new Thread(() -> produce(producer, s, 50));
    Thread c = new Thread(() -> consume(consumer, s, 50));
    p.start();
    c.start();
    p.join();
    c.join();
    assertThat(model.mainThread().readLong(s.plus(32))).isEqualTo(50 * 51 / 2);
  }
}
