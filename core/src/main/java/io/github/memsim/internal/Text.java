package io.github.memsim.internal;

/**
 * The words every message of memsim shares: addresses in hex, counts with their nouns, and the
 * one JSON string literal its documents use.
 */
public final class Text {
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
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
