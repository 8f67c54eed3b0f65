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
 * <p>Run on the bundled lost update (two threads adding 1 twice to a heap counter with a load
 * and a store), {@code memsim threads lost-update} prints each outcome with a schedule that
 * replays it, and the two counts side by side:
 * <pre>
 * lost-update: 34 schedules (every behaviour, by source-DPOR; the plain enumeration runs 12870)
 *   outcome counter 2: 12 schedules; replay with 0x6.1x8.0x2
 *   outcome counter 3: 16 schedules; replay with 0x6.1x6.0x2.1x2
 *   outcome counter 4: 6 schedules; replay with 0x8.1x8
 * </pre>
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
 *   <li>{@link Exploration}: many runs (random, PCT, or exhaustive), with each outcome counted
 *       and its first schedule kept to replay, the first failing run of each kind kept with
 *       the counts, and the races; whether every behaviour was covered
 *       ({@code complete()}), and how many schedules the plain enumeration would run where that
 *       is cheap to know. Exhaustive exploration runs one schedule per distinct behaviour by
 *       default ({@link Reduction#DPOR}); {@link Reduction#NONE} runs every schedule, fewest
 *       preemptions first.</li>
 *   <li>{@link Program.Builder#expect} turns a wrong outcome (or a broken invariant of the
 *       memory left) into a failing run with its schedule; an outcome or expectation that
 *       throws fails its run too. {@link Program.Builder#stepLimit} bounds a run: past it, the
 *       run fails with a {@link LivelockException} instead of hanging.</li>
 *   <li>{@link Mutex}, {@link Condition} and {@link Barrier} live in simulated memory (a mutex
 *       is 8 bytes, so it can sit in a heap struct); {@link Threads} spawns and joins threads
 *       from inside a body. The atomics are on {@code ThreadContext}. {@link Threads#yield} is a spin hint: a thread that calls
 *       it in a loop lets the others run, so exploring a spin lock ends.</li>
 *   <li>{@link RaceDetector}: a happens-before data race detector at byte granularity, which
 *       also names ABA on pointers through provenance.</li>
 *   <li>{@link SchedulePage}: one schedule of a program as a page to step through, a column
 *       per thread and a row per operation, with the racing pairs and the failing step linked
 *       and the state drawn at each step.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * A run builds a model with a switch point: before every memsim operation and when a thread
 * ends, the running thread stops and the strategy picks who goes next. The scheduler that does
 * it ({@code Scheduler}, package-private, found by the synchronization objects through the body
 * thread they run on) gives each simulated thread a Java thread that waits for its turn, so
 * exactly one runs at a time: kept platform threads whose Java stack holds the simulated stack
 * (a body that recurses to the simulated limit gets the simulated {@code StackOverflowFault}),
 * or virtual threads on Java 21 and later when the simulated stack is small. Threads live in 64
 * slots, the schedule's thread numbers; a thread that ends gives its slot back once the 64 have
 * been used, so a run may start any number of threads, 64 at a time. A schedule is written as
 * the thread chosen at each switch point, runs compressed: {@code 0x3.1x2.0} is thread 0 three
 * times, thread 1 twice, then thread 0.
 *
 * <p>Exhaustive exploration ({@code SourceDpor}) is source-DPOR with sleep sets (Abdulla,
 * Aronis, Jonsson and Sagonas, POPL 2014). A step is what the chosen thread does from one
 * switch point to the next; the scheduler records what each step touched, from the model's
 * event stream and its own waits, wakes, spawns and ends ({@code Footprint}). Two steps of
 * different threads are dependent when they touch overlapping bytes with at least one write
 * (any origin: the program's, atomics, the allocator's tags, a frame's linkage), are both heap
 * calls, touch the same wait place (a wait and the wake at one address, a thread's end and a
 * join of it), are both spawns, or one fails or yields. Schedules that order every dependent
 * pair the same way are one Mazurkiewicz trace, with the same outcome, faults and races. After
 * each run the engine finds its races (dependent steps of different threads with nothing
 * between that orders them) and makes sure a thread that starts each reversal is tried at the
 * state before; sleep sets keep threads from repeating traces. Guarantee: every outcome,
 * failure and race that any schedule shows is shown by a run, and no two runs that reach their
 * end are the same trace; runs that the sleep sets cut short are counted apart. A run that
 * fails goes on with its other threads (the failure and the schedule up to it are what it
 * reports), so that their later steps can be ordered before the failure. The property test
 * checks all of it against every schedule on random programs.
 *
 * <p>The plain enumeration ({@code PreemptionBounding}, and every exploration with a
 * preemption bound) is iterative preemption bounding after CHESS (Musuvathi and Qadeer, PLDI
 * 2007): every schedule with no preemption, then every one with exactly one, and so on, each
 * run once; within a budget it covers the schedules with few preemptions, where most bugs are.
 * A thread that calls {@link Threads#yield} is not chosen again until another thread has made a
 * step, so a spin loop has as many turns as the others have steps.
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
 *       for what, held by whom (named after the lowest-numbered waiting thread, whichever waited
 *       last). Unlocking a mutex one does not hold is an {@code UnlockFault}.</li>
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
