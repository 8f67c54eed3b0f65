package io.github.memsim.internal;

/**
 * What the step-through pages (the recording's and the schedule page's) share of their script.
 */
public final class StepPages {
  private StepPages() {}

  /**
   * What both pages' scripts share, as JavaScript, indented to sit in them. It reads the page's
   * {@code steps} (one element per step, with {@code data-op}), {@code position}, {@code current}
   * and {@code show(index)}, and gives them:
   * <ul>
   *   <li>{@code shown(index)}, which {@code show} calls last: the position text, the body's
   *       {@code data-step}, and the address, which follows the page so that it can be shared
   *       ({@code replaceState} fires no {@code hashchange} and adds no history entry);</li>
   *   <li>{@code fromAddress()}: the step the address names, {@code #step=N} (counted from 1) or
   *       {@code #op=N} (the last step at or before op N that is not a fault), or the first;</li>
   *   <li>the previous and next buttons.</li>
   * </ul>
   */
  public static final String SCRIPT = """
        function shown(index) {
          position.textContent = 'step ' + (index + 1) + ' of ' + steps.length;
          document.body.setAttribute('data-step', String(index));
          if (history.replaceState && location.hash !== '#step=' + (index + 1)) {
            history.replaceState(null, '', '#step=' + (index + 1));
          }
        }
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
        document.getElementById('previous').addEventListener('click', function () {
          show(current - 1);
        });
        document.getElementById('next').addEventListener('click', function () {
          show(current + 1);
        });
      """;
}
