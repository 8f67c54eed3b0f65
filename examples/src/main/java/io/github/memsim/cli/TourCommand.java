package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memsim tour}: the guided tour, and its story as a page to step through. */
@Command(name = "tour", mixinStandardHelpOptions = true, description = {
    "The guided tour: frames, a list on the heap, the classic mistakes, a stack overflow,"
        + " costs, threads and ownership.",
    "With --html, also a page that steps through the first five chapters op by op."})
final class TourCommand implements Callable<Integer> {
  /** The page's title. */
  static final String TITLE = "The memsim tour, op by op";

  @Option(names = "--html", paramLabel = "FILE",
      description = "Write the tour's model, op by op, as one self-contained HTML page.")
  Path html;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    run(out, html);
    out.flush();
    return 0;
  }

  /**
   * Prints the tour to {@code out} and, if {@code html} is not null, writes its step-through
   * page there and says so.
   */
  static void run(PrintWriter out, Path html) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Tour tour = new Tour(new PrintStream(text, true, StandardCharsets.UTF_8), html != null);
    tour.run();
    out.print(text.toString(StandardCharsets.UTF_8));
    if (html != null) {
      Files.writeString(html, tour.recording().html(TITLE), StandardCharsets.UTF_8);
      out.println();
      out.println("wrote " + Text.shown(html.toString()) + ": " + tour.recording().steps().size() + " steps");
    }
  }
}
