/**
 * Costs and locality: a simulated cache hierarchy fed by a memory model's events.
 *
 * <p>A {@link io.github.memsim.cost.CacheHierarchy} describes the machine (levels with sets,
 * ways, replacement, write policy and latency; private levels per thread and shared ones;
 * memory; an optional TLB), with presets for teaching, a desktop and the Cache Lab geometry. A
 * {@link io.github.memsim.cost.CacheSimulator} runs it over raw accesses; a
 * {@link io.github.memsim.cost.CostModel} is the {@link io.github.memsim.MemoryListener} that
 * feeds it a model's loads and stores, so that a malloc costs what its tags and search cost
 * and a pointer chase costs its misses. A {@link io.github.memsim.cost.CostReport} holds the
 * counts: per level, thread and origin, with false and true sharing named by line.
 *
 * <p>This package depends on the root API only; nothing in the root package refers to it.
 */
package io.github.memsim.cost;
