package io.github.memsim.concurrent;

/** How exhaustive exploration leaves out schedules that only repeat a behaviour. */
public enum Reduction {
  /**
   * None: every schedule, ordered by preemptions (all with none, then all with one, ...), as a
   * teacher shows how many there are.
   */
  NONE,
  /**
   * Dynamic partial-order reduction: one schedule per distinct behaviour (source-DPOR with
   * sleep sets, Abdulla, Aronis, Jonsson and Sagonas, POPL 2014). The default.
   */
  DPOR
}
