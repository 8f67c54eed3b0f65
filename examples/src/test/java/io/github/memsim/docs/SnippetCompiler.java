package io.github.memsim.docs;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one documentation example in process, against the test class path, and runs it.
 *
 * <p>A block that declares a class (after any imports) is compiled as it is, with the standard
 * imports below added, and run through its {@code main} if it has one. Any other block is a
 * fragment: it becomes the body of a method that may throw anything, and that method is run.
 *
 * <p>Beside javac's own errors, a method of an example that has the name of a method of a
 * memsim supertype but overrides none of them is an error: such an overload is never called
 * (a listener's {@code onLoad(..., int length, ...)} where the method takes a {@code long}).
 */
final class SnippetCompiler {
  /** What every example may use without importing it. */
  static final List<String> STANDARD_IMPORTS = List.of(
      "io.github.memsim.*",
      "io.github.memsim.alloc.*",
      "io.github.memsim.concurrent.*",
      "io.github.memsim.cost.*",
      "io.github.memsim.picture.*",
      "io.github.memsim.trace.*",
      "io.github.memsim.MemoryListener.Origin",
      "io.github.memsim.internal.Text",
      "java.nio.file.Files",
      "java.nio.file.Path",
      "java.util.List",
      "java.util.Locale",
      "java.util.Map");

  private static final Pattern CLASS_DECLARATION = Pattern.compile(
      "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*"
          + "(?:(?:public|final|abstract|sealed|non-sealed|static)\\s+)*"
          + "(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);
  private static final String FRAGMENT_CLASS = "Snippet";

  private SnippetCompiler() {}

  /**
   * Compiles an example and, unless it is marked not to be run, runs it.
   *
   * @param snippet the example
   * @return what it printed on standard output (empty if it was not run)
   * @throws AssertionError if it does not compile, or throws when run
   */
  static String compileAndRun(CodeSnippets.Snippet snippet) throws Exception {
    Path classes = Files.createTempDirectory("memsim-snippet");
    try {
      Unit unit = unit(snippet.code());
      compile(snippet, unit, classes);
      if (snippet.notRun()) {
        return "";
      }
      return run(snippet, unit, classes);
    } finally {
      try (var walk = Files.walk(classes)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** A compilation unit: its main class's binary name and its source. */
  record Unit(String className, boolean fragment, String source) {}

  /** {@return the compilation unit that holds the example} */
  static Unit unit(String code) {
    StringBuilder imports = new StringBuilder();
    String packagePrefix = "";
    for (String line : code.lines().toList()) {
      if (line.startsWith("package ")) {
        imports.append(line).append('\n');
        packagePrefix = line.substring("package ".length(), line.indexOf(';')).strip() + ".";
      }
    }
    for (String name : STANDARD_IMPORTS) {
      imports.append("import ").append(name).append(";\n");
    }
    StringBuilder body = new StringBuilder();
    for (String line : code.lines().toList()) {
      if (line.startsWith("import ")) {
        imports.append(line).append('\n');
      } else if (!line.startsWith("package ")) {
        body.append(line).append('\n');
      }
    }
    Matcher declaration = CLASS_DECLARATION.matcher(withoutComments(body.toString()).strip());
    if (declaration.lookingAt()) {
      return new Unit(packagePrefix + declaration.group(1), false, imports + "\n" + body);
    }
    String source = imports + "\nfinal class " + FRAGMENT_CLASS + " {\n"
        + "  static void run() throws Throwable {\n" + body + "  }\n}\n";
    return new Unit(FRAGMENT_CLASS, true, source);
  }

  private static String withoutComments(String code) {
    return code.replaceAll("(?m)^\\s*//.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
  }

  private static void compile(CodeSnippets.Snippet snippet, Unit unit, Path classes)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      JavaFileObject source = new SimpleJavaFileObject(
          URI.create("string:///" + unit.className().replace('.', '/') + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return unit.source();
        }
      };
      List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(),
          "-proc:none", "-Xlint:deprecation,removal,unchecked,rawtypes,cast", "-encoding", "UTF-8");
      StringWriter out = new StringWriter();
      JavacTask task = (JavacTask) javac.getTask(out, files, diagnostics, options, null,
          List.of(source));
      Iterable<? extends CompilationUnitTree> trees = task.parse();
      task.analyze();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
        if (diagnostic.getKind() == Diagnostic.Kind.ERROR
            || diagnostic.getKind() == Diagnostic.Kind.WARNING
            || diagnostic.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
          errors.add("line " + diagnostic.getLineNumber() + ": "
              + diagnostic.getMessage(Locale.ROOT));
        }
      }
      if (errors.isEmpty()) {
        errors.addAll(nearMissOverrides(task, trees));
      }
      if (!errors.isEmpty()) {
        throw new AssertionError(snippet.where() + " does not compile:\n  "
            + String.join("\n  ", errors) + "\nas compiled:\n" + numbered(unit.source()));
      }
      task.generate();
    }
  }

  /** {@return a message for each method that names a memsim supertype's method but overrides none} */
  private static List<String> nearMissOverrides(JavacTask task,
      Iterable<? extends CompilationUnitTree> trees) {
    Trees treeUtils = Trees.instance(task);
    Elements elements = task.getElements();
    Types types = task.getTypes();
    List<String> problems = new ArrayList<>();
    for (CompilationUnitTree tree : trees) {
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethod(MethodTree method, Void unused) {
          Element element = treeUtils.getElement(getCurrentPath());
          if (element instanceof ExecutableElement executable
              && executable.getKind() == ElementKind.METHOD
              && executable.getEnclosingElement() instanceof TypeElement owner) {
            List<ExecutableElement> namesakes = namesakes(owner, executable, types);
            boolean overrides = namesakes.stream()
                .anyMatch(other -> elements.overrides(executable, other, owner));
            if (!namesakes.isEmpty() && !overrides) {
              long line = tree.getLineMap().getLineNumber(
                  treeUtils.getSourcePositions().getStartPosition(tree, method));
              problems.add("line " + line + ": " + executable + " overrides no method of "
                  + namesakes.get(0).getEnclosingElement() + ", which takes ("
                  + namesakes.get(0).getParameters().stream()
                      .map(p -> p.asType().toString()).reduce((a, b) -> a + ", " + b).orElse("")
                  + "): it is an overload that is never called");
            }
          }
          return super.visitMethod(method, unused);
        }
      }.scan(tree, null);
    }
    return problems;
  }

  private static List<ExecutableElement> namesakes(TypeElement owner, ExecutableElement method,
      Types types) {
    List<ExecutableElement> found = new ArrayList<>();
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(owner.asType()));
    Set<String> seen = new LinkedHashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.pop();
      if (!(supertype instanceof DeclaredType declared)
          || !(declared.asElement() instanceof TypeElement type)
          || !seen.add(type.getQualifiedName().toString())) {
        continue;
      }
      if (type.getQualifiedName().toString().startsWith("io.github.memsim.")) {
        for (Element member : type.getEnclosedElements()) {
          if (member instanceof ExecutableElement candidate
              && candidate.getKind() == ElementKind.METHOD
              && candidate.getSimpleName().contentEquals(method.getSimpleName())
              && !candidate.getModifiers().contains(Modifier.STATIC)) {
            found.add(candidate);
          }
        }
      }
      pending.addAll(types.directSupertypes(supertype));
    }
    return found;
  }

  private static String run(CodeSnippets.Snippet snippet, Unit unit, Path classes)
      throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        SnippetCompiler.class.getClassLoader())) {
      Class<?> type = loader.loadClass(unit.className());
      Method entry;
      Object[] arguments;
      if (unit.fragment()) {
        entry = type.getDeclaredMethod("run");
        arguments = new Object[0];
      } else {
        try {
          entry = type.getDeclaredMethod("main", String[].class);
        } catch (NoSuchMethodException noMain) {
          return ""; // a class without main: compiling it is what there is to check
        }
        arguments = new Object[] {new String[0]};
      }
      entry.setAccessible(true);
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        entry.invoke(null, arguments);
      } catch (InvocationTargetException thrown) {
        throw new AssertionError(snippet.where() + " throws when run: " + thrown.getCause()
            + (printed.size() > 0 ? "\nafter printing:\n" + printed.toString(StandardCharsets.UTF_8)
                : ""), thrown.getCause());
      } finally {
        System.setOut(original);
      }
    }
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String numbered(String source) {
    StringBuilder out = new StringBuilder();
    List<String> lines = source.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      out.append(String.format(Locale.ROOT, "%4d  %s%n", i + 1, lines.get(i)));
    }
    return out.toString();
  }

  /**
   * {@return the test class path as javac needs it} Surefire may start the tests from a jar
   * that holds only a manifest whose {@code Class-Path} lists the real entries, so a jar's
   * manifest entries are followed (relative to the jar, as the JVM resolves them).
   */
  static String classPath() throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    Deque<Path> pending = new ArrayDeque<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        pending.add(Path.of(entry).toAbsolutePath());
      }
    }
    while (!pending.isEmpty()) {
      Path entry = pending.pop();
      if (!entries.add(entry.toString())) {
        continue;
      }
      if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(entry.toFile())) {
          Manifest manifest = jar.getManifest();
          String listed = manifest == null ? null
              : manifest.getMainAttributes().getValue("Class-Path");
          if (listed != null) {
            for (String relative : listed.trim().split("\\s+")) {
              URI resolved = entry.toUri().resolve(relative);
              pending.add(Path.of(resolved));
            }
          }
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
