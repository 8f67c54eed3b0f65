package io.github.memsim.trace;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parser of one tool's recording, fed one line at a time: it reports the program's calls to
 * an {@link AddressBook} and what it learns of the program (command, tool) as metadata.
 */
abstract class Recording {
  /** The recording's file name, for messages. */
  final String file;
  /** What the recording says of the program and the tool; starts with the tool's name. */
  final Map<String, String> metadata = new LinkedHashMap<>();
  private final boolean addresses;

  /**
   * Starts a parser.
   *
   * @param file the recording's file name, for messages
   * @param tool the tool's name, until the recording names its version
   * @param addresses whether the recording's addresses are the real allocator's
   */
  Recording(String file, String tool, boolean addresses) {
    this.file = file;
    this.addresses = addresses;
    metadata.put("tool", tool);
  }

  /**
   * Reads one line.
   *
   * @param text the line, without its end
   * @param line its number, from 1
   * @param book where the calls go
   * @throws TraceFormatException if the line is not what the tool writes
   */
  abstract void line(String text, int line, AddressBook book) throws IOException;

  /**
   * The recording has ended.
   *
   * @param line the number of its last line
   * @param book where the calls go
   * @throws TraceFormatException if it ended in the middle of something
   */
  abstract void end(int line, AddressBook book) throws IOException;

  /** {@return what the recording says of the program and the tool, e.g. command, tool} */
  final Map<String, String> metadata() {
    return metadata;
  }

  /** {@return whether the recording's addresses are the real allocator's} */
  final boolean hasAddresses() {
    return addresses;
  }
}
