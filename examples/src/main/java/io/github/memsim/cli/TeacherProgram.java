package io.github.memsim.cli;

import io.github.memsim.concurrent.Program;
import io.github.memsim.internal.Text;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A program of one's own for {@code memsim threads --class-path DIR|JAR --program CLASS}: a
 * class, compiled against memsim's core, with a method
 *
 * <pre>
 *   public static Program program()
 * </pre>
 *
 * that builds the {@link Program} (setup, thread bodies, outcome) with
 * {@link Program#builder}. The class is loaded from the directory or jar given (or, with no
 * {@code --class-path}, from memsim's own class path), the method called once, and the program
 * run with every strategy and option of the bundled examples. Whatever goes wrong (no such
 * file, no such class, no such method, a method that throws or returns null) is one line and
 * exit code 2.
 */
final class TeacherProgram {
  /** The name of the method a teacher's class provides. */
  static final String METHOD = "program";

  private TeacherProgram() {}

  /**
   * Loads a class and asks it for its program.
   *
   * @param classPath the directory or jar holding the class, or null for memsim's class path
   * @param className the class's binary name, e.g. {@code com.example.Exercise}
   * @return the program
   * @throws IOException if the class path does not exist
   * @throws IllegalArgumentException for a class that cannot be found or has the wrong shape
   */
  static Program load(Path classPath, String className) throws IOException {
    ClassLoader parent = TeacherProgram.class.getClassLoader();
    ClassLoader loader = parent;
    if (classPath != null) {
      if (!Files.exists(classPath)) {
        throw new NoSuchFileException(classPath.toString());
      }
      loader = new URLClassLoader(new URL[] {url(classPath)}, parent);
    }
    String shown = Text.name(className);
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("no class " + shown + (classPath == null ? ""
          : " in " + Text.shown(classPath.toString())) + (e instanceof LinkageError
          ? " that loads (" + e + ")" : ""), e);
    }
    Method method;
    try {
      method = type.getMethod(METHOD);
    } catch (NoSuchMethodException e) {
      throw wrongShape(shown, e);
    }
    if (!Modifier.isStatic(method.getModifiers())
        || !Program.class.isAssignableFrom(method.getReturnType())) {
      throw wrongShape(shown, null);
    }
    Object program;
    try {
      program = method.invoke(null);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(shown + "." + METHOD + "() failed: " + cause, cause);
    } catch (IllegalAccessException | ExceptionInInitializerError e) {
      throw new IllegalArgumentException(shown + "." + METHOD + "() cannot be called: " + e, e);
    }
    if (program == null) {
      throw new IllegalArgumentException(shown + "." + METHOD + "() returned null");
    }
    return (Program) program;
  }

  private static IllegalArgumentException wrongShape(String shown, Exception cause) {
    return new IllegalArgumentException(shown + " has no method 'public static Program "
        + METHOD + "()' (io.github.memsim.concurrent.Program)", cause);
  }

  private static URL url(Path classPath) {
    try {
      return classPath.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("cannot use " + Text.shown(classPath.toString())
          + " as a class path: " + e.getMessage(), e);
    }
  }
}
