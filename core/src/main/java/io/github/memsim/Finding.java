package io.github.memsim;

import java.util.Objects;

/**
 * Something a tool found at an address, for pictures to show where it is: a data race found by
 * {@code io.github.memsim.concurrent.RaceDetector#findings()}, a line shared between threads found
 * by {@code io.github.memsim.cost.CostReport#findings()}, or anything a program of your own finds.
 * {@code io.github.memsim.picture.StatePicture} marks the block or stack slot that holds the
 * address and lists the messages, numbered.
 *
 * @param kind a short name of what was found, e.g. "data race" or "false sharing"
 * @param address the first byte concerned
 * @param length the bytes concerned, at least 1
 * @param message the full account, in memsim's grammar
 */
public record Finding(String kind, long address, long length, String message) {
  /**
   * Checks the components.
   *
   * @param kind the kind
   * @param address the first byte
   * @param length the bytes, at least 1
   * @param message the account
   */
  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (length < 1) {
      throw new IllegalArgumentException("a finding covers at least 1 byte, not " + length);
    }
  }
}
