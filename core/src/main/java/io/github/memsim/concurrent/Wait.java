package io.github.memsim.concurrent;

/** What a thread of a {@link Run} waits for: the kinds a deadlock message names. */
enum Wait {
  /** A mutex that another thread holds. */
  MUTEX("the mutex"),
  /** A signal on a condition variable. */
  CONDITION_VARIABLE("the condition variable"),
  /** The other threads of a barrier. */
  BARRIER("the barrier"),
  /** A thread to end, in a join. */
  THREAD_END("a thread to end");

  private final String phrase;

  Wait(String phrase) {
    this.phrase = phrase;
  }

  /** {@return the words a deadlock message gives it, such as "the mutex"} */
  String phrase() {
    return phrase;
  }
}
