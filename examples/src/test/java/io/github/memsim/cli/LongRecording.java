package io.github.memsim.cli;

import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.picture.Recording;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording of a program of 100,000 operations, some hundred blocks live at a time, whose
 * page is written to the file named by the first argument; it prints the steps kept, the steps
 * not recorded and the page's length. {@link RecordingBoundTest} runs it in a JVM of its own.
 */
final class LongRecording {
  static final long OPERATIONS = 100_000;

  private LongRecording() {}

  public static void main(String[] args) throws Exception {
    MemoryModel.Builder builder = MemoryModel.builder();
    Recording recording = Recording.attach(builder);
    MemoryModel model = builder.build();
    ThreadContext main = model.mainThread();
    List<Pointer> live = new ArrayList<>();
    long i = 0;
    while (model.statistics().operations() < OPERATIONS) {
      if (live.size() < 100 || i % 3 == 0) {
        live.add(main.malloc(16 + 8 * (i % 13)));
      } else {
        main.free(live.remove((int) (i * 7 % live.size())));
      }
      i++;
    }
    String page = recording.html("100,000 operations");
    Files.writeString(Path.of(args[0]), page, StandardCharsets.UTF_8);
    System.out.println(recording.steps().size() + " " + recording.stepsNotRecorded() + " "
        + page.length());
  }
}
