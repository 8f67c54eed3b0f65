package io.github.memsim;

import io.github.memsim.internal.PagedMemory;
import java.util.Objects;

/** A simulated thread: its stack region and the checked loads, stores and heap calls it makes. */
final class ModelThread implements ThreadContext {
  final Model model;
  final int index;
  private final String name;
  final long bottom;
  final long top;
  final PagedMemory memory;
  final ThreadStack stack;

  ModelThread(Model model, int index, String name, long bottom, long top) {
    this.model = model;
    this.index = index;
    this.name = name;
    this.bottom = bottom;
    this.top = top;
    this.memory = new PagedMemory(bottom, top - bottom);
    this.stack = new ThreadStack(this);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Stack stack() {
    return stack;
  }

  @Override
  public Heap heap() {
    return model.heap;
  }

  @Override
  public Pointer malloc(long size) {
    synchronized (model.lock) {
      return model.heap.malloc(this, size);
    }
  }

  @Override
  public Pointer calloc(long count, long size) {
    synchronized (model.lock) {
      return model.heap.calloc(this, count, size);
    }
  }

  @Override
  public Pointer realloc(Pointer block, long size) {
    Objects.requireNonNull(block, "block");
    synchronized (model.lock) {
      return model.heap.realloc(this, block, size);
    }
  }

  @Override
  public void free(Pointer block) {
    Objects.requireNonNull(block, "block");
    synchronized (model.lock) {
      model.heap.free(this, block);
    }
  }

  private PagedMemory forRead(Pointer at, long length) {
    Objects.requireNonNull(at, "at");
    return model.resolve(at, length, false, this);
  }

  private PagedMemory forWrite(Pointer at, long length) {
    Objects.requireNonNull(at, "at");
    PagedMemory target = model.resolve(at, length, true, this);
    model.clearTags(at.address(), length);
    return target;
  }

  private void loaded() {
    model.loads++;
    model.completeOp();
  }

  private void stored() {
    model.stores++;
    model.completeOp();
  }

  @Override
  public byte readByte(Pointer at) {
    synchronized (model.lock) {
      byte value = forRead(at, 1).readByte(at.address());
      loaded();
      return value;
    }
  }

  @Override
  public void writeByte(Pointer at, byte value) {
    synchronized (model.lock) {
      forWrite(at, 1).writeByte(at.address(), value);
      stored();
    }
  }

  @Override
  public int readInt(Pointer at) {
    synchronized (model.lock) {
      int value = forRead(at, 4).readInt(at.address());
      loaded();
      return value;
    }
  }

  @Override
  public void writeInt(Pointer at, int value) {
    synchronized (model.lock) {
      forWrite(at, 4).writeInt(at.address(), value);
      stored();
    }
  }

  @Override
  public long readLong(Pointer at) {
    synchronized (model.lock) {
      long value = forRead(at, 8).readLong(at.address());
      loaded();
      return value;
    }
  }

  @Override
  public void writeLong(Pointer at, long value) {
    synchronized (model.lock) {
      forWrite(at, 8).writeLong(at.address(), value);
      stored();
    }
  }

  @Override
  public Pointer readPointer(Pointer at) {
    synchronized (model.lock) {
      long bytes = forRead(at, 8).readLong(at.address());
      Pointer value = model.taggedPointer(at.address(), bytes);
      loaded();
      return value;
    }
  }

  @Override
  public void writePointer(Pointer at, Pointer value) {
    Objects.requireNonNull(value, "value");
    synchronized (model.lock) {
      forWrite(at, 8).writeLong(at.address(), value.address());
      model.tagPointer(at.address(), value);
      stored();
    }
  }

  @Override
  public byte[] readBytes(Pointer at, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative but was " + length);
    }
    synchronized (model.lock) {
      byte[] bytes = new byte[length];
      forRead(at, length).read(at.address(), bytes, 0, length);
      loaded();
      return bytes;
    }
  }

  @Override
  public void writeBytes(Pointer at, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    synchronized (model.lock) {
      forWrite(at, bytes.length).write(at.address(), bytes, 0, bytes.length);
      stored();
    }
  }

  @Override
  public void fill(Pointer at, long length, byte value) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative but was " + length);
    }
    synchronized (model.lock) {
      forWrite(at, length).fill(at.address(), length, value);
      stored();
    }
  }

  @Override
  public String toString() {
    return "thread " + name;
  }
}
