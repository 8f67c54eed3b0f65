package io.github.memsim.concurrent;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact text of a schedule: the thread chosen at each switch point, in runs, e.g.
 * {@code 0x3.1x2.0} for 0, 0, 0, 1, 1, 0.
 */
final class Schedule {
  private Schedule() {}

  static String format(List<Integer> choices) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < choices.size()) {
      int thread = choices.get(i);
      int run = 1;
      while (i + run < choices.size() && choices.get(i + run) == thread) {
        run++;
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(thread);
      if (run > 1) {
        out.append('x').append(run);
      }
      i += run;
    }
    return out.toString();
  }

  static List<Integer> parse(String text) {
    List<Integer> choices = new ArrayList<>();
    if (text.isEmpty()) {
      return choices;
    }
    for (String part : text.split("\\.", -1)) {
      String[] pieces = part.split("x", -1);
      if (pieces.length > 2 || pieces[0].isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' is not a schedule: '" + part
            + "' should be THREAD or THREADxCOUNT");
      }
      int thread;
      int count;
      try {
        thread = Integer.parseInt(pieces[0]);
        count = pieces.length == 2 ? Integer.parseInt(pieces[1]) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a schedule: '" + part
            + "' should be THREAD or THREADxCOUNT");
      }
      if (thread < 0 || thread > 63 || count < 1 || choices.size() + (long) count > 100_000_000) {
        throw new IllegalArgumentException("'" + text + "' is not a schedule: '" + part
            + "' is out of range");
      }
      for (int i = 0; i < count; i++) {
        choices.add(thread);
      }
    }
    return choices;
  }
}
