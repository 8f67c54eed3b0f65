/**
 * Costs and locality: a simulated cache hierarchy fed by a memory model's loads and stores, so
 * that what programmers are told about memory's speed comes out of simulated traffic.
 *
 * <pre>{@code
 * CostModel cost = CostModel.of(CacheHierarchy.teaching());
 * MemoryModel model = MemoryModel.builder().listener(cost).build();
 * ThreadContext main = model.mainThread();
 * Pointer array = main.malloc(8 * 1024);
 * try (CostModel.Measurement walk = cost.measure("walk")) {
 *   for (int i = 0; i < 1024; i++) {
 *     main.readLong(array.plus(8L * i));       // about one miss per line of eight longs
 *   }
 *   System.out.print(walk.report().toTable());
 * }
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link CacheLevel}: one level: sets, ways (one way is direct-mapped, one set fully
 *       associative), {@link Replacement} (LRU, FIFO, random with a seed, tree-PLRU),
 *       {@link WritePolicy} (write-back with write-allocate, or write-through without) and a
 *       latency. {@link Tlb}: an optional translation buffer per thread.</li>
 *   <li>{@link CacheHierarchy}: the machine: a line size, private levels that every simulated
 *       thread has its own copy of, shared levels, memory's latency, the TLB, inclusion,
 *       whether misses are classified, and its timing: serial (the default), or
 *       {@link Overlap overlapped}, with each level's {@link Prefetcher} and the
 *       {@link Work instruction costs} of each operation. Presets:
 *       {@link CacheHierarchy#teaching()} (serial, textbook round figures),
 *       {@link CacheHierarchy#desktop()} (Skylake client caches after Intel's optimization
 *       manual, overlapped, prefetching, with instruction costs: cycles to compare with a real
 *       machine's), {@link CacheHierarchy#desktopSerial()} (the same caches, serial) and
 *       {@link CacheHierarchy#cacheLab(int, int, int)} (the CS:APP Cache Lab's
 *       geometry).</li>
 *   <li>{@link CacheSimulator}: runs a hierarchy over raw accesses by numbered threads; the
 *       {@code cache} command feeds it a Valgrind Lackey trace.</li>
 *   <li>{@link CostModel}: the {@code MemoryListener} that feeds a model's accesses and the
 *       allocator's index probes to a simulator, with {@linkplain CostModel#measure(String)
 *       measured spans}.</li>
 *   <li>{@link CostReport}: the counts, per level, thread and origin, as a table or JSON,
 *       with the cache lines that threads shared ({@link CostReport.Sharing}) as findings for a
 *       picture. {@link Counter} names each count.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * Every load and store of a model reaches the cost model with its thread, address, length and
 * origin: the program's own data, frame linkage, the allocator's tags, calloc's zeroing and
 * realloc's copy alike, so a malloc costs what its tags and search cost and a pointer chase
 * costs its misses. An access goes to the thread's private levels, then the shared ones, then
 * memory. The private levels of different threads are kept coherent by MESI with invalidation;
 * a miss on a line a thread lost to another's store is a coherence miss, named false sharing
 * when the bytes the thread touched are disjoint from those written since it lost the line,
 * and true sharing otherwise, with the heap blocks and stack slots in the line.
 *
 * <h2>Measured beside the machine</h2>
 * {@code memsim cost --native} and {@code benchmarks/compare-costs.sh} compile the C
 * counterparts of the {@code cost} demonstrations ({@code benchmarks/native/costs}), run them,
 * and print the measured ratios beside the desktop preset's; {@code benchmarks/README.md} has
 * the latest table. The desktop preset's numbers were set from their sources first and then
 * checked against one such run: each is stated, with its source or as an assumption, in
 * {@link CacheHierarchy#desktop()}.
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li>Each counter has one meaning: loads, stores, load hits, store hits, misses (optionally
 *       compulsory, capacity or conflict; always coherence), evictions of a valid line, dirty
 *       write-backs, invalidations, transfers, TLB misses, probes and cycles.</li>
 *   <li>Hit and miss counts are exact for the stated policies (with prefetchers, for the
 *       demand accesses and the stated prefetch rules). In the serial model, an access pays the
 *       latency of every level it reaches, plus a write-back's when its fill evicts a dirty
 *       line, plus a TLB miss; nothing overlaps and nothing is prefetched, so the textbook's
 *       sums come out exactly. With {@link Overlap}, each thread is a core with a clock:
 *       accesses cost their instruction cost and overlap up to the miss slots, an access
 *       through a pointer that a load returned (the memory model says which, by
 *       {@code MemoryListener.onPointerLoad}) waits for that load, and a report's cycles are
 *       elapsed time, with the cycles spent waiting on dependent accesses counted apart
 *       ({@link Counter#DEPENDENT_WAIT}). Cycles stay a model: no reorder buffer, ports or
 *       branch predictor, and instruction costs are averages whose sources the presets
 *       give.</li>
 *   <li>Levels are inclusive by default (an outer eviction invalidates inner copies);
 *       exclusive hierarchies are not modelled.</li>
 *   <li>Costs never change what a program computes: with or without a cost model, addresses,
 *       values, faults and statistics are the same. The heap checker's and the heap map's
 *       reads are not charged, and a model without a cost model pays nothing.</li>
 *   <li>Deterministic: the same hierarchy and accesses give the same counts. A simulator is
 *       not thread-safe; a cost model is called under its model's lock.</li>
 *   <li>This package depends on the root API only; nothing in the root package refers to
 *       it.</li>
 * </ul>
 */
package io.github.memsim.cost;
