package io.github.memsim;

/**
 * Where a scheduler may switch simulated threads: called before every operation of a thread
 * (a load, a store, a heap call, a push, a pop, a heap check), outside the model's lock, on the
 * Java thread that makes the call. {@code io.github.memsim.concurrent} implements it to run one
 * simulated thread at a time in the order a schedule says; a model without one pays a field
 * read per operation.
 *
 * <p>An implementation may block the calling Java thread until it is that thread's turn, and may
 * throw to abandon the operation; the operation then has not started and changes nothing.
 */
@FunctionalInterface
public interface SwitchPoint {
  /**
   * Called before an operation of {@code thread}.
   *
   * @param thread the simulated thread about to operate
   */
  void beforeOperation(ThreadContext thread);
}
