package io.github.memsim.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * The one text helper of memsim: the words every message shares (addresses in hex, counts with
 * their nouns), the escaping of text for each output (a JSON string, XML and SVG, a terminal, a
 * CSV cell), and the two writers every document is made with: {@link Json} and {@link Svg}.
 *
 * <p>The rules it keeps, so that no producer decides them again:
 * <ul>
 *   <li>JSON is ASCII whatever the text: every character outside printable ASCII is written
 *       {@code \\uXXXX}, so a document survives any transport's encoding.</li>
 *   <li>XML (and so SVG and HTML) is well-formed whatever the text: {@code < > & "} become
 *       entities (attributes are always double-quoted), tab, line feed and carriage return
 *       become spaces (a label is one line), and every character XML 1.0 forbids (other
 *       control characters, unpaired surrogates, U+FFFE and U+FFFF) becomes U+FFFD.</li>
 *   <li>Text for a terminal never carries a control character: each is shown as
 *       {@code \\uXXXX}, as are the invisible characters that reorder or break a line; a name or
 *       token a user controls is also cut to {@value #SHOWN_LENGTH} characters in messages.</li>
 *   <li>A CSV text cell that a spreadsheet would run as a formula (it begins with {@code =},
 *       {@code +}, {@code -}, {@code @}, tab or carriage return) gets a single quote before it,
 *       as OWASP advises; cells are quoted as RFC 4180 says.</li>
 * </ul>
 */
public final class Text {
  /** The most characters of a user's name or token that a message shows. */
  public static final int SHOWN_LENGTH = 80;

  private Text() {}

  /**
   * Formats an address the way every message does: {@code 0x} and lower-case hex.
   *
   * @param address an address
   * @return the address in hex, such as {@code 0x10020}
   */
  public static String hex(long address) {
    return "0x" + Long.toHexString(address);
  }

  /**
   * Writes a count with its noun, singular for one: "1 byte", "24 bytes".
   *
   * @param count the count
   * @param noun the singular noun; the plural adds an s
   * @return the phrase
   */
  public static String count(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }

  /**
   * Writes a number of bytes: "1 byte", "24 bytes".
   *
   * @param bytes the number of bytes
   * @return the phrase
   */
  public static String bytes(long bytes) {
    return count(bytes, "byte");
  }

  /**
   * Writes a JSON string literal that is ASCII whatever the text: quotes, backslashes and
   * control characters escaped, and every character outside printable ASCII as {@code \\uXXXX}.
   *
   * @param text any text
   * @return the literal, quotes included
   */
  public static String json(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    appendJson(out, text);
    return out.toString();
  }

  private static void appendJson(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        unicodeEscape(out, c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    String digits = Integer.toHexString(c);
    out.append("\\u").append("0".repeat(4 - digits.length())).append(digits);
  }

  /**
   * Escapes text for XML character data and attribute values (and so for SVG and HTML): always
   * well-formed, whatever the text.
   *
   * @param text any text
   * @return the escaped text
   */
  public static String xml(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    appendXml(out, text);
    return out.toString();
  }

  private static void appendXml(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\t', '\n', '\r' -> out.append(' ');
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
            out.append('\ufffd');
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /**
   * Makes text safe to print on a terminal: every control character (C0, DEL, C1), every
   * character that reorders text (bidirectional controls) or breaks a line (U+2028, U+2029), and
   * every unpaired surrogate is written {@code \\uXXXX}; the rest is unchanged.
   *
   * @param text any text
   * @return the text, printable
   */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired || !unprintable(c)) {
        if (out != null) {
          out.append(c);
          if (paired) {
            out.append(text.charAt(i + 1));
          }
        }
        i += paired ? 1 : 0;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      unicodeEscape(out, c);
    }
    return out == null ? text : out.toString();
  }

  /**
   * A name a user chooses (a thread, a function, a slot, an allocator) as a fault message shows
   * it: cut to {@value #SHOWN_LENGTH} characters ({@link #cut}) and made {@linkplain
   * #ascii(String) plain ASCII}. An ordinary name is returned as it is.
   *
   * @param name the name
   * @return the name to show in a message
   */
  public static String name(String name) {
    return ascii(cut(name, SHOWN_LENGTH));
  }

  /**
   * Says in words why reading a gzip stream failed: cut short ({@link java.io.EOFException}) or
   * damaged ({@link java.util.zip.ZipException}, with its detail), for a message that names the
   * file and line.
   *
   * @param e the exception the stream threw
   * @return the cause, as messages say it
   */
  public static String compressedDataProblem(IOException e) {
    if (e instanceof EOFException) {
      return "the compressed data ends early (is the file cut short?)";
    }
    return "damaged compressed data (" + (e.getMessage() == null ? "no detail" : e.getMessage())
        + ")";
  }

  /**
   * Makes text plain ASCII, as fault messages promise to be: every character outside printable
   * ASCII (controls, and every letter or sign beyond ASCII) is written {@code \\uXXXX}; the rest
   * is unchanged, and text that is ASCII already is returned as it is.
   *
   * @param text any text
   * @return the text, in printable ASCII
   */
  public static String ascii(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x7e) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7e) {
        out.append(c);
      } else {
        unicodeEscape(out, c);
      }
    }
    return out.toString();
  }

  private static boolean unprintable(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
        || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || Character.isSurrogate(c);
  }

  /**
   * Cuts text to at most {@code limit} characters, saying how many were left out: {@code
   * "abc... (7 more characters)"}.
   *
   * @param text any text
   * @param limit the most characters kept, at least 1
   * @return the text, or its beginning and what was cut
   */
  public static String cut(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    int keep = limit;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + "... (" + count(text.length() - keep, "more character")
        + ")";
  }

  /**
   * A name or token that a user controls (a file, a thread, an allocator, a bad token), as a
   * message or a line of text output shows it: cut to {@value #SHOWN_LENGTH} characters and
   * {@linkplain #printable(String) printable}.
   *
   * @param text the name or token
   * @return the text to show
   */
  public static String shown(String text) {
    return printable(cut(text, SHOWN_LENGTH));
  }

  /**
   * Writes one CSV field as RFC 4180 does: quoted (with quotes doubled) when it holds a comma, a
   * quote or a line break.
   *
   * @param field the field's text
   * @return the field
   */
  public static String csv(String field) {
    if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
        || field.indexOf('\r') >= 0) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  /**
   * Writes one CSV text field (a name, never a number): as {@link #csv(String)}, with a single
   * quote first when a spreadsheet would take the text for a formula.
   *
   * @param text the cell's text
   * @return the field
   */
  public static String csvText(String text) {
    boolean formula = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
    return csv(formula ? "'" + text : text);
  }

  /**
   * A writer of one JSON document, compact (no spaces), with the commas placed for its caller.
   * Strings are written as {@link Text#json(String)} writes them.
   *
   * <pre>{@code
   * String doc = new Text.Json().beginObject().name("ops").value(4000)
   *     .name("trace").value("binary.rep").endObject().toString();
   * }</pre>
   */
  public static final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean comma;
    private boolean afterName;

    /** Makes an empty document. */
    public Json() {}

    private Json separate() {
      if (afterName) {
        afterName = false;
      } else if (comma) {
        out.append(',');
      }
      return this;
    }

    /**
     * Opens an object.
     *
     * @return this writer
     */
    public Json beginObject() {
      separate().out.append('{');
      comma = false;
      return this;
    }

    /**
     * Closes the innermost object.
     *
     * @return this writer
     */
    public Json endObject() {
      out.append('}');
      comma = true;
      return this;
    }

    /**
     * Opens an array.
     *
     * @return this writer
     */
    public Json beginArray() {
      separate().out.append('[');
      comma = false;
      return this;
    }

    /**
     * Closes the innermost array.
     *
     * @return this writer
     */
    public Json endArray() {
      out.append(']');
      comma = true;
      return this;
    }

    /**
     * Writes a member's name; its value comes next.
     *
     * @param name the name
     * @return this writer
     */
    public Json name(String name) {
      separate();
      appendJson(out, name);
      out.append(':');
      afterName = true;
      return this;
    }

    /**
     * Writes a string.
     *
     * @param value the string
     * @return this writer
     */
    public Json value(String value) {
      separate();
      appendJson(out, value);
      comma = true;
      return this;
    }

    /**
     * Writes a whole number.
     *
     * @param value the number
     * @return this writer
     */
    public Json value(long value) {
      return raw(Long.toString(value));
    }

    /**
     * Writes a boolean.
     *
     * @param value the boolean
     * @return this writer
     */
    public Json value(boolean value) {
      return raw(Boolean.toString(value));
    }

    /**
     * Writes a number with a fixed number of decimals, as {@code %.Nf} in the root locale.
     *
     * @param value the number
     * @param decimals the decimals
     * @return this writer
     */
    public Json value(double value, int decimals) {
      return raw(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    /**
     * Writes a value that is JSON already: a number as the caller formatted it, or a document
     * another writer made.
     *
     * @param json the value's JSON text
     * @return this writer
     */
    public Json raw(String json) {
      separate().out.append(json);
      comma = true;
      return this;
    }

    /** {@return the document so far} */
    @Override
    public String toString() {
      return out.toString();
    }
  }

  /**
   * A writer of SVG markup: elements with attributes in the order given, attribute values and
   * text escaped by {@link Text#xml(String)}, so that the picture is well-formed whatever names
   * it shows. A value of {@code null} leaves its attribute out; an {@code Integer} or {@code Long}
   * is written as is, a {@code Double} with one decimal.
   *
   * <pre>{@code
   * Text.Svg svg = new Text.Svg();
   * svg.rect("x", 10, "y", 20, "width", 30, "height", 14, "fill", "#dddddd");
   * svg.text("block #1", "x", 16, "y", 32);
   * }</pre>
   */
  public static final class Svg {
    private final StringBuilder out = new StringBuilder();

    /** Makes empty markup. */
    public Svg() {}

    /**
     * Opens an element: {@code <name a="v" ...>}.
     *
     * @param name the element's name
     * @param attributes names and values, alternating
     * @return this writer
     */
    public Svg open(String name, Object... attributes) {
      tag(name, attributes);
      out.append('>');
      return this;
    }

    /**
     * Closes an element: {@code </name>}.
     *
     * @param name the element's name
     * @return this writer
     */
    public Svg close(String name) {
      out.append("</").append(name).append('>');
      return this;
    }

    /**
     * Writes an element without content: {@code <name a="v" .../>}.
     *
     * @param name the element's name
     * @param attributes names and values, alternating
     * @return this writer
     */
    public Svg empty(String name, Object... attributes) {
      tag(name, attributes);
      out.append("/>");
      return this;
    }

    /**
     * Writes a rectangle on a line of its own.
     *
     * @param attributes names and values, alternating
     * @return this writer
     */
    public Svg rect(Object... attributes) {
      return empty("rect", attributes).line();
    }

    /**
     * Writes a text element on a line of its own.
     *
     * @param content the text, escaped here
     * @param attributes names and values, alternating
     * @return this writer
     */
    public Svg text(String content, Object... attributes) {
      open("text", attributes);
      appendXml(out, content);
      return close("text").line();
    }

    /**
     * Ends a line.
     *
     * @return this writer
     */
    public Svg line() {
      out.append('\n');
      return this;
    }

    /**
     * Writes markup another {@code Svg} made.
     *
     * @param markup the markup
     * @return this writer
     */
    public Svg append(Svg markup) {
      out.append(markup.out);
      return this;
    }

    private void tag(String name, Object[] attributes) {
      if (attributes.length % 2 != 0) {
        throw new IllegalArgumentException("attributes come in pairs, not " + attributes.length);
      }
      out.append('<').append(name);
      for (int i = 0; i < attributes.length; i += 2) {
        Object value = attributes[i + 1];
        if (value == null) {
          continue;
        }
        out.append(' ').append(attributes[i]).append("=\"");
        if (value instanceof Double number) {
          out.append(String.format(Locale.ROOT, "%.1f", number));
        } else if (value instanceof Integer || value instanceof Long) {
          out.append(value);
        } else {
          appendXml(out, value.toString());
        }
        out.append('"');
      }
    }

    /** {@return the markup so far} */
    @Override
    public String toString() {
      return out.toString();
    }
  }
}
