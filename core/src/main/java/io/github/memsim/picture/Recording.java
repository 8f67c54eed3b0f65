package io.github.memsim.picture;

import io.github.memsim.Frame;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.ModelView;
import io.github.memsim.SwitchPoint;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.StepPages;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program's run, op by op: the state after every operation (a {@link ModelView}, from which
 * {@link StatePicture} draws it), labelled with the operation that produced it, and a step for
 * every fault, where it happened, with the state it left unchanged. A recording is a consumer of
 * the model's event stream (for the labels and the faults) and its switch point (to read the
 * state between operations); {@link #html} turns it into a page to step through.
 *
 * <pre>{@code
 * MemoryModel.Builder builder = MemoryModel.builder();
 * Recording recording = Recording.attach(builder);
 * MemoryModel model = builder.build();
 * ThreadContext main = model.mainThread();
 * main.free(main.malloc(16));                               // the program
 * String page = recording.html("My program");               // one self-contained HTML page
 * }</pre>
 *
 * <p>The recorded model is driven by one Java thread at a time: by the program, or by a
 * {@code io.github.memsim.concurrent.Run}, whose scheduler's switch point comes first.
 * Every step keeps a whole view, and the page a whole picture of it, so a recording keeps at
 * most {@link #DEFAULT_MAX_STEPS} steps (or the bound given to {@link #attach(MemoryModel.Builder,
 * int)}): it suits teaching programs of thousands of operations, not traces of millions. Past
 * the bound it records nothing more and its page says so; for going back in a long run, take
 * {@link MemoryModel#snapshot() snapshots}.
 */
public final class Recording implements MemoryListener, SwitchPoint {
  /**
   * One recorded state.
   *
   * @param op the op number of the last operation done (0 before the first)
   * @param label what produced the state, e.g. "malloc(16) by main = block #1 (16 bytes at
   *     0x10020)", or a fault's message
   * @param fault whether the step is a fault (the state is the one before it, unchanged)
   * @param state the state after it
   */
  public record Step(long op, String label, boolean fault, ModelView state) {
    /**
     * Checks the components.
     *
     * @param op the op
     * @param label the label
     * @param fault whether a fault
     * @param state the state
     */
    public Step {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The most steps a recording keeps unless told otherwise: a page of 2,000 pictures of a
   * teaching program's state is some 50 MB, about what a browser still opens.
   */
  public static final int DEFAULT_MAX_STEPS = 2_000;

  private MemoryModel model;
  private final int maxSteps;
  private final List<Step> steps = new ArrayList<>();
  /** Steps not recorded because the recording was full, and the last op they reached. */
  private long unrecorded;
  private long lastUnrecordedOp;
  private long recordedOp = -1;
  private long labelOp = -1;
  private String label;
  private String fault;
  private long faultOp;

  private Recording(int maxSteps) {
    this.maxSteps = maxSteps;
  }

  /**
   * Makes a recording of the model that {@code builder} will build, of at most
   * {@link #DEFAULT_MAX_STEPS} steps: registers it as a listener and as a switch point (beside
   * any other: a scheduler's runs first).
   *
   * @param builder the model's builder, before {@code build()}
   * @return the recording, empty until the program's first operation
   */
  public static Recording attach(MemoryModel.Builder builder) {
    return attach(builder, DEFAULT_MAX_STEPS);
  }

  /**
   * Makes a recording of at most {@code maxSteps} steps of the model that {@code builder} will
   * build, as {@link #attach(MemoryModel.Builder)} does.
   *
   * @param builder the model's builder, before {@code build()}
   * @param maxSteps the most steps kept, at least 1; the rest are counted, not recorded
   * @return the recording
   */
  public static Recording attach(MemoryModel.Builder builder, int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be at least 1, not " + maxSteps);
    }
    Recording recording = new Recording(maxSteps);
    builder.listener(recording).switchPoint(recording);
    return recording;
  }

  /**
   * {@return the steps that were not recorded because the recording held its most steps
   * already} Zero while it is not full.
   */
  public long stepsNotRecorded() {
    record();
    return unrecorded;
  }

  /**
   * {@return every step so far, the first being the state before the first operation} Call it
   * between operations, from the thread that drives the model: it records the last operation's
   * state if that is not recorded yet.
   */
  public List<Step> steps() {
    record();
    return List.copyOf(steps);
  }

  @Override
  public void beforeOperation(ThreadContext thread) {
    if (model == null) {
      model = thread.model();
    }
    record();
  }

  /** Records the state after the last operation, and a fault since, if not yet recorded. */
  private void record() {
    if (model == null) {
      return;
    }
    long done = model.statistics().operations();
    if (steps.isEmpty()) {
      steps.add(new Step(done, "start", false, model.view()));
      recordedOp = done;
    }
    if (done > recordedOp) {
      if (steps.size() < maxSteps) {
        String what = labelOp == done && label != null ? label : "op " + done;
        steps.add(new Step(done, what, false, model.view()));
      } else {
        notRecorded(done);
      }
      recordedOp = done;
    }
    if (fault != null) {
      if (steps.size() < maxSteps) {
        steps.add(new Step(faultOp, fault, true, model.view()));
      } else {
        notRecorded(faultOp);
      }
      fault = null;
    }
  }

  /** Counts a step the full recording does not keep; no view is taken for it. */
  private void notRecorded(long op) {
    unrecorded++;
    lastUnrecordedOp = op;
  }

  private void label(long op, String what) {
    labelOp = op;
    label = what;
  }

  @Override
  public void onHeapCall(HeapCall call) {
    String text = call.toString();
    label(call.op(), text.substring(text.indexOf(": ") + 2));
  }

  @Override
  public void onPush(ThreadContext thread, long op, Frame frame) {
    label(op, thread.name() + " calls " + frame.name() + ": a frame of "
        + Text.bytes(frame.size()) + " at " + Text.hex(frame.address()) + ", depth "
        + frame.depth());
  }

  @Override
  public void onPop(ThreadContext thread, long op, Frame frame) {
    label(op, thread.name() + " returns from " + frame.name() + ": its frame at "
        + Text.hex(frame.address()) + " is popped");
  }

  @Override
  public void onLoad(ThreadContext thread, long op, long address, long length, Origin origin) {
    access(thread, op, address, length, origin, "reads");
  }

  @Override
  public void onStore(ThreadContext thread, long op, long address, long length, Origin origin) {
    access(thread, op, address, length, origin, "writes");
  }

  private void access(ThreadContext thread, long op, long address, long length, Origin origin,
      String verb) {
    if ((origin == Origin.USER || origin == Origin.ATOMIC) && labelOp != op) {
      label(op, thread.name() + " " + verb + " " + Text.bytes(length) + " at "
          + Text.hex(address) + (origin == Origin.ATOMIC ? ", atomically" : ""));
    }
  }

  @Override
  public void onFault(ThreadContext thread, long op, MemoryFault fault) {
    this.fault = fault.getMessage();
    this.faultOp = op;
  }

  /**
   * Writes the recording as one self-contained HTML page (inline SVG and script, nothing
   * fetched): a slider and previous and next buttons (and the arrow keys) step through the
   * states, each labelled with the operation that produced it; a fault is a step of its own,
   * marked. The address may choose the first step shown: {@code page.html#step=5} (the fifth,
   * as the page counts them, from 1) or {@code page.html#op=12}; it follows the step shown, so
   * that it can be shared. The same recording gives the same page, byte for byte.
   *
   * @param title the page's title
   * @return the page
   */
  public String html(String title) {
    List<Step> all = steps();
    StringBuilder page = new StringBuilder();
    String heading = Text.xml(title);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>").append(heading).append("</title>\n<style>\n")
        .append("body { font-family: sans-serif; margin: 1.5em; }\n")
        .append("#controls { position: sticky; top: 0; background: white; padding: 0.5em 0;")
        .append(" border-bottom: 1px solid #ccc; }\n")
        .append("#slider { width: 50%; vertical-align: middle; }\n")
        .append(".label { font-family: monospace; font-size: 14px; margin: 0.6em 0; }\n")
        .append(".fault .label { color: #c62828; font-weight: bold; }\n")
        .append("</style>\n</head>\n<body>\n");
    page.append("<script>window.onerror = function (message) {"
        + " document.body.setAttribute('data-errors', String(message)); };</script>\n");
    page.append("<h1>").append(heading).append("</h1>\n");
    if (unrecorded > 0) {
      page.append("<p class=\"note\">This recording kept its first ").append(all.size())
          .append(" steps, to op ").append(all.get(all.size() - 1).op()).append("; the ")
          .append(unrecorded).append(" steps after them, to op ").append(lastUnrecordedOp)
          .append(", were not recorded: a recording keeps at most ").append(maxSteps)
          .append(" steps (Recording.attach(builder, maxSteps) sets the bound).</p>\n");
    }
    page.append("<div id=\"controls\"><button id=\"previous\" type=\"button\">&#9664;"
        + " previous</button> <input id=\"slider\" type=\"range\" min=\"0\" max=\"")
        .append(all.size() - 1).append("\" value=\"0\"> <button id=\"next\" type=\"button\">"
            + "next &#9654;</button> <span id=\"position\"></span></div>\n");
    for (int i = 0; i < all.size(); i++) {
      Step step = all.get(i);
      String svg = StatePicture.svg(step.state(), "s" + i + "-");
      page.append("<section class=\"step").append(step.fault() ? " fault" : "")
          .append("\" id=\"step-").append(i).append("\" data-op=\"").append(step.op())
          .append('"').append(i == 0 ? "" : " hidden").append(">\n<p class=\"label\">")
          .append(step.fault() ? "fault at op " + step.op() + ": " : step.op() == 0
              && i == 0 ? "" : "op " + step.op() + ": ")
          .append(Text.xml(step.label())).append("</p>\n").append(svg)
          .append("</section>\n");
    }
    page.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return page.toString();
  }

  private static final String SCRIPT = """
      (function () {
        var steps = document.querySelectorAll('section.step');
        var slider = document.getElementById('slider');
        var position = document.getElementById('position');
        var current = 0;
        function show(index) {
          index = Math.max(0, Math.min(steps.length - 1, index));
          steps[current].hidden = true;
          steps[index].hidden = false;
          current = index;
          slider.value = String(index);
          shown(index);
        }
      """ + StepPages.SCRIPT + """
        slider.addEventListener('input', function () {
          show(parseInt(slider.value, 10));
        });
        document.addEventListener('keydown', function (event) {
          if (event.key === 'ArrowLeft') {
            show(current - 1);
          } else if (event.key === 'ArrowRight') {
            show(current + 1);
          }
        });
        window.addEventListener('hashchange', function () {
          show(fromAddress());
        });
        show(fromAddress());
        document.body.setAttribute('data-ready', 'yes');
      })();
      """;
}
