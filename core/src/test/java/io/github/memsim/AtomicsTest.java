package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.MemoryListener.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Atomic operations: one operation each, their values, their events, and their faults. */
class AtomicsTest {
  private final List<String> events = new ArrayList<>();
  private final List<String> stale = new ArrayList<>();
  private final MemoryModel model = MemoryModel.builder().listener(new MemoryListener() {
    @Override
    public void onStaleCompareAndSet(ThreadContext thread, long op, long address,
        HeapBlock expected, HeapBlock found) {
      stale.add("op " + op + " at " + address + ": #" + expected.id() + " -> #" + found.id());
    }

    @Override
    public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
      if (origin == Origin.ATOMIC || origin == Origin.USER) {
        events.add("op " + op + " load " + length + " " + origin);
      }
    }

    @Override
    public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
      if (origin == Origin.ATOMIC || origin == Origin.USER) {
        events.add("op " + op + " store " + length + " " + origin);
      }
    }
  }).build();
  private final ThreadContext main = model.mainThread();

  @Test
  void eachIsOneOperationWithAtomicAccesses() {
    Pointer p = main.calloc(2, 8);
    events.clear();
    long before = model.statistics().operations();
    assertThat(main.fetchAndAddLong(p, 5)).isZero();
    assertThat(main.atomicExchangeLong(p, 9)).isEqualTo(5);
    assertThat(main.compareAndSetLong(p, 8, 1)).isFalse();
    assertThat(main.compareAndSetLong(p, 9, 1)).isTrue();
    main.atomicStoreInt(p.plus(8), -3);
    assertThat(main.fetchAndAddInt(p.plus(8), 1)).isEqualTo(-3);
    assertThat(main.atomicLoadInt(p.plus(8))).isEqualTo(-2);
    assertThat(main.atomicLoadLong(p)).isEqualTo(1);
    assertThat(model.statistics().operations() - before).isEqualTo(8);
    long op = before;
    assertThat(events).containsExactly(
        "op " + (op + 1) + " load 8 ATOMIC", "op " + (op + 1) + " store 8 ATOMIC",
        "op " + (op + 2) + " load 8 ATOMIC", "op " + (op + 2) + " store 8 ATOMIC",
        "op " + (op + 3) + " load 8 ATOMIC",
        "op " + (op + 4) + " load 8 ATOMIC", "op " + (op + 4) + " store 8 ATOMIC",
        "op " + (op + 5) + " store 4 ATOMIC",
        "op " + (op + 6) + " load 4 ATOMIC", "op " + (op + 6) + " store 4 ATOMIC",
        "op " + (op + 7) + " load 4 ATOMIC",
        "op " + (op + 8) + " load 8 ATOMIC");
  }

  @Test
  void pointerCompareAndSetComparesBitsAndKeepsProvenance() {
    Pointer slot = main.calloc(1, 8);
    Pointer first = main.malloc(16);
    main.atomicStorePointer(slot, first);
    assertThat(main.atomicLoadPointer(slot).blockId()).isEqualTo(first.blockId());
    main.free(first);
    Pointer second = main.malloc(16); // the same address, a newer block
    assertThat(second.address()).isEqualTo(first.address());
    main.atomicStorePointer(slot, second);
    // Only the bits are compared: the stale pointer's CAS succeeds (ABA), and listeners hear of
    // it with both blocks.
    long op = model.statistics().operations() + 1;
    assertThat(main.compareAndSetPointer(slot, first, second)).isTrue();
    assertThat(stale).containsExactly("op " + op + " at " + slot.address() + ": #"
        + first.blockId().getAsLong() + " -> #" + second.blockId().getAsLong());
    assertThat(main.atomicLoadPointer(slot).blockId()).isEqualTo(second.blockId());
    assertThat(main.compareAndSetPointer(slot, Pointer.NULL, first)).isFalse();
    assertThat(main.atomicLoadPointer(slot).blockId()).isEqualTo(second.blockId());
  }

  @Test
  void aBadAtomicFaultsAndChangesNothing() {
    Pointer p = main.malloc(8);
    main.writeLong(p, 7);
    main.free(p);
    Statistics before = model.statistics();
    assertThatThrownBy(() -> main.fetchAndAddLong(p, 1)).isInstanceOf(UseAfterFreeFault.class)
        .hasMessageStartingWith("use after free: 8-byte write at")
        .hasMessageEndingWith("; on main");
    assertThatThrownBy(() -> main.compareAndSetInt(p.plus(6), 0, 1))
        .isInstanceOf(UseAfterFreeFault.class);
    assertThat(model.statistics()).isEqualTo(before);
    Pointer q = main.malloc(8);
    assertThatThrownBy(() -> main.atomicLoadLong(q.plus(4)))
        .isInstanceOf(OutOfBoundsFault.class);
  }
}
