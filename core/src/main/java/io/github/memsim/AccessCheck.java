package io.github.memsim;

/**
 * A check consulted before every load and store a program makes (its own and atomic ones, and
 * the whole block a {@code free} or {@code realloc} gives back), after the model's own checks
 * have passed and before anything changes. It may refuse the access by throwing a
 * {@link MemoryFault}: the operation then fails with that fault, exactly as with the model's
 * own faults, and nothing changes. A race detector that stops at a race is one
 * ({@code io.github.memsim.concurrent.RaceDetector}).
 *
 * <p>Registered with {@link MemoryModel.Builder#accessCheck}; called under the model's lock, on
 * the Java thread that drives the operation; it must not call back into the model. A model
 * without one pays a field read per access.
 */
@FunctionalInterface
public interface AccessCheck {
  /**
   * Checks an access about to be made.
   *
   * @param thread the thread making it
   * @param op the op number the operation will have
   * @param address its first byte
   * @param length its bytes
   * @param reads whether it reads (a load, or a read-modify-write)
   * @param writes whether it writes (a store, a free, or a read-modify-write that will store)
   * @param atomic whether it is an atomic operation's
   * @throws MemoryFault to refuse it
   */
  void beforeAccess(ThreadContext thread, long op, long address, long length, boolean reads,
      boolean writes, boolean atomic);
}
