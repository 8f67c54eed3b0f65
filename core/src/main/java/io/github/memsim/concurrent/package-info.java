/**
 * Threads that race, deterministically: programs of several simulated threads run one thread
 * at a time under a chosen schedule, explored over many schedules, with synchronization in
 * simulated memory and a race detector watching every run.
 *
 * <pre>{@code
 * Program.Body deposit = (thread, shared) -> {
 *   Pointer account = (Pointer) shared;
 *   Mutex lock = Mutex.at(account);                       // the first 8 bytes of the struct
 *   lock.lock(thread);
 *   Pointer balance = account.plus(Mutex.BYTES);
 *   thread.writeLong(balance, thread.readLong(balance) + 10);
 *   lock.unlock(thread);
 * };
 * Program program = Program.builder("deposits")
 *     .setup(main -> main.calloc(1, Mutex.BYTES + 8))
 *     .thread("a", deposit)
 *     .thread("b", deposit)
 *     .outcome((main, shared) -> main.readLong(((Pointer) shared).plus(Mutex.BYTES)))
 *     .build();
 * Exploration every = Exploration.exhaustive(program, -1, 1_000);
 * System.out.print(every);                                 // outcome 20 only, and no race
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link Program}: a setup run by the main thread, named thread bodies (lambdas over
 *       their own {@code ThreadContext}, using the ordinary API) and an outcome read at the
 *       end. Built once, run as often as a strategy asks, each time on a fresh model.</li>
 *   <li>{@link Strategy}: which thread goes at each switch point: round-robin with a quantum,
 *       random with a seed, PCT (probabilistic concurrency testing: random priorities lowered
 *       at {@code depth - 1} random points), or the replay of a schedule.</li>
 *   <li>{@link Run}: one run of a program under a strategy, with its schedule, its outcome or
 *       failure (a fault in a thread, a deadlock) and the races it found.
 *       {@link ScheduleMismatchException} is a replayed schedule that does not fit.</li>
 *   <li>{@link Exploration}: many runs (random, PCT, or every distinct schedule with an
 *       optional bound on preemptions), with the outcomes counted, the failing runs kept and
 *       the first of them to replay, and the races.</li>
 *   <li>{@link Mutex}, {@link Condition} and {@link Barrier} live in simulated memory (a mutex
 *       is 8 bytes, so it can sit in a heap struct); {@link Threads} spawns and joins threads
 *       from inside a body. The atomics are on {@code ThreadContext}.</li>
 *   <li>{@link RaceDetector}: a happens-before data race detector at byte granularity, which
 *       also names ABA on pointers through provenance.</li>
 *   <li>{@link SchedulePage}: one schedule of a program as a page to step through, a column
 *       per thread and a row per operation, with the racing pairs and the failing step linked
 *       and the state drawn at each step.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * A run builds a model with a switch point: before every memsim operation and when a thread
 * ends, the running thread stops and the strategy picks who goes next. Each simulated thread is
 * a platform thread that waits for its turn, so this works on Java 17, and exactly one runs at a
 * time. A schedule is written as the thread chosen at each switch point, runs compressed:
 * {@code 0x3.1x2.0} is thread 0 three times, thread 1 twice, then thread 0. Exhaustive
 * exploration walks the tree of choices depth first.
 *
 * <h2>The race detector</h2>
 * The race detector is a listener of every run: its edges are thread start, spawn, join, and an
 * atomic store before an atomic load of the same bytes (which is how an unlock orders the next
 * lock); a {@code free} is a write of the whole block; a new block (at a reused address too) or
 * a newly pushed frame starts with no history, and calloc's zeroing and realloc's copy are
 * writes of the new block by its thread, checked after its bytes have forgotten the freed
 * block that was there. It keeps, per 8-byte word, the epoch of the last write and of the
 * reads, split into bytes only where an access covers part of a word (after FastTrack), in four
 * parts a newcomer can change one at a time: the listener ({@code RaceDetector}), the shadow
 * memory ({@code ShadowMemory}), the happens-before engine with its vector clocks
 * ({@code HappensBefore}) and the report text ({@code RaceReports}). A joined thread's clock is
 * dropped, so a program that runs thousands of short threads keeps clocks for the live ones.
 *
 * <p>Races are grouped by the pair of program places (the access kind, size and function of
 * each side, in either order and whichever threads made them) and where they met (the block
 * and offset, or the frame slot): {@link RaceDetector#races()} has one race per group, whose
 * key names it and whose message is its first instance in full, and an {@link Exploration}
 * counts the schedules of each group. The lost update of two threads that increment a counter
 * twice is two groups, a read against a write and a write against a write:
 * <pre>
 *   8-byte read in increment / 8-byte write in increment, 8 bytes into block #1
 *   8-byte write in increment / 8-byte write in increment, 8 bytes into block #1
 * </pre>
 * {@link RaceDetector#details()} keeps the detailed list: one race per pair of places with
 * their threads.
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li>A body must be a deterministic function of the memory it reads: no shared Java state,
 *       no clock. Then a schedule replays exactly: the same addresses, values, faults and
 *       outcome; a schedule that stops fitting is refused with the point where it stopped.</li>
 *   <li>A thread that finds a mutex held stops being runnable until the unlock; when no thread
 *       can run and some wait, the waiting thread gets a {@code DeadlockFault} naming who waits
 *       for what, held by whom. Unlocking a mutex one does not hold is an
 *       {@code UnlockFault}.</li>
 *   <li>Each atomic is one indivisible, sequentially consistent operation; two atomic accesses
 *       never race. A pointer compare-and-set compares bits, as hardware does.</li>
 *   <li>A race is reported in the fault grammar with both accesses, once per group.
 *       By default races are recorded and the run goes on; in
 *       {@linkplain RaceDetector.Mode#FAULT fault mode} the second access is refused with a
 *       {@code DataRaceFault} before it changes anything.</li>
 *   <li>This package depends on the root API, and on {@code picture} for the schedule's page;
 *       nothing in the root package refers to it.</li>
 * </ul>
 */
package io.github.memsim.concurrent;
