package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Valgrind's {@code --trace-malloc=yes} output: one {@code --PID-- call(arguments) = result}
 * line per call its replacement allocator sees.
 *
 * <p>The shapes, as Valgrind 3.19 to 3.24 print them: {@code malloc(100) = 0x4A41040};
 * {@code calloc(10,30) = ...}; {@code realloc(0x4A41040,5000) = 0x4A41260} (a move, or not);
 * {@code realloc(0x4A426A0,0)free(0x4A426A0)} then {@code  = 0} on the next line (realloc to 0,
 * which frees); {@code memalign(al 64, size 200) = ...} (also for posix_memalign and
 * aligned_alloc; newer versions name those, or write {@code alignment}); C++'s operators by
 * their mangled names, such as {@code _Znwm(4) = ...}, {@code _ZnwmSt11align_val_t(size 64, al
 * 64) = ...}, {@code _ZdlPvm(0x4D6EC80)}; and {@code free(0x0)}. A call nested inside another
 * (the free or malloc a realloc makes) is part of it. A result may follow on a later line.
 * Calls whose shape is none of these ({@code malloc_usable_size}) are counted, not written;
 * Valgrind's own messages ({@code ==PID==} lines) are read for the command and the version.
 */
final class ValgrindLog extends Recording {
  private static final Pattern PREFIX = Pattern.compile("^--(\\d+)-- ?(.*)$");
  private static final Pattern MESSAGE = Pattern.compile("^==(\\d+)== (.*)$");
  private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\(([^()]*)\\)");
  private static final Pattern RESULT =
      Pattern.compile("\\s*=\\s*(0x[0-9A-Fa-f]+|0|\\(nil\\)|[0-9]+)");

  /** The call waiting for its result, or null. */
  private String pending;
  private List<String> pendingArguments;
  private int pendingLine;

  ValgrindLog(String file) {
    super(file, "valgrind", true);
  }

  @Override
  void line(String text, int line, AddressBook book) throws IOException {
    Matcher message = MESSAGE.matcher(text);
    if (message.matches()) {
      String words = message.group(2);
      if (words.startsWith("Command: ") && !metadata.containsKey("command")) {
        metadata.put("command", Text.ascii(words.substring(9).strip()));
      } else if (words.startsWith("Using Valgrind-")) {
        String version = words.substring(15).split("[ ]", 2)[0];
        metadata.put("tool", "valgrind-" + version);
      }
      return;
    }
    Matcher prefix = PREFIX.matcher(text);
    if (!prefix.matches()) {
      // The program's own output, when Valgrind wrote to the same stream.
      return;
    }
    String rest = prefix.group(2);
    int at = 0;
    while (at < rest.length()) {
      Matcher result = RESULT.matcher(rest).region(at, rest.length());
      if (result.lookingAt()) {
        if (pending == null) {
          throw new TraceFormatException(file, line, "a result '"
              + Text.shown(result.group().strip()) + "' without a call before it");
        }
        finish(parse(result.group(1), line), line, book);
        at = result.end();
        continue;
      }
      Matcher call = CALL.matcher(rest).region(at, rest.length());
      if (!call.lookingAt()) {
        if (at == 0 && pending == null) {
          return; // Another of Valgrind's messages (with -v), not a call.
        }
        throw new TraceFormatException(file, line, "expected a call or ' = RESULT', found '"
            + Text.shown(rest.substring(at).strip()) + "'");
      }
      at = call.end();
      String name = call.group(1);
      List<String> arguments = arguments(call.group(2));
      if (pending != null) {
        if (pending.startsWith("realloc")) {
          continue; // the free or malloc inside a realloc
        }
        throw new TraceFormatException(file, line, Text.shown(pending) + " on line " + pendingLine
            + " has no result before " + Text.shown(name));
      }
      if (name.equals("malloc_usable_size") || name.equals("malloc_size")) {
        pending = name;
        pendingArguments = arguments;
        pendingLine = line;
      } else if (isFree(arguments)) {
        book.free(parse(arguments.get(0), line), line);
      } else {
        pending = name;
        pendingArguments = arguments;
        pendingLine = line;
        check(name, arguments, line);
      }
    }
  }

  private static boolean isFree(List<String> arguments) {
    return arguments.size() == 1 && arguments.get(0).startsWith("0x");
  }

  private static List<String> arguments(String text) {
    List<String> out = new ArrayList<>();
    for (String argument : text.split(",")) {
      if (!argument.isBlank()) {
        out.add(argument.strip());
      }
    }
    return out;
  }

  /** Refuses arguments that do not fit the call's shape, on the call's own line. */
  private void check(String name, List<String> arguments, int line) throws IOException {
    if (name.startsWith("realloc")) {
      if (arguments.size() < 2 || !arguments.get(0).startsWith("0x")) {
        throw new TraceFormatException(file, line, "expected " + name + "(POINTER,SIZE), found "
            + Text.shown(name + "(" + String.join(",", arguments) + ")"));
      }
    }
    for (String argument : arguments) {
      String value = argument.replaceFirst("^(al|alignment|size) ", "");
      parse(value, line);
    }
  }

  /** Completes the pending call with its result. */
  private void finish(long result, int line, AddressBook book) throws IOException {
    String name = pending;
    List<String> arguments = pendingArguments;
    int callLine = pendingLine;
    pending = null;
    if (name.equals("malloc_usable_size") || name.equals("malloc_size")) {
      book.count("ignored-calls");
      return;
    }
    if (name.startsWith("realloc")) {
      long size = parse(arguments.get(1), callLine);
      if (arguments.size() == 3) {
        size = Math.multiplyHigh(size, parse(arguments.get(2), callLine)) != 0 ? -1
            : size * parse(arguments.get(2), callLine);
      }
      if (size < 0) {
        book.count("failed-calls");
        return;
      }
      book.realloc(parse(arguments.get(0), callLine), result, size, 0, callLine);
      return;
    }
    long size = -1;
    long alignment = 0;
    List<Long> plain = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.startsWith("al ") || argument.startsWith("alignment ")) {
        alignment = parse(argument.substring(argument.indexOf(' ') + 1), callLine);
      } else if (argument.startsWith("size ")) {
        size = parse(argument.substring(5), callLine);
      } else {
        plain.add(parse(argument, callLine));
      }
    }
    if (size < 0) {
      if (plain.isEmpty()) {
        book.count("ignored-calls");
        return;
      }
      size = plain.get(0);
      for (int i = 1; i < plain.size(); i++) {
        // calloc(n, size): a product that overflows fails, as calloc does
        size = Math.multiplyHigh(size, plain.get(i)) != 0 ? -1 : size * plain.get(i);
        if (size < 0) {
          book.count("failed-calls");
          return;
        }
      }
    }
    book.malloc(result, size, powerOfTwo(alignment), 0, callLine);
  }

  /** {@return an alignment as the C library rounds it: up to a power of two; 0 stays 0} */
  static long powerOfTwo(long alignment) {
    return alignment <= 1 ? 0 : Long.highestOneBit(alignment - 1) << 1;
  }

  private long parse(String token, int line) throws TraceFormatException {
    try {
      if (token.equals("(nil)")) {
        return 0;
      }
      if (token.startsWith("0x") || token.startsWith("0X")) {
        return Long.parseUnsignedLong(token.substring(2), 16);
      }
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, line, "expected a number or an address, found '"
          + Text.shown(token) + "'");
    }
  }

  @Override
  void end(int line, AddressBook book) throws IOException {
    if (pending != null) {
      throw new TraceFormatException(file, pendingLine, Text.shown(pending)
          + " has no result: the log ends before it");
    }
  }
}
