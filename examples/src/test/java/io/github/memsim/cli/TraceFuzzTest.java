package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.memsim.trace.TraceFormat;
import io.github.memsim.trace.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated traces through the command line: whatever the file holds, {@code replay} ends with
 * exit 0, 1 or 2, and an error is one line naming the file, never a stack trace or an internal
 * error.
 */
class TraceFuzzTest {
  private static final int TRACES = Integer.getInteger("memsim.fuzz", 2000);
  private static final String[] JUNK = {"", "x", "-1", "2147483648", "9223372036854775807",
      "99999999999999999999", "a", "r", "f", "0", "1e3", "0x10", "\u00e9", "\t", "a 0", "f -1",
      "a 2147483647 8", "r 7 0", "a 1 4294967296", "\u0000\u00ff"};

  /** Applies a few edits, chosen by {@code random}, to the lines of a trace. */
  private static String mutate(List<String> lines, Random random) {
    List<String> out = new ArrayList<>(lines);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && !out.isEmpty(); e++) {
      int at = random.nextInt(out.size());
      switch (random.nextInt(7)) {
        case 0 -> out.remove(at);
        case 1 -> out.add(at, out.get(random.nextInt(out.size())));
        case 2 -> out.set(at, JUNK[random.nextInt(JUNK.length)]);
        case 3 -> {
          String[] words = out.get(at).split(" ");
          words[random.nextInt(words.length)] = JUNK[random.nextInt(JUNK.length)];
          out.set(at, String.join(" ", words));
        }
        case 4 -> out.subList(at, out.size()).clear();
        case 5 -> out.set(at, out.get(at).replace('a', 'f').replace('r', 'a'));
        default -> out.add(at, JUNK[random.nextInt(JUNK.length)] + " "
            + JUNK[random.nextInt(JUNK.length)] + " " + JUNK[random.nextInt(JUNK.length)]);
      }
    }
    return String.join("\n", out) + (random.nextBoolean() ? "\n" : "");
  }

  @Test
  void mutatedTracesEndInADocumentedWay(@TempDir Path dir) throws Exception {
    StringWriter text = new StringWriter();
    TraceFormat.write(Workload.RANDOM.generate(120, 20, 3), text);
    List<String> lines = text.toString().lines().toList();
    Path file = dir.resolve("fuzz.rep");
    Map<Integer, AtomicInteger> outcomes = new TreeMap<>();
    AtomicInteger seeds = new AtomicInteger();
    qt().withExamples(TRACES).withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(seed -> {
          seeds.incrementAndGet();
          String mutated = mutate(lines, new Random(seed));
          try {
            Files.write(file, mutated.getBytes(random(seed) ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          int code = Memsim.run(new String[] {"replay", file.toString(), "--json"},
              new PrintWriter(out), new PrintWriter(err));
          outcomes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
          String errors = err.toString();
          assertThat(code).as("exit code for %s:%n%s%n%s", seed, mutated, errors).isIn(0, 1, 2);
          assertThat(errors).as("no stack trace").doesNotContain("\tat ")
              .doesNotContain("internal error");
          List<String> errorLines = errors.lines()
              .filter(line -> !line.startsWith("memsim: warning: ")).toList();
          assertThat(errorLines).as("errors of %s", seed).hasSizeLessThanOrEqualTo(1);
          if (code != 0) {
            assertThat(errorLines).singleElement().asString().startsWith("memsim: ");
          }
        });
    System.out.println("fuzzed traces by exit code: " + outcomes + " (" + seeds + " traces)");
    assertThat(outcomes.keySet()).contains(0, 2);
  }

  private static boolean random(long seed) {
    return (seed & 1) == 0;
  }
}
