/**
 * Allocation traces and their replay: the CS:APP malloc-lab trace format, real programs'
 * allocations imported from Valgrind, heaptrack and mtrace, seeded synthetic workloads, and a
 * replayer that runs a trace of any length on any allocator with the CS:APP driver's checks and
 * figures.
 *
 * <pre>{@code
 * Trace trace = Workload.PROGRAM.generate(2_000, 100, 7);   // or TraceFormat.read(Path.of("my.rep"))
 * ReplayResult result = Replayer.builder()
 *     .allocator(Allocators.bestFit()).layout(BlockLayout.textbook())
 *     .build().replay(trace);
 * System.out.println(result.toJson());
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link Trace}: a sequence of malloc ({@code a ID SIZE}), realloc ({@code r ID SIZE})
 *       and free ({@code f ID}) requests on numbered blocks, with the header's figures and any
 *       warnings from reading it; built with {@link Trace.Builder}, whose rules are those of a
 *       C program's life of a pointer.</li>
 *   <li>{@link TraceFormat}: reads and writes the {@code .rep} format (four header numbers,
 *       then one request per line), with what recorded programs add: comment lines, metadata
 *       ({@code # program: ...}), allocation sites ({@code # site N: f <- g}) and, after a
 *       size, {@code al=ALIGNMENT} and {@code at=SITE}. A CS:APP trace reads and writes as it
 *       always did. A malformed line is a {@link TraceFormatException} naming the file and
 *       line.</li>
 *   <li>{@link TraceReader}: the same format read one operation at a time, with the same checks
 *       and messages; what a replay of a trace of any size reads.</li>
 *   <li>{@link TraceImport}: Valgrind's {@code --trace-malloc=yes} log, heaptrack's data file
 *       and glibc's {@code mtrace} log, turned into traces as streams: addresses become block
 *       ids (freed ids are reused), realloc keeps its block's id, alignment requests and sites
 *       are kept, and the real allocator's peak and span are written into the metadata.</li>
 *   <li>{@link Workload}: seeded generators of five profiles ({@code random}, {@code program},
 *       {@code binary}, {@code coalescing}, {@code realloc}); the bundled traces are theirs,
 *       since the CS:APP traces themselves may not be copied.</li>
 *   <li>{@link Replayer}: runs a trace (in memory, or a {@link TraceReader}) through a fresh
 *       memory model on an allocator and block layout, optionally with a listener, and returns
 *       a {@link ReplayResult}; a broken rule is a {@link ReplayViolationException}.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * The replayer drives the public model, as a C program would drive {@code malloc}: each
 * request becomes a heap call on the model's main thread, and each block is filled with a
 * pattern that must survive until it is freed or moved (unless patterns are switched off).
 * Utilization is computed as the CS:APP driver computes it: the peak of live payload bytes
 * (a realloc counting new minus old) over the heap's final size. The command line's
 * {@code replay}, {@code compare}, {@code generate} and {@code draw} are built on these types.
 *
 * <p>Utilization of the built-in strategies on the bundled traces, from {@code memsim compare
 * random program binary coalescing realloc --format csv} (add {@code --layout textbook} for the
 * second table; both are the same on every run):
 *
 * <table class="striped">
 *   <caption>Utilization, default layout</caption>
 *   <thead>
 *     <tr><th scope="col">trace</th><th scope="col">first-fit</th><th scope="col">next-fit</th>
 *       <th scope="col">best-fit</th><th scope="col">worst-fit</th><th scope="col">bump</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><th scope="row">random.rep</th><td>0.8485</td><td>0.7896</td><td>0.8883</td>
 *       <td>0.6688</td><td>0.1071</td></tr>
 *     <tr><th scope="row">program.rep</th><td>0.8223</td><td>0.6482</td><td>0.8958</td>
 *       <td>0.4509</td><td>0.1313</td></tr>
 *     <tr><th scope="row">binary.rep</th><td>0.8245</td><td>0.5335</td><td>0.8245</td>
 *       <td>0.6718</td><td>0.1148</td></tr>
 *     <tr><th scope="row">coalescing.rep</th><td>0.9764</td><td>0.9764</td><td>0.9764</td>
 *       <td>0.9764</td><td>0.1044</td></tr>
 *     <tr><th scope="row">realloc.rep</th><td>0.7163</td><td>0.4731</td><td>0.6175</td>
 *       <td>0.4817</td><td>0.0137</td></tr>
 *     <tr><th scope="row">average</th><td>0.8376</td><td>0.6842</td><td>0.8405</td>
 *       <td>0.6499</td><td>0.0942</td></tr>
 *   </tbody>
 * </table>
 *
 * <table class="striped">
 *   <caption>Utilization, textbook layout</caption>
 *   <thead>
 *     <tr><th scope="col">trace</th><th scope="col">first-fit</th><th scope="col">next-fit</th>
 *       <th scope="col">best-fit</th><th scope="col">worst-fit</th><th scope="col">bump</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><th scope="row">random.rep</th><td>0.8747</td><td>0.7788</td><td>0.9024</td>
 *       <td>0.6768</td><td>0.1083</td></tr>
 *     <tr><th scope="row">program.rep</th><td>0.8228</td><td>0.6107</td><td>0.9373</td>
 *       <td>0.4653</td><td>0.1366</td></tr>
 *     <tr><th scope="row">binary.rep</th><td>0.7888</td><td>0.5498</td><td>0.7888</td>
 *       <td>0.6479</td><td>0.1178</td></tr>
 *     <tr><th scope="row">coalescing.rep</th><td>0.9765</td><td>0.9765</td><td>0.9765</td>
 *       <td>0.9765</td><td>0.1053</td></tr>
 *     <tr><th scope="row">realloc.rep</th><td>0.7163</td><td>0.4875</td><td>0.6502</td>
 *       <td>0.4927</td><td>0.0137</td></tr>
 *     <tr><th scope="row">average</th><td>0.8358</td><td>0.6807</td><td>0.8510</td>
 *       <td>0.6519</td><td>0.0963</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Real programs</h2>
 * The command line's {@code memsim record -o FILE -- COMMAND} runs a program under Valgrind (or
 * heaptrack) and writes its trace with {@link TraceImport}; {@code replay}, {@code compare} and
 * {@code draw} also take a recording directly, recognized by its first line. What each tool
 * sees, and what the trace cannot say:
 * <ul>
 *   <li>Valgrind: every call of the malloc family and of C++'s operators, with sizes,
 *       alignments and addresses; the addresses are those of Valgrind's own allocator (which
 *       puts red zones around blocks), not the C library's. No call stacks.</li>
 *   <li>heaptrack: allocations and frees with their call stacks, which become sites, so that a
 *       replay's leak report ({@link ReplayResult#stillLive()}) and the model's pictures name
 *       the program's functions. No addresses: a free names only the kind (size and stack) of
 *       block it releases, and the importer frees the newest live block of that kind; live
 *       bytes, peaks and leaks stay exact, but two like blocks freed out of order are freed in
 *       the other order, which can change the holes a strategy leaves. Reallocs appear as a
 *       free and an allocation; alignment is not recorded; heaptrack 1.4 misses
 *       {@code memalign} and the free of {@code realloc(p, 0)}.</li>
 *   <li>mtrace: glibc's own addresses and the caller of each call (a site); no alignment, and
 *       {@code realloc(p, 0)} reads as a free.</li>
 * </ul>
 * Memsim's allocators have no aligned entry point: an allocation that asks for more alignment
 * than the layout gives is replayed as {@code malloc(size + alignment - layout alignment)}, the
 * room an aligned allocation built on malloc needs, and counted
 * ({@link ReplayResult#alignedRequests()}); its padded size is what leak reports show.
 *
 * <h2>Any length</h2>
 * A replay from a {@link TraceReader} holds the current line, the ids' lives and the live blocks;
 * its memory grows with the ids in use (which generators and importers reuse, so with the peak
 * of live blocks) and never with the operations. {@link Workload#write} writes a trace as it
 * generates it. One strategy is the exception: bump never reuses memory, so its heap, and the
 * simulated bytes the replay writes into it, grow with every byte the trace allocates.
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li>The replayer checks what the CS:APP driver checks: every payload aligned, inside the
 *       heap and overlapping no live block, and its bytes intact. It stops at the first
 *       violation with the operation's index and the trace line.</li>
 *   <li>Reading is forgiving where real traces are (extra whitespace, blank lines, header
 *       counts that disagree: a warning) and strict elsewhere: nothing is returned half-read.
 *       Ids may take any value up to {@code 2^31 - 1}; memory follows how many ids a trace
 *       uses, not how large they are. {@code r ID 0} frees the block and leaves the id holding
 *       NULL, as C's realloc does.</li>
 *   <li>Generation is deterministic: the same profile, length, live-block count and seed give
 *       the same trace.</li>
 *   <li>Figures other than timings are the same on every run; timings of a fresh JVM measure
 *       the JIT warming up, so compare them only within one run.</li>
 * </ul>
 */
package io.github.memsim.trace;
