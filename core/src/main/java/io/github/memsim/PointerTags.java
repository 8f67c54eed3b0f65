package io.github.memsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The provenance of pointers stored in simulated memory, by the address they were stored at. A
 * tag is valid only while the 8 bytes there still hold the pointer's address; stores over it
 * remove it, and a freed block or popped frame takes its tags with it. Callers hold the model's
 * lock.
 */
final class PointerTags {
  private final TreeMap<Long, Pointer> tags = new TreeMap<>();

  /** {@return what puts the tags back as they are now} */
  Runnable save() {
    TreeMap<Long, Pointer> saved = new TreeMap<>(tags);
    return () -> {
      tags.clear();
      tags.putAll(saved);
    };
  }

  void tag(long address, Pointer value) {
    clear(address, 8);
    if (value.provenance() != null) {
      tags.put(address, value);
    }
  }

  /** {@return the pointer stored at {@code address}, given the 8 bytes that are there now} */
  Pointer read(long address, long bytes) {
    Pointer tagged = tags.get(address);
    return tagged != null && tagged.address() == bytes ? tagged : Pointer.raw(bytes);
  }

  /** Forgets the provenance of every pointer stored over {@code [address, address + length)}. */
  void clear(long address, long length) {
    if (!tags.isEmpty() && length > 0) {
      tags.subMap(address - 7, true, address + length - 1, true).clear();
    }
  }

  /** Copies the tags of {@code [from, from + length)} to the same offsets from {@code to}. */
  void copy(long from, long to, long length) {
    if (tags.isEmpty() || length < 8) {
      return;
    }
    NavigableMap<Long, Pointer> moved = tags.subMap(from, true, from + length - 8, true);
    List<Map.Entry<Long, Pointer>> entries = new ArrayList<>(moved.entrySet());
    for (Map.Entry<Long, Pointer> entry : entries) {
      tags.put(entry.getKey() - from + to, entry.getValue());
    }
  }

  /** {@return the tags in address order, copied} */
  List<Map.Entry<Long, Pointer>> entries() {
    return new ArrayList<>(tags.entrySet());
  }

  void digest(LongConsumer longs) {
    for (Map.Entry<Long, Pointer> tag : tags.entrySet()) {
      longs.accept(tag.getKey());
      longs.accept(tag.getValue().address());
    }
  }
}
