package io.github.memsim.concurrent;

import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact text of a schedule: the thread chosen at each switch point, in runs, e.g.
 * {@code 0x3.1x2.0} for 0, 0, 0, 1, 1, 0.
 */
final class Schedule {
  private Schedule() {}

  /** The most choices a schedule string may expand to: the largest step limit of a run. */
  static final int MAX_CHOICES = Program.MAX_STEP_LIMIT;

  static String format(List<Integer> choices) {
    int[] array = new int[choices.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = choices.get(i);
    }
    return format(array, array.length);
  }

  static String format(int[] choices, int length) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < length) {
      int thread = choices[i];
      int run = 1;
      while (i + run < length && choices[i + run] == thread) {
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
      if (thread < 0 || thread > 63 || count < 1) {
        throw new IllegalArgumentException("'" + text + "' is not a schedule: '" + part
            + "' is out of range");
      }
      if (choices.size() + (long) count > MAX_CHOICES) {
        throw new IllegalArgumentException("'" + Text.name(text) + "' is not a schedule: it has"
            + " more than " + MAX_CHOICES + " choices, the most a run may make");
      }
      for (int i = 0; i < count; i++) {
        choices.add(thread);
      }
    }
    return choices;
  }
}
