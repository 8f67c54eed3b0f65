/**
 * Measurements, never tests: JMH benchmarks of the allocators and the stack, the footprint
 * harness, and the harnesses that compare two builds and a replay with and without a listener.
 */
package io.github.memsim.benchmarks;
