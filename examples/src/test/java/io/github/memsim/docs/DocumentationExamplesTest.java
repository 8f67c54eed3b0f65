package io.github.memsim.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every code example of the README and of the core's Javadoc compiles and runs, and prints
 * what the README says it prints. See {@link CodeSnippets} for how blocks are found and marked,
 * and {@link SnippetCompiler} for how each is compiled and run.
 */
// It swaps System.out, which the command-line tests running beside it would write to.
@Isolated
class DocumentationExamplesTest {
  private static final Path ROOT = CodeSnippets.projectRoot();

  @TestFactory
  Stream<DynamicTest> readmeExamplesCompileRunAndPrintWhatTheReadmeShows() throws Exception {
    return CodeSnippets.readme(ROOT).stream().map(snippet -> DynamicTest.dynamicTest(
        snippet.where(), () -> {
          String printed = SnippetCompiler.compileAndRun(snippet);
          if (snippet.expectedOutput().isPresent() && !snippet.notRun()) {
            assertThat(printed).as("what %s prints", snippet.where())
                .isEqualTo(snippet.expectedOutput().get());
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> javadocExamplesCompileAndRun() throws Exception {
    return CodeSnippets.javadoc(ROOT).stream().map(snippet -> DynamicTest.dynamicTest(
        snippet.where(), () -> SnippetCompiler.compileAndRun(snippet)));
  }

  @Test
  void examplesAreFoundAndEveryExceptionToRunningThemSaysWhy() throws Exception {
    List<CodeSnippets.Snippet> all = new ArrayList<>(CodeSnippets.readme(ROOT));
    assertThat(all).as("README java blocks").hasSizeGreaterThanOrEqualTo(5);
    assertThat(all.stream().filter(snippet -> snippet.expectedOutput().isPresent()))
        .as("README java blocks followed by what they print").hasSizeGreaterThanOrEqualTo(4);
    List<CodeSnippets.Snippet> javadoc = CodeSnippets.javadoc(ROOT);
    assertThat(javadoc).as("Javadoc code blocks").hasSizeGreaterThanOrEqualTo(15);
    all.addAll(javadoc);
    assertThat(all.stream().filter(CodeSnippets.Snippet::notRun))
        .allSatisfy(snippet -> assertThat(snippet.notRunReason()).as(snippet.where())
            .isNotBlank());
  }

  /**
   * The README's plug-in example is a JUnit class with no {@code main}: the documentation test
   * only compiles it, so the README must show the very file that the examples module runs.
   */
  @Test
  void thePlugInExampleIsTheContractTestThatRuns() throws Exception {
    Path test = ROOT.resolve(
        "examples/src/test/java/io/github/memsim/plugin/AtLeast64AllocatorTest.java");
    List<String> plugIns = CodeSnippets.readme(ROOT).stream().map(CodeSnippets.Snippet::code)
        .filter(code -> code.contains("extends AllocatorContract")).toList();
    assertThat(plugIns).containsExactly(Files.readString(test));
  }

  @Test
  void aListenerMethodThatOverridesNothingIsRefused() {
    CodeSnippets.Snippet overload = new CodeSnippets.Snippet("overload", """
        MemoryModel model = MemoryModel.builder()
            .listener(new MemoryListener() {
              public void onLoad(ThreadContext thread, long op, long address, int length,
                  Origin origin) {}
            })
            .build();
        """, Optional.empty());
    assertThatThrownBy(() -> SnippetCompiler.compileAndRun(overload))
        .hasMessageContaining("overload does not compile")
        .hasMessageContaining("onLoad(io.github.memsim.ThreadContext,long,long,int,"
            + "io.github.memsim.MemoryListener.Origin) overrides no method of"
            + " io.github.memsim.MemoryListener, which takes (io.github.memsim.ThreadContext,"
            + " long, long, long, io.github.memsim.MemoryListener.Origin): it is an overload"
            + " that is never called");
  }

  @Test
  void aFragmentThatThrowsFailsWithWhereItIs() {
    CodeSnippets.Snippet throwing = new CodeSnippets.Snippet("README.md:7", """
        ThreadContext main = MemoryModel.builder().build().mainThread();
        main.free(Pointer.raw(0x10020));
        """, Optional.empty());
    assertThatThrownBy(() -> SnippetCompiler.compileAndRun(throwing))
        .hasMessageStartingWith("README.md:7 throws when run: io.github.memsim.InvalidFreeFault");
  }

  @Test
  void aBlockMarkedNotRunIsCompiledButNotRun() throws Exception {
    CodeSnippets.Snippet meantToFail = new CodeSnippets.Snippet("README.md:9", """
        // not run: the free is meant to fail
        ThreadContext main = MemoryModel.builder().build().mainThread();
        main.free(Pointer.raw(0x10020));
        """, Optional.empty());
    assertThat(meantToFail.notRunReason()).isEqualTo("the free is meant to fail");
    assertThat(SnippetCompiler.compileAndRun(meantToFail)).isEmpty();

    CodeSnippets.Snippet broken = new CodeSnippets.Snippet("README.md:11", """
        // not run: still compiled
        main.free(Pointer.raw(0x10020));
        """, Optional.empty());
    assertThatThrownBy(() -> SnippetCompiler.compileAndRun(broken))
        .hasMessageStartingWith("README.md:11 does not compile:")
        .hasMessageContaining("cannot find symbol\n  symbol:   variable main");
  }

  @Test
  void aBlockThatIsAClassCompilesAsItIsAndRunsThroughItsMain() throws Exception {
    CodeSnippets.Snippet program = new CodeSnippets.Snippet("README.md:13", """
        package com.example;

        import java.util.Locale;

        @SuppressWarnings("unused")
        public final class Hello {
          public static void main(String[] args) {
            ThreadContext main = MemoryModel.builder().build().mainThread();
            System.out.println(String.format(Locale.ROOT, "%#x", main.malloc(16).address()));
          }
        }
        """, Optional.empty());
    assertThat(SnippetCompiler.compileAndRun(program)).isEqualTo("0x10020\n");
  }
}
