package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memsim ownership}: the Rust book's ownership chapter run in simulated memory. */
@Command(name = "ownership", mixinStandardHelpOptions = true,
    description = {"Run the Rust book's ownership listings as memsim programs: each with its"
        + " Rust source, output, heap calls, faults (with the Rust error code) and pictures.",
        "Examples: scope, move, clone, functions, references, mutable-references, dangling,"
            + " slices, c-terms. With no example, all of them."})
final class OwnershipCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "EXAMPLE", description = "A listing's name.")
  String example;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write the listings with their pictures as one self-contained page.")
  Path html;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<String, OwnershipExamples.Example> all = OwnershipExamples.all();
    List<OwnershipExamples.Example> chosen = new ArrayList<>();
    if (example == null) {
      chosen.addAll(all.values());
    } else if (all.containsKey(example)) {
      chosen.add(all.get(example));
    } else {
      throw new IllegalArgumentException("no example named '" + Text.shown(example)
          + "' (there are " + String.join(", ", all.keySet()) + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<OwnershipExamples.Run> runs = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      OwnershipExamples.Run run = OwnershipExamples.run(chosen.get(i));
      runs.add(run);
      out.print((i == 0 ? "" : "\n") + OwnershipExamples.text(chosen.get(i), run));
    }
    if (html != null) {
      Files.writeString(html, OwnershipExamples.html(chosen, runs), StandardCharsets.UTF_8);
      int pictures = runs.stream().mapToInt(run -> run.pictures.size()).sum();
      out.println();
      out.println("wrote " + Text.shown(html.toString()) + ": " + Text.count(chosen.size(),
          "listing") + ", " + Text.count(pictures, "picture"));
    }
    out.flush();
    return 0;
  }
}
