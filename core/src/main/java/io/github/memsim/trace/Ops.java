package io.github.memsim.trace;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Operations one at a time, as a replay reads them: a trace in memory or a {@link TraceReader}
 * over a file of any size. The current operation's id comes with its dense number, so that a
 * replay keeps its blocks in arrays that grow with the ids, never with the operations.
 */
interface Ops {
  /** {@return the trace's name} */
  String name();

  /** {@return whether there was another operation; it becomes the current one} */
  boolean next() throws IOException;

  /** {@return the number of operations, if known before the end (for progress), or -1} */
  long expected();

  Trace.Kind kind();

  int id();

  /** {@return the dense number of the current id} */
  int slot();

  /** {@return the id with dense number {@code slot}} */
  int idOfSlot(int slot);

  long size();

  long alignment();

  int site();

  int line();

  /** {@return the sites defined so far} */
  List<List<String>> sites();

  /** {@return the trace's metadata} */
  Map<String, String> metadata();

  /** {@return the current operation as a value, for messages} */
  Trace.Op op();

  /** A trace in memory, operation by operation. */
  static Ops of(Trace trace) {
    return new Ops() {
      private int index = -1;

      @Override
      public String name() {
        return trace.name();
      }

      @Override
      public boolean next() {
        if (index + 1 >= trace.size()) {
          return false;
        }
        index++;
        return true;
      }

      @Override
      public long expected() {
        return trace.size();
      }

      @Override
      public Trace.Kind kind() {
        return trace.kind(index);
      }

      @Override
      public int id() {
        return trace.id(index);
      }

      @Override
      public int slot() {
        return trace.slot(index);
      }

      @Override
      public int idOfSlot(int slot) {
        return trace.idOfSlot(slot);
      }

      @Override
      public long size() {
        return trace.sizeOf(index);
      }

      @Override
      public long alignment() {
        return trace.alignment(index);
      }

      @Override
      public int site() {
        return trace.site(index);
      }

      @Override
      public int line() {
        return trace.line(index);
      }

      @Override
      public List<List<String>> sites() {
        return trace.sites();
      }

      @Override
      public Map<String, String> metadata() {
        return trace.metadata();
      }

      @Override
      public Trace.Op op() {
        return trace.op(index);
      }
    };
  }

  /** A trace read as a stream. */
  static Ops of(TraceReader reader) {
    return new Ops() {
      @Override
      public String name() {
        return reader.name();
      }

      @Override
      public boolean next() throws IOException {
        return reader.next();
      }

      @Override
      public long expected() {
        return reader.declaredOperations();
      }

      @Override
      public Trace.Kind kind() {
        return reader.kind();
      }

      @Override
      public int id() {
        return reader.id();
      }

      @Override
      public int slot() {
        return reader.slot();
      }

      @Override
      public int idOfSlot(int slot) {
        return reader.idOfSlot(slot);
      }

      @Override
      public long size() {
        return reader.size();
      }

      @Override
      public long alignment() {
        return reader.alignment();
      }

      @Override
      public int site() {
        return reader.site();
      }

      @Override
      public int line() {
        return reader.line();
      }

      @Override
      public List<List<String>> sites() {
        return reader.sites();
      }

      @Override
      public Map<String, String> metadata() {
        return reader.metadata();
      }

      @Override
      public Trace.Op op() {
        return reader.op();
      }
    };
  }
}
