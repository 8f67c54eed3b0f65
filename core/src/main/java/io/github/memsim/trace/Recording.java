package io.github.memsim.trace;

import java.io.IOException;
import java.util.Map;

/**
 * A parser of one tool's recording, fed one line at a time: it reports the program's calls to
 * an {@link AddressBook} and what it learns of the program (command, tool) as metadata.
 */
interface Recording {
  /**
   * Reads one line.
   *
   * @param text the line, without its end
   * @param line its number, from 1
   * @param book where the calls go
   * @throws TraceFormatException if the line is not what the tool writes
   */
  void line(String text, int line, AddressBook book) throws IOException;

  /**
   * The recording has ended.
   *
   * @param line the number of its last line
   * @param book where the calls go
   * @throws TraceFormatException if it ended in the middle of something
   */
  void end(int line, AddressBook book) throws IOException;

  /** {@return what the recording says of the program and the tool, e.g. command, tool} */
  Map<String, String> metadata();

  /** {@return whether the recording's addresses are the real allocator's} */
  boolean hasAddresses();
}
