package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.memsim.alloc.Allocator;
import io.github.memsim.alloc.AllocatorProvider;
import io.github.memsim.alloc.AllocatorStatistics;
import io.github.memsim.alloc.Allocators;
import io.github.memsim.alloc.BlockLayout;
import io.github.memsim.alloc.BlockVisitor;
import io.github.memsim.alloc.HeapRegion;
import org.junit.jupiter.api.Test;

/** What a restore undoes, and what it refuses. */
class SnapshotTest {
  private static final FrameLayout FRAME = FrameLayout.builder("f").longSlot("x").build();

  private final MemoryModel model = MemoryModel.builder().build();
  private final ThreadContext main = model.mainThread();

  @Test
  void aBlockAllocatedSinceIsUndoneAndOneFreedSinceLivesAgain() {
    Pointer kept = main.malloc(24);
    main.writeLong(kept, 7);
    MemoryModel.Snapshot snapshot = model.snapshot();
    assertThat(snapshot.op()).isEqualTo(2);
    Pointer later = main.malloc(16);
    main.free(kept);
    model.restore(snapshot);
    assertThat(main.readLong(kept)).isEqualTo(7);
    assertThatThrownBy(() -> main.readLong(later)).isInstanceOf(UseAfterFreeFault.class)
        .hasMessage("use after free: 8-byte read at 0x10050, 0 bytes into block #2 (16 bytes),"
            + " undone by a restore to op 2; allocated by main at op 3; on main");
    assertThat(main.malloc(16)).as("the same address and block number again")
        .hasToString(later.toString());
  }

  @Test
  void theReadmesExample() {
    Pointer kept = main.malloc(24);
    MemoryModel.Snapshot snapshot = model.snapshot();
    assertThat(snapshot).hasToString("snapshot at op 1");
    Pointer later = main.malloc(16);
    main.free(kept);
    model.restore(snapshot);
    main.readLong(kept);
    assertThatThrownBy(() -> main.readLong(later)).hasMessage("use after free: 8-byte read at"
        + " 0x10050, 0 bytes into block #2 (16 bytes), undone by a restore to op 1; allocated by"
        + " main at op 2; on main");
  }

  @Test
  void aFrameAndAThreadFromSinceAreGoneAndAFramePoppedSinceIsBack() {
    Frame outer = main.stack().push(FRAME);
    outer.setLong("x", 5);
    MemoryModel.Snapshot snapshot = model.snapshot();
    Frame inner = main.stack().push(FRAME);
    Pointer slot = inner.addressOf("x");
    ThreadContext worker = model.newThread("worker");
    main.stack().pop();
    main.stack().pop();
    model.restore(snapshot);
    assertThat(main.stack().depth()).isEqualTo(1);
    assertThat(outer.getLong("x")).isEqualTo(5);
    assertThatThrownBy(() -> main.readLong(slot)).isInstanceOf(DanglingStackPointerFault.class);
    assertThatThrownBy(() -> worker.malloc(8)).isInstanceOf(IllegalStateException.class)
        .hasMessage("thread worker was started after the snapshot the model was restored to, so"
            + " it no longer exists");
    assertThat(model.threads()).containsExactly(main);
    assertThat(model.newThread("worker").stack().topAddress())
        .isEqualTo(worker.stack().topAddress());
  }

  @Test
  void aSnapshotOfAnotherModelOrOfAnAllocatorThatCannotSaveIsRefused() {
    MemoryModel other = MemoryModel.builder().build();
    assertThatThrownBy(() -> model.restore(other.snapshot()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a snapshot of another model");
    AllocatorProvider outside = new AllocatorProvider() {
      @Override
      public String name() {
        return "outside";
      }

      @Override
      public Allocator create(HeapRegion region, BlockLayout layout) {
        Allocator inner = Allocators.firstFit().create(region, layout);
        return new Allocator() {
          @Override
          public String name() {
            return "outside";
          }

          @Override
          public BlockLayout layout() {
            return inner.layout();
          }

          @Override
          public long allocate(long payloadBytes) {
            return inner.allocate(payloadBytes);
          }

          @Override
          public void free(long payloadAddress) {
            inner.free(payloadAddress);
          }

          @Override
          public long usableSize(long payloadAddress) {
            return inner.usableSize(payloadAddress);
          }

          @Override
          public void reset() {
            inner.reset();
          }

          @Override
          public void walk(BlockVisitor visitor) {
            inner.walk(visitor);
          }

          @Override
          public void check() {
            inner.check();
          }

          @Override
          public AllocatorStatistics statistics() {
            return inner.statistics();
          }
        };
      }
    };
    MemoryModel plugged = MemoryModel.builder().allocator(outside).build();
    plugged.mainThread().malloc(8);
    String digest = ModelDigest.of(plugged);
    assertThatThrownBy(plugged::snapshot).isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("allocator 'outside' cannot save its state (Allocator.save), so the model"
            + " cannot take snapshots");
    assertThat(ModelDigest.of(plugged)).isEqualTo(digest);
    // An allocator from outside that forwards to a built-in one saves through it.
    MemoryModel forwarded = MemoryModel.builder()
        .allocator(new com.example.outside.TracingBestFitProvider()).build();
    Pointer p = forwarded.mainThread().malloc(40);
    MemoryModel.Snapshot snapshot = forwarded.snapshot();
    forwarded.mainThread().free(p);
    forwarded.restore(snapshot);
    forwarded.heap().check();
    assertThat(forwarded.mainThread().usableSize(p)).isGreaterThanOrEqualTo(40);
  }
}
