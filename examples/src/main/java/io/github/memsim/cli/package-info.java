/**
 * The memsim command line ({@link io.github.memsim.cli.Memsim}: the tour, replay, compare,
 * generate, cache, cost, threads and draw). Every error is one line naming the file, the line
 * and the cause, with the documented exit code; every name a user controls is escaped for the
 * output it goes to, by the one text helper of core.
 */
package io.github.memsim.cli;
