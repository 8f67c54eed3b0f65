package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MemoryListener#onPointerLoad}: which loads send it, when, and with what. */
class PointerLoadEventTest {
  @Test
  void everyPointerLoadSendsThePointerAfterItsLoad() {
    List<String> events = new ArrayList<>();
    MemoryModel model = MemoryModel.builder().listener(new MemoryListener() {
      @Override
      public void onLoad(ThreadContext thread, long op, long address, long length,
          Origin origin) {
        if (origin == Origin.USER || origin == Origin.ATOMIC) {
          events.add("load op " + op + " at " + address);
        }
      }

      @Override
      public void onPointerLoad(ThreadContext thread, long op, long address, Pointer value) {
        events.add("pointer op " + op + " at " + address + " = " + value.address() + " ("
            + value.kind() + ", offset " + value.offset() + ")");
      }
    }).build();
    ThreadContext main = model.mainThread();
    Pointer holder = main.malloc(16);
    Pointer target = main.malloc(32);
    main.writePointer(holder, target.plus(8));
    main.writeLong(holder.plus(8), 5);
    events.clear();
    long op = model.statistics().operations() + 1;
    main.readPointer(holder);
    main.readLong(holder.plus(8));
    main.atomicLoadPointer(holder);
    assertThat(events).containsExactly(
        "load op " + op + " at " + holder.address(),
        "pointer op " + op + " at " + holder.address() + " = " + (target.address() + 8)
            + " (HEAP, offset 8)",
        "load op " + (op + 1) + " at " + (holder.address() + 8),
        "load op " + (op + 2) + " at " + holder.address(),
        "pointer op " + (op + 2) + " at " + holder.address() + " = " + (target.address() + 8)
            + " (HEAP, offset 8)");
  }
}
