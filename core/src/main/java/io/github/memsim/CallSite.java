package io.github.memsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An interned call stack: the innermost {@link #MAX_DEPTH} function names of a thread's stack
 * at some moment, innermost first. Frames and heap blocks refer to these instead of copying
 * names, so identical call stacks cost one object for the whole model.
 *
 * <p>Each site is found from its caller's site by the callee's name, without allocating: a push
 * costs one small map lookup. A site of {@code MAX_DEPTH} frames drops its outermost frame
 * before it gains a callee, so the number of sites stays bounded by the distinct windows of
 * {@code MAX_DEPTH} names that the program has actually shown. Callers hold the model's lock.
 */
final class CallSite {
  /** The most function names a site keeps. */
  static final int MAX_DEPTH = 8;

  private final String function;
  /** The site of the caller's frame, up to {@code MAX_DEPTH - 1} names; null at the bottom. */
  private final CallSite caller;
  private final int depth;
  private final Table table;
  private Map<String, CallSite> callees;
  /** This site without its outermost name, made when first needed. */
  private CallSite shorter;

  private CallSite(Table table, String function, CallSite caller) {
    this.table = table;
    this.function = function;
    this.caller = caller;
    this.depth = caller == null ? 1 : caller.depth + 1;
  }

  /** The sites of one model. */
  static final class Table {
    private final Map<String, CallSite> bottom = new HashMap<>();
    private int size;

    /**
     * {@return the site of a frame of {@code function} called from a frame whose site is
     * {@code caller} (null for the bottom frame)}
     */
    CallSite enter(CallSite caller, String function) {
      if (caller == null) {
        return bottom.computeIfAbsent(function, name -> newSite(name, null));
      }
      CallSite parent = caller.depth < MAX_DEPTH ? caller : caller.withoutOutermost();
      if (parent == null) {
        return enter(null, function);
      }
      if (parent.callees == null) {
        parent.callees = new HashMap<>(4);
      }
      CallSite site = parent.callees.get(function);
      if (site == null) {
        site = newSite(function, parent);
        parent.callees.put(function, site);
      }
      return site;
    }

    private CallSite newSite(String function, CallSite caller) {
      size++;
      return new CallSite(this, function, caller);
    }

    /** {@return how many distinct sites have been made} */
    int size() {
      return size;
    }
  }

  private CallSite withoutOutermost() {
    if (caller == null) {
      return null;
    }
    if (shorter == null) {
      shorter = table.enter(caller.withoutOutermost(), function);
    }
    return shorter;
  }

  /** {@return the function names, innermost first} */
  List<String> functions() {
    List<String> names = new ArrayList<>(depth);
    for (CallSite site = this; site != null; site = site.caller) {
      names.add(site.function);
    }
    return Collections.unmodifiableList(names);
  }

  /** {@return the names joined for messages: {@code push_back <- build <- main}} */
  @Override
  public String toString() {
    return String.join(" <- ", functions());
  }
}
