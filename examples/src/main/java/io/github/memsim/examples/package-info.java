/**
 * The memsim command line ({@link io.github.memsim.examples.Memsim}: replay, compare,
 * generate), the guided tour, and the README's examples, each run by a test.
 */
package io.github.memsim.examples;
