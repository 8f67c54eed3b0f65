package io.github.memsim.trace;

import io.github.memsim.internal.Text;
import java.io.IOException;

/** A trace file that cannot be read: the message names the file, the line and what was expected. */
public final class TraceFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file's name. */
  private final String file;
  /** The line, from 1, or 0 when the problem is not on one line. */
  private final int line;

  /**
   * Creates an exception.
   *
   * @param file the file's name
   * @param line the line, from 1, or 0
   * @param problem what is wrong and what was expected
   */
  public TraceFormatException(String file, int line, String problem) {
    super(Text.shown(file) + (line > 0 ? ": line " + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** {@return the file's name} */
  public String file() {
    return file;
  }

  /** {@return the line, from 1, or 0 when the problem is not on one line} */
  public int line() {
    return line;
  }
}
