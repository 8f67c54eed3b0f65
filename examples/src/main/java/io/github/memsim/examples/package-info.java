/**
 * Small programs that show memsim at work (the README's example, a picture of a state, a
 * listener watching a model), each run by a test. The command line is in
 * {@code io.github.memsim.cli}.
 */
package io.github.memsim.examples;
