package io.github.memsim.concurrent;

import io.github.memsim.Finding;
import io.github.memsim.Frame;
import io.github.memsim.HeapCall;
import io.github.memsim.MemoryFault;
import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.StepPages;
import io.github.memsim.internal.Text;
import io.github.memsim.picture.Recording;
import io.github.memsim.picture.StatePicture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A picture of one schedule: the program run under it, written as a self-contained HTML page to
 * step through. One column per thread and one row per operation, in the order they ran; the
 * racing pairs of accesses and the failing step are highlighted and linked from the top of the
 * page, and beside the table the state after the chosen row is drawn as {@link StatePicture}
 * draws it (frames, heap, pointers as arrows, the races laid over it).
 *
 * <pre>{@code
 * Program program = Program.builder("lost update")
 *     .setup(main -> main.calloc(1, 8))
 *     .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
 *     .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
 *     .build();
 * String page = SchedulePage.html(program, "0x1.1x2.0x1");  // a reads, b goes, a writes
 * }</pre>
 *
 * <p>The page works as the tour's does ({@link Recording#html}): nothing is fetched; the buttons,
 * the arrow keys and a click on a row step through it; the address chooses and follows the step
 * shown ({@code #step=5}, counted from 1, or {@code #op=12}). Every text from the program (names
 * of threads and functions, messages) is escaped. The same program and schedule give the same
 * page, byte for byte. A run keeps at most {@link Recording#DEFAULT_MAX_STEPS} states; the page
 * says when it kept fewer than the run had.
 */
public final class SchedulePage {
  private SchedulePage() {}

  /**
   * Runs a program under a schedule and writes the page.
   *
   * @param program the program
   * @param schedule a schedule, as a run or an exploration printed it
   * @return the page
   * @throws ScheduleMismatchException if the schedule does not fit the program
   * @throws IllegalArgumentException if the schedule is malformed
   */
  public static String html(Program program, String schedule) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(schedule, "schedule");
    Recording[] recording = new Recording[1];
    OpThreads threads = new OpThreads();
    Program recorded = program.withModel(builder -> {
      recording[0] = Recording.attach(builder.listener(threads));
      return builder;
    });
    Run run = Run.of(recorded, Strategy.replay(schedule));
    return page(program.name(), run, recording[0], threads);
  }

  /** Which thread made each op, from the model's events. */
  private static final class OpThreads implements MemoryListener {
    final Map<Long, String> byOp = new HashMap<>();
    final List<String> names = new ArrayList<>();

    private void saw(ThreadContext thread, long op) {
      if (thread != null) {
        byOp.putIfAbsent(op, thread.name());
        if (!names.contains(thread.name())) {
          names.add(thread.name());
        }
      }
    }

    @Override
    public void onLoad(ThreadContext thread, long op, long address, long length,
        Origin origin) {
      if (origin != Origin.INSPECTION) {
        saw(thread, op);
      }
    }

    @Override
    public void onStore(ThreadContext thread, long op, long address, long length,
        Origin origin) {
      saw(thread, op);
    }

    @Override
    public void onHeapCall(HeapCall call) {
      saw(call.thread(), call.op());
    }

    @Override
    public void onPush(ThreadContext thread, long op, Frame frame) {
      saw(thread, op);
    }

    @Override
    public void onPop(ThreadContext thread, long op, Frame frame) {
      saw(thread, op);
    }

    @Override
    public void onThreadStart(ThreadContext thread, long op) {
      if (!names.contains(thread.name())) {
        names.add(thread.name());
      }
    }

    @Override
    public void onFault(ThreadContext thread, long op, MemoryFault fault) {
      saw(thread, op);
    }
  }

  private static String page(String name, Run run, Recording recording, OpThreads threads) {
    List<Recording.Step> steps = recording.steps();
    List<String> columns = new ArrayList<>();
    columns.add("main");
    for (String thread : threads.names) {
      if (!columns.contains(thread)) {
        columns.add(thread);
      }
    }
    // The step that shows each op's state (a fault's step for a failing op).
    Map<Long, Integer> stepOfOp = new HashMap<>();
    int failing = -1;
    for (int i = 0; i < steps.size(); i++) {
      Recording.Step step = steps.get(i);
      if (step.fault()) {
        failing = i;
      } else {
        stepOfOp.putIfAbsent(step.op(), i);
      }
    }
    // Per step, the steps it races with and the words for it.
    Map<Integer, List<Integer>> racesWith = new LinkedHashMap<>();
    List<String> findings = new ArrayList<>();
    List<RaceDetector.Race> races = run.detector().details();
    for (RaceDetector.Race race : races) {
      Integer later = stepOfOp.get(race.op());
      Integer earlier = stepOfOp.get(race.earlierOp());
      String message = Text.xml(race.message());
      if (later != null && earlier != null && !later.equals(earlier)) {
        racesWith.computeIfAbsent(later, k -> new ArrayList<>()).add(earlier);
        racesWith.computeIfAbsent(earlier, k -> new ArrayList<>()).add(later);
        findings.add("<li class=\"race\">" + message + " " + link(earlier, steps)
            + " races with " + link(later, steps) + "</li>");
      } else {
        findings.add("<li class=\"race\">" + message + "</li>");
      }
    }
    if (run.failure().isPresent()) {
      String failed = Text.xml(run.failedThread().orElse("?") + ": "
          + run.failure().get().getMessage());
      findings.add("<li class=\"failure\">failed: " + failed + (failing < 0 ? ""
          : " " + link(failing, steps)) + "</li>");
    }
    List<Finding> overlay = run.detector().findings();
    String title = Text.xml(name + ", schedule " + run.schedule());
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>").append(title).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n")
        .append("<script>window.onerror = function (message) {"
            + " document.body.setAttribute('data-errors', String(message)); };</script>\n")
        .append("<h1>").append(title).append("</h1>\n<p id=\"result\">")
        .append(run.failure().isPresent() ? "failed" : "outcome "
            + Text.xml(run.outcome().orElse("")))
        .append(", ").append(steps.size()).append(" steps").append("</p>\n");
    if (recording.stepsNotRecorded() > 0) {
      page.append("<p class=\"note\">The page keeps the first ").append(steps.size())
          .append(" steps; the ").append(recording.stepsNotRecorded())
          .append(" after them were not recorded.</p>\n");
    }
    page.append("<ul id=\"findings\">\n");
    for (String finding : findings) {
      page.append(finding).append('\n');
    }
    page.append("</ul>\n<div id=\"controls\"><button id=\"previous\" type=\"button\">&#9664;"
        + " previous</button> <button id=\"next\" type=\"button\">next &#9654;</button>"
        + " <span id=\"position\"></span></div>\n<div id=\"panes\">\n<table id=\"schedule\">"
        + "\n<thead><tr><th>op</th>");
    for (String column : columns) {
      page.append("<th>").append(Text.xml(Text.name(column))).append("</th>");
    }
    page.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < steps.size(); i++) {
      Recording.Step step = steps.get(i);
      String thread = i == 0 ? null : threads.byOp.get(step.op());
      List<Integer> partners = racesWith.getOrDefault(i, List.of());
      String kind = step.fault() ? " failing" : partners.isEmpty() ? "" : " race";
      page.append("<tr class=\"row").append(kind).append("\" id=\"row-").append(i)
          .append("\" data-step=\"").append(i).append("\"><td>")
          .append(i == 0 ? "start" : step.op()).append("</td>");
      for (String column : columns) {
        page.append("<td>");
        if (column.equals(thread)) {
          page.append(Text.xml(step.label()));
          for (int partner : partners) {
            page.append(" <span class=\"with\">races with ").append(link(partner, steps))
                .append("</span>");
          }
        }
        page.append("</td>");
      }
      page.append("</tr>\n");
    }
    page.append("</tbody>\n</table>\n<div id=\"pictures\">\n");
    for (int i = 0; i < steps.size(); i++) {
      Recording.Step step = steps.get(i);
      page.append("<section class=\"step").append(step.fault() ? " fault" : "")
          .append("\" id=\"step-").append(i).append("\" data-op=\"").append(step.op())
          .append('"').append(i == 0 ? "" : " hidden").append(">\n<p class=\"label\">")
          .append(step.fault() ? "fault at op " + step.op() + ": " : i == 0 ? ""
              : "op " + step.op() + ": ")
          .append(Text.xml(step.label())).append("</p>\n")
          .append(picture(step, i, i == steps.size() - 1 || racesWith.containsKey(i)
              ? overlay : List.of()))
          .append("</section>\n");
    }
    page.append("</div>\n</div>\n<script>\n").append(SCRIPT)
        .append("</script>\n</body>\n</html>\n");
    return page.toString();
  }

  /**
   * {@return a step's picture, with the races laid over it if given, its arrowheads' ids made
   * the step's own so that the pictures can share one page}
   */
  private static String picture(Recording.Step step, int index, List<Finding> findings) {
    String prefix = "s" + index + "-";
    String svg = StatePicture.svg(step.state(), findings);
    for (String marker : new String[] {"live", "dangling"}) {
      svg = svg.replace("id=\"" + marker + "\"", "id=\"" + prefix + marker + "\"")
          .replace("url(#" + marker + ")", "url(#" + prefix + marker + ")");
    }
    return svg;
  }

  /** {@return a link to a step, named by its op} */
  private static String link(int step, List<Recording.Step> steps) {
    return "<a class=\"to\" href=\"#step=" + (step + 1) + "\" data-to=\"" + step + "\">op "
        + steps.get(step).op() + "</a>";
  }

  private static final String STYLE = """
      body { font-family: sans-serif; margin: 1.5em; }
      #controls { position: sticky; top: 0; background: white; padding: 0.5em 0;
        border-bottom: 1px solid #ccc; }
      #panes { display: flex; gap: 1.5em; align-items: flex-start; }
      #schedule { border-collapse: collapse; font-family: monospace; font-size: 13px; }
      #schedule th, #schedule td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top;
        min-width: 10em; max-width: 22em; }
      #pictures { position: sticky; top: 3em; }
      #schedule tr.row { cursor: pointer; }
      #schedule tr.race td { background: #fff3e0; }
      #schedule tr.failing td { background: #ffebee; color: #c62828; font-weight: bold; }
      #schedule tr.current td { outline: 2px solid #1565c0; }
      #findings .race { color: #e65100; }
      #findings .failure { color: #c62828; font-weight: bold; }
      .label { font-family: monospace; font-size: 14px; margin: 0.6em 0; }
      .fault .label { color: #c62828; font-weight: bold; }
      """;

  private static final String SCRIPT = """
      (function () {
        var steps = document.querySelectorAll('section.step');
        var rows = document.querySelectorAll('tr.row');
        var position = document.getElementById('position');
        var current = 0;
        function show(index) {
          index = Math.max(0, Math.min(steps.length - 1, index));
          steps[current].hidden = true;
          rows[current].classList.remove('current');
          steps[index].hidden = false;
          rows[index].classList.add('current');
          current = index;
          shown(index);
        }
      """ + StepPages.SCRIPT + """
        rows.forEach(function (row) {
          row.addEventListener('click', function () {
            show(parseInt(row.getAttribute('data-step'), 10));
          });
        });
        document.querySelectorAll('a.to').forEach(function (link) {
          link.addEventListener('click', function (event) {
            event.preventDefault();
            event.stopPropagation();
            show(parseInt(link.getAttribute('data-to'), 10));
          });
        });
        document.addEventListener('keydown', function (event) {
          if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
            show(current - 1);
          } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
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
