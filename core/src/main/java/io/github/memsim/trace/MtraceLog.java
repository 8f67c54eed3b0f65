package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * glibc's {@code mtrace} log (written where {@code MALLOC_TRACE} points, by a program that calls
 * {@code mtrace()}; from glibc 2.34 with {@code libc_malloc_debug.so} preloaded).
 *
 * <p>Its lines, as glibc's {@code malloc/mtrace-impl.c} writes them: {@code = Start} and
 * {@code = End}; then {@code @ CALLER + ADDRESS SIZE} for malloc, calloc and the aligned calls
 * (which the log does not tell apart: mtrace keeps no alignment), {@code @ CALLER - ADDRESS} for
 * free and for realloc to 0 (which the log does not tell apart either), {@code @ CALLER <
 * ADDRESS} followed by {@code @ CALLER > ADDRESS SIZE} for a realloc, and {@code @ CALLER !
 * ADDRESS SIZE} for a realloc that failed. Sizes are hexadecimal. The caller, such as
 * {@code ./prog:(make_leak+0x10)[0x1206]} or {@code ./prog:[0x1206]}, becomes the block's site:
 * the function's name when the log has it, else the caller as written.
 */
final class MtraceLog extends Recording {
  private static final Pattern LINE = Pattern.compile(
      "^@ (.*?) ?([-+<>!]) (0x[0-9a-fA-F]+|\\(nil\\)|0)(?: (0x[0-9a-fA-F]+|[0-9]+))?$");
  private static final Pattern FUNCTION = Pattern.compile("\\(([^()+]+)\\+0x[0-9a-fA-F]+\\)");

  private final Map<String, Integer> sites = new HashMap<>();
  private long pendingOld = -1;
  private int pendingLine;

  MtraceLog(String file) {
    super(file, "mtrace", true);
  }

  @Override
  void line(String text, int line, AddressBook book) throws IOException {
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.equals("= Start") || stripped.equals("= End")) {
      return;
    }
    Matcher m = LINE.matcher(stripped);
    if (!m.matches()) {
      throw new TraceFormatException(file, line, "expected '@ CALLER + ADDRESS SIZE', '- ADDRESS',"
          + " '< ADDRESS', '> ADDRESS SIZE' or '! ADDRESS SIZE', found '" + Text.shown(stripped)
          + "'");
    }
    char op = m.group(2).charAt(0);
    long address = address(m.group(3));
    boolean sized = op == '+' || op == '>' || op == '!';
    if (sized != (m.group(4) != null)) {
      throw new TraceFormatException(file, line, "'" + op + "' " + (sized ? "needs a size"
          : "takes no size") + ": '" + Text.shown(stripped) + "'");
    }
    long size = sized ? size(m.group(4), line) : 0;
    if (pendingOld >= 0 && op != '>') {
      throw new TraceFormatException(file, line, "the realloc begun on line " + pendingLine
          + " ('<') needs its '>' next");
    }
    int site = op == '+' || op == '>' ? site(m.group(1), book) : 0;
    switch (op) {
      case '+':
        book.malloc(address, size, 0, site, line);
        break;
      case '-':
        book.free(address, line);
        break;
      case '<':
        pendingOld = address;
        pendingLine = line;
        break;
      case '>':
        if (pendingOld < 0) {
          throw new TraceFormatException(file, line, "'>' without the '<' of its realloc before"
              + " it");
        }
        book.realloc(pendingOld, address, size, site, line);
        pendingOld = -1;
        break;
      default:
        book.count("failed-calls");
        break;
    }
  }

  private int site(String caller, AddressBook book) {
    if (caller.isEmpty()) {
      return 0;
    }
    Integer known = sites.get(caller);
    if (known == null) {
      Matcher function = FUNCTION.matcher(caller);
      String name = function.find() ? function.group(1) : Text.ascii(caller);
      known = book.site(List.of(name.replace(" <- ", " < ")));
      sites.put(caller, known);
    }
    return known;
  }

  private long address(String token) {
    return token.startsWith("0x") ? Long.parseUnsignedLong(token.substring(2), 16) : 0;
  }

  private long size(String token, int line) throws TraceFormatException {
    try {
      return token.startsWith("0x") ? Long.parseUnsignedLong(token.substring(2), 16)
          : Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, line, "expected a size, found '" + Text.shown(token)
          + "'");
    }
  }

  @Override
  void end(int line, AddressBook book) throws IOException {
    if (pendingOld >= 0) {
      throw new TraceFormatException(file, pendingLine, "the realloc begun here ('<') has no"
          + " '>': the log ends before it");
    }
  }
}
