/**
 * Threads that race, deterministically: a {@link io.github.memsim.concurrent.Program} (a setup
 * and named thread bodies over memsim's ordinary API) runs under a
 * {@link io.github.memsim.concurrent.Strategy} that lets exactly one simulated thread run at a
 * time and picks which at every memsim operation; a {@link io.github.memsim.concurrent.Run}
 * prints its schedule, and replaying that schedule gives the same run;
 * {@link io.github.memsim.concurrent.Exploration} runs many schedules (random, or every one)
 * and counts the outcomes. Works on Java 17: each simulated thread is a platform thread that
 * waits for its turn.
 *
 * <p>This package depends on the root API only; nothing in the root package refers to it.
 */
package io.github.memsim.concurrent;
