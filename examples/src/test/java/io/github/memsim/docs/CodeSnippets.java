package io.github.memsim.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code examples of the documentation: every {@code ```java} block of {@code README.md} and
 * every {@code <pre>{@code ...}</pre>} block of the core's main sources (package-info files
 * included).
 *
 * <p>A README block may be followed by a line that begins with "prints" and a fenced block:
 * that block is the exact output the example must print. A block whose first line is a comment
 * {@code // not run: REASON} is compiled but not run (an example that is meant to fail, or
 * one that needs what a test cannot give); the reason is required.
 */
final class CodeSnippets {
  /** The marker of a block that is compiled but not run. */
  static final String NOT_RUN = "// not run:";

  private static final Pattern JAVADOC_BLOCK =
      Pattern.compile("<pre>\\{@code\\n(.*?)\\}</pre>", Pattern.DOTALL);
  private static final Pattern JAVADOC_MARGIN = Pattern.compile("^\\s*\\* ?");

  private CodeSnippets() {}

  /**
   * One example.
   *
   * @param where the file and line it starts at, relative to the project root
   * @param code its code, without fences or Javadoc margins
   * @param expectedOutput what the documentation says it prints, if it says so
   */
  record Snippet(String where, String code, Optional<String> expectedOutput) {
    /** {@return whether the block is marked to be compiled only} */
    boolean notRun() {
      return code.strip().startsWith(NOT_RUN);
    }

    /** {@return the reason given with the marker, empty if none} */
    String notRunReason() {
      String first = code.strip().lines().findFirst().orElse("");
      return first.substring(NOT_RUN.length()).strip();
    }

    @Override
    public String toString() {
      return where;
    }
  }

  /** {@return the project's root: the directory that holds README.md and core} */
  static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("core"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md with a core directory above " + here);
  }

  /** {@return the README's java blocks, with the output each is said to print} */
  static List<Snippet> readme(Path root) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve("README.md"));
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int start = i + 1;
      int end = closingFence(lines, start);
      String code = String.join("\n", lines.subList(start, end)) + "\n";
      Optional<String> output = Optional.empty();
      int next = end + 1;
      while (next < lines.size() && lines.get(next).isBlank()) {
        next++;
      }
      if (next < lines.size() && lines.get(next).startsWith("prints")) {
        int fence = next + 1;
        while (fence < lines.size() && !lines.get(fence).startsWith("```")) {
          fence++;
        }
        if (fence < lines.size()) {
          int outputEnd = closingFence(lines, fence + 1);
          output = Optional.of(String.join("\n", lines.subList(fence + 1, outputEnd)) + "\n");
        }
      }
      snippets.add(new Snippet("README.md:" + start, code, output));
      i = end;
    }
    return snippets;
  }

  /** {@return the Javadoc code blocks of the core's main sources, in file order} */
  static List<Snippet> javadoc(Path root) throws IOException {
    Path sources = root.resolve("core/src/main/java");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    List<Snippet> snippets = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher block = JAVADOC_BLOCK.matcher(text);
      while (block.find()) {
        StringBuilder code = new StringBuilder();
        List<String> lines = block.group(1).lines().toList();
        // The last line holds only the margin before the closing brace.
        for (String line : lines.subList(0, lines.size() - 1)) {
          code.append(JAVADOC_MARGIN.matcher(line).replaceFirst("")).append('\n');
        }
        int line = (int) text.substring(0, block.start(1)).lines().count() + 1;
        snippets.add(new Snippet(root.relativize(file) + ":" + line, code.toString(),
            Optional.empty()));
      }
    }
    return snippets;
  }

  private static int closingFence(List<String> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```")) {
        return i;
      }
    }
    throw new IllegalStateException("a code block at line " + from + " is never closed");
  }
}
