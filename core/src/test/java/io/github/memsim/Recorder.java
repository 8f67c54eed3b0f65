package io.github.memsim;

import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that writes every event as one short line, for comparing with event lists derived
 * by hand: {@code "op 1 main store 0x10018+8 ALLOCATOR"}, {@code "op 1 main malloc(24) = #1"}.
 */
final class Recorder implements MemoryListener {
  final List<String> events = new ArrayList<>();

  private static String name(ThreadContext thread) {
    return thread == null ? "-" : thread.name();
  }

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
    events.add("op " + op + " " + name(thread) + " load " + Text.hex(address) + "+" + length
        + " " + origin);
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
    events.add("op " + op + " " + name(thread) + " store " + Text.hex(address) + "+" + length
        + " " + origin);
  }

  @Override
  public void onHeapCall(HeapCall call) {
    events.add(call.toString() + " index " + call.indexProbes() + " scan " + call.scanProbes());
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    events.add("op " + op + " " + name(thread) + " push " + frame.name() + " at "
        + Text.hex(frame.address()));
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    events.add("op " + op + " " + name(thread) + " pop " + frame.name());
  }

  @Override
  public void onThreadStart(ThreadContext thread, long op) {
    events.add("op " + op + " start " + thread.name());
  }

  @Override
  public void onFault(ThreadContext thread, long op, MemoryFault fault) {
    events.add("op " + op + " " + name(thread) + " fault " + fault.getMessage());
  }

  /** {@return the events recorded since the last call, and forgets them} */
  List<String> take() {
    List<String> taken = List.copyOf(events);
    events.clear();
    return taken;
  }
}
