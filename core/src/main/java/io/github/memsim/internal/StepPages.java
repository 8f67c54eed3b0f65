package io.github.memsim.internal;

/**
 * What the step-through pages (the recording's and the schedule page's) share of their script.
 */
public final class StepPages {
  private StepPages() {}

  /**
   * {@code fromAddress()}, as JavaScript: the step the page's address names, {@code #step=N}
   * (counted from 1) or {@code #op=N} (the last step at or before op N that is not a fault), or
   * the first step. It reads the page's {@code steps} (one element per step, with
   * {@code data-op}); indented to sit in the pages' scripts.
   */
  public static final String FROM_ADDRESS = """
        function fromAddress() {
          var match = /(step|op)=(\\d+)/.exec(location.hash);
          if (!match) {
            return 0;
          }
          var number = parseInt(match[2], 10);
          if (match[1] === 'step') {
            return number - 1;
          }
          for (var i = steps.length - 1; i >= 0; i--) {
            if (parseInt(steps[i].getAttribute('data-op'), 10) <= number
                && !steps[i].classList.contains('fault')) {
              return i;
            }
          }
          return 0;
        }
      """;
}
