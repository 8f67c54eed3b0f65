/**
 * Allocation traces and their replay: the {@link io.github.memsim.trace.Trace} of
 * malloc/realloc/free requests, the {@code .rep} format ({@link io.github.memsim.trace.TraceFormat}),
 * seeded {@link io.github.memsim.trace.Workload workloads}, and the
 * {@link io.github.memsim.trace.Replayer} that runs a trace on a model and reports
 * {@link io.github.memsim.trace.ReplayResult figures}.
 */
package io.github.memsim.trace;
