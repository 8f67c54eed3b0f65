package io.github.memsim.picture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.MemoryListener;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.Run;
import io.github.memsim.concurrent.Strategy;
import io.github.memsim.concurrent.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A recording, a listener of spawns and joins and a scheduled run share one model: the
 * recording keeps the run's steps and its page has them all, with a script that finds them.
 */
class RecordingInProgramTest {
  /** The recording of the last model built, and the spawn and join events it saw. */
  private Recording recording;
  private final List<String> threadEvents = new ArrayList<>();

  private MemoryModel.Builder recorded() {
    MemoryModel.Builder builder = MemoryModel.builder();
    recording = Recording.attach(builder);
    threadEvents.clear();
    return builder.listener(new MemoryListener() {
      @Override
      public void onSpawn(ThreadContext parent, ThreadContext child, long op) {
        threadEvents.add(parent.name() + " spawns " + child.name() + " after op " + op);
      }

      @Override
      public void onJoin(ThreadContext parent, ThreadContext child, long op) {
        threadEvents.add(parent.name() + " joins " + child.name() + " after op " + op);
      }
    });
  }

  private Program program() {
    return Program.builder("recorded")
        .model(this::recorded)
        .setup(main -> main.calloc(1, 8))
        .thread("a", (t, shared) -> {
          ThreadContext child = Threads.spawn(t, "child", (c, p) -> c.writeLong((Pointer) p, 2));
          Threads.join(t, child);
          t.writeLong((Pointer) shared, t.readLong((Pointer) shared) + 1);
        })
        .outcome((main, shared) -> main.readLong((Pointer) shared))
        .build();
  }

  @Test
  void aRecordingInsideAProgramRecordsEveryOperation() {
    Run run = Run.of(program(), Strategy.roundRobin(1));
    assertThat(run.failure()).isEmpty();
    assertThat(run.outcome()).contains("3");
    List<Recording.Step> steps = recording.steps();
    // calloc, the child's write, the parent's read and write, the outcome's read: a state
    // after each.
    assertThat(steps).extracting(Recording.Step::op).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(steps.get(1).label()).isEqualTo("calloc(8) by main = block #1 (8 bytes at"
        + " 0x10020)");
    assertThat(steps.get(2).label()).isEqualTo("child writes 8 bytes at 0x10020");
    assertThat(threadEvents).containsExactly("a spawns child after op 1",
        "a joins child after op 2", "main joins a after op 4", "main joins child after op 4");
  }

  @Test
  void itsPageHasEveryStepAndAScriptThatFindsThem() {
    Run.of(program(), Strategy.roundRobin(1));
    String page = recording.html("recorded program");
    int steps = recording.steps().size();
    Matcher sections = Pattern.compile("<section class=\"step[^\"]*\" id=\"step-(\\d+)\"")
        .matcher(page);
    int found = 0;
    while (sections.find()) {
      assertThat(sections.group(1)).isEqualTo(String.valueOf(found));
      found++;
    }
    assertThat(found).as("one section per step, which the script's steps[0] needs")
        .isEqualTo(steps).isGreaterThan(1);
    assertThat(page).contains("max=\"" + (steps - 1) + "\"");
  }
}
