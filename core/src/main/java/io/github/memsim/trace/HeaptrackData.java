package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heaptrack data file, as heaptrack 1.x writes it once its interpreter has run (the default;
 * the file is compressed, which the caller undoes), read line by line.
 *
 * <p>Each line is a letter and hexadecimal numbers: {@code v VERSION FILEVERSION}; {@code X
 * COMMAND}; {@code s LENGTH TEXT} (a string, numbered from 1; without the length before file
 * version 3); {@code i IP MODULE [FUNCTION [FILE LINE [FUNCTION FILE LINE]...]]} (an instruction
 * pointer, numbered from 1: its function's string and those of the functions inlined into it);
 * {@code t IP PARENT} (a call-stack node, numbered from 1, whose parent 0 is the root);
 * {@code a SIZE TRACE} (an allocation kind: a size and a stack, numbered from 0); {@code +
 * KIND} and {@code - KIND} (a block of that kind allocated, and freed). Other letters (timing,
 * RSS, system information, comments) say nothing about blocks.
 *
 * <p>A free names the kind of block it releases, not the block: heaptrack maps pointers to
 * kinds while it records and writes no addresses. The importer frees the most recently
 * allocated live block of that kind (last in, first out, as a program's temporaries are).
 * What that costs: every block freed has the right size and site, so live bytes, the peak,
 * the number of live blocks and what is leaked at the end are exact; but when two live blocks
 * of the same size and stack are freed out of order, the trace frees them in the other order,
 * so the replayed heap's holes, and thus fragmentation and the heap size of a strategy, can
 * differ from the program's. Heaptrack records a realloc as a free and an allocation, and
 * records no alignment; heaptrack 1.4 does not see {@code memalign} or the free made by
 * {@code realloc(p, 0)}. Stacks become sites, innermost first, with heaptrack's own
 * {@code operator new} frames left out as its analyzer leaves them out.
 */
final class HeaptrackData extends Recording {
  private static final List<String> OPERATOR_NEW = List.of("operator new(unsigned long)",
      "operator new[](unsigned long)", "operator new(unsigned int)",
      "operator new[](unsigned int)");

  private final List<String> strings = new ArrayList<>();
  /** Per instruction pointer (from 1 at index 0): its function names, innermost first. */
  private final List<List<String>> ips = new ArrayList<>();
  /** Per stack node (from 1 at index 0): its instruction pointer and its parent node. */
  private final List<int[]> nodes = new ArrayList<>();
  /** Per allocation kind: its size and its site. */
  private final List<long[]> kinds = new ArrayList<>();
  /** Per allocation kind: the stand-in addresses of its live blocks, newest last. */
  private final Map<Integer, long[]> liveOfKind = new HashMap<>();
  private final Map<Integer, Integer> liveCount = new HashMap<>();
  private int fileVersion;
  /** Stand-in addresses: heaptrack's file has none, the book wants one per live block. */
  private long nextAddress = 16;

  HeaptrackData(String file) {
    super(file, "heaptrack", false);
  }

  @Override
  void line(String text, int line, AddressBook book) throws IOException {
    if (text.isEmpty() || text.charAt(0) == '#') {
      return;
    }
    char mode = text.charAt(0);
    if (text.length() > 1 && text.charAt(1) != ' ') {
      throw malformed(line, text, "a letter and a space");
    }
    String rest = text.length() > 2 ? text.substring(2) : "";
    switch (mode) {
      case 'v': {
        long[] numbers = numbers(rest, line, text, 1);
        fileVersion = numbers.length > 1 ? (int) numbers[1] : 0;
        long version = numbers[0];
        metadata.put("tool", "heaptrack-" + (version >> 16) + "." + ((version >> 8) & 0xFF) + "."
            + (version & 0xFF));
        break;
      }
      case 'X':
        metadata.put("command", Text.ascii(rest.strip()));
        break;
      case 's':
        strings.add(string(rest, line, text));
        break;
      case 'i': {
        long[] numbers = numbers(rest, line, text, 2);
        List<String> functions = new ArrayList<>();
        // A function's string 0 is one the interpreter could not name.
        if (numbers.length > 2 && numbers[2] != 0) {
          functions.add(name(numbers[2], line, text));
        }
        for (int f = 5; f + 2 < numbers.length; f += 3) {
          if (numbers[f] != 0) {
            functions.add(name(numbers[f], line, text));
          }
        }
        if (functions.isEmpty()) {
          functions.add("0x" + Long.toHexString(numbers[0]));
        }
        ips.add(functions);
        break;
      }
      case 't': {
        long[] numbers = numbers(rest, line, text, 2);
        if (numbers[0] > ips.size() || numbers[1] > nodes.size()) {
          throw malformed(line, text, "an instruction pointer and a parent defined above");
        }
        nodes.add(new int[] {(int) numbers[0], (int) numbers[1]});
        break;
      }
      case 'a': {
        long[] numbers = numbers(rest, line, text, 2);
        if (numbers[1] > nodes.size()) {
          throw malformed(line, text, "a size and a stack defined above");
        }
        List<String> stack = stack((int) numbers[1]);
        kinds.add(new long[] {numbers[0], stack.isEmpty() ? 0 : book.site(stack)});
        break;
      }
      case '+': {
        int kind = kind(rest, line, text);
        long address = nextAddress;
        nextAddress += 16;
        long[] live = liveOfKind.computeIfAbsent(kind, k -> new long[4]);
        int count = liveCount.getOrDefault(kind, 0);
        if (count == live.length) {
          live = Arrays.copyOf(live, count * 2);
          liveOfKind.put(kind, live);
        }
        live[count] = address;
        liveCount.put(kind, count + 1);
        book.malloc(address, kinds.get(kind)[0], 0, (int) kinds.get(kind)[1], line);
        break;
      }
      case '-': {
        int kind = kind(rest, line, text);
        int count = liveCount.getOrDefault(kind, 0);
        if (count == 0) {
          book.count("unknown-frees");
          break;
        }
        liveCount.put(kind, count - 1);
        book.free(liveOfKind.get(kind)[count - 1], line);
        break;
      }
      default:
        break;
    }
  }

  private int kind(String rest, int line, String text) throws TraceFormatException {
    long[] numbers = numbers(rest, line, text, 1);
    if (numbers[0] >= kinds.size()) {
      throw malformed(line, text, "an allocation kind defined above by an 'a' line (0 to "
          + (kinds.size() - 1) + ")");
    }
    return (int) numbers[0];
  }

  /** {@return the functions of a stack, innermost first, without heaptrack's operator new} */
  private List<String> stack(int node) {
    List<String> functions = new ArrayList<>();
    int steps = 0;
    for (int n = node; n > 0 && steps < 4096; n = nodes.get(n - 1)[1], steps++) {
      int ip = nodes.get(n - 1)[0];
      if (ip > 0) {
        for (String function : ips.get(ip - 1)) {
          if (!(functions.isEmpty() && OPERATOR_NEW.contains(function))) {
            functions.add(function);
          }
        }
      }
    }
    return functions;
  }

  private String name(long index, int line, String text) throws TraceFormatException {
    if (index < 1 || index > strings.size()) {
      throw malformed(line, text, "a string defined above (1 to " + strings.size() + ")");
    }
    return strings.get((int) index - 1);
  }

  private String string(String rest, int line, String text) throws TraceFormatException {
    String value = rest;
    if (fileVersion >= 3) {
      int space = rest.indexOf(' ');
      long length = space < 0 ? -1 : hex(rest.substring(0, space), line, text);
      if (space < 0 || length != rest.length() - space - 1) {
        throw malformed(line, text, "a length and a string of that length");
      }
      value = rest.substring(space + 1);
    }
    // A site's names are one line of printable text without the separator.
    return Text.ascii(value).replace(" <- ", " < ");
  }

  private long[] numbers(String rest, int line, String text, int least)
      throws TraceFormatException {
    String[] tokens = rest.isBlank() ? new String[0] : rest.strip().split(" +");
    if (tokens.length < least) {
      throw malformed(line, text, "at least " + least + " hexadecimal numbers");
    }
    long[] numbers = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      numbers[i] = hex(tokens[i], line, text);
    }
    return numbers;
  }

  private long hex(String token, int line, String text) throws TraceFormatException {
    try {
      return Long.parseUnsignedLong(token, 16);
    } catch (NumberFormatException e) {
      throw malformed(line, text, "hexadecimal numbers");
    }
  }

  private TraceFormatException malformed(int line, String text, String expected) {
    return new TraceFormatException(file, line, "expected " + expected + ", found '"
        + Text.shown(text) + "'");
  }

  @Override
  void end(int line, AddressBook book) {
    // Blocks still live are the program's leaks: the trace leaves them live too.
  }
}
