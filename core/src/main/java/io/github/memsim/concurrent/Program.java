package io.github.memsim.concurrent;

import io.github.memsim.MemoryModel;
import io.github.memsim.ThreadContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A concurrent program over a memsim model: a setup that the main thread runs, named thread
 * bodies that each receive their own {@link ThreadContext}, and an outcome that the main thread
 * reads when every body has ended. The program runs on a fresh model for every schedule, so its
 * parts must be deterministic functions of the memory they read (no shared Java state).
 *
 * <pre>{@code
 * Program.Body increment = (thread, shared) -> {
 *   Pointer counter = (Pointer) shared;
 *   thread.writeLong(counter, thread.readLong(counter) + 1);   // a load, then a store
 * };
 * Program lostUpdate = Program.builder("lost update")
 *     .setup(main -> main.calloc(1, 8))                       // block #1: the counter
 *     .thread("a", increment)
 *     .thread("b", increment)
 *     .outcome((main, shared) -> main.readLong((Pointer) shared))
 *     .build();
 * Exploration every = Exploration.exhaustive(lostUpdate, -1, 1_000);
 * System.out.print(every);                                    // outcomes 1 and 2, and its data races
 * }</pre>
 *
 * <p>The setup's return value is handed to every body and to the outcome (typically a pointer
 * to the shared data).
 */
public final class Program {
  /** A thread body: its own context, and what the setup returned. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the body.
     *
     * @param thread this thread's context
     * @param shared what the setup returned
     */
    void run(ThreadContext thread, Object shared);
  }

  /** What the program reports at the end. */
  @FunctionalInterface
  public interface Outcome {
    /**
     * Reads the outcome.
     *
     * @param main the main thread's context
     * @param shared what the setup returned
     * @return the outcome; compared by its {@code String.valueOf}
     */
    Object read(ThreadContext main, Object shared);
  }

  /** The default of {@link Builder#stepLimit}. */
  public static final int DEFAULT_STEP_LIMIT = 100_000;
  /** The largest step limit (and the most choices a schedule string may have). */
  public static final int MAX_STEP_LIMIT = 10_000_000;

  /** An invariant of the memory the program leaves, checked after the outcome is read. */
  @FunctionalInterface
  public interface Invariant {
    /**
     * Checks the invariant.
     *
     * @param main the main thread's context
     * @param shared what the setup returned
     * @return whether it holds
     */
    boolean holds(ThreadContext main, Object shared);
  }

  /** An expectation: its words and its check of the outcome's value and the memory. */
  private record Expectation(String description, Predicate<Object> outcome,
      Invariant invariant) {}

  private final String name;
  private final Supplier<MemoryModel.Builder> model;
  private final Function<ThreadContext, Object> setup;
  private final Map<String, Body> bodies;
  private final Outcome outcome;
  private final boolean raceFaults;
  private final List<Expectation> expectations;
  private final int stepLimit;

  private Program(Builder builder) {
    this.name = builder.name;
    this.model = builder.model;
    this.setup = builder.setup;
    this.bodies = new LinkedHashMap<>(builder.bodies);
    this.outcome = builder.outcome;
    this.raceFaults = builder.raceFaults;
    this.expectations = List.copyOf(builder.expectations);
    this.stepLimit = builder.stepLimit;
  }

  private Program(Program program, boolean raceFaults) {
    this(program, program.model, raceFaults);
  }

  private Program(Program program, Supplier<MemoryModel.Builder> model, boolean raceFaults) {
    this.name = program.name;
    this.model = model;
    this.setup = program.setup;
    this.bodies = program.bodies;
    this.outcome = program.outcome;
    this.raceFaults = raceFaults;
    this.expectations = program.expectations;
    this.stepLimit = program.stepLimit;
  }

  /**
   * {@return the same program, with data races faulting or recorded} (see
   * {@link Builder#raceFaults()})
   *
   * @param raceFaults whether a race faults at its second access
   */
  public Program withRaceFaults(boolean raceFaults) {
    return raceFaults == this.raceFaults ? this : new Program(this, raceFaults);
  }

  /**
   * {@return the same program (threads, outcome, expectations, step limit), whose every run's
   * model builder is changed by {@code change} first}: how a tool adds its listeners to a
   * program it did not write
   */
  Program withModel(UnaryOperator<MemoryModel.Builder> change) {
    Supplier<MemoryModel.Builder> original = model;
    return new Program(this, () -> change.apply(original.get()), raceFaults);
  }

  /**
   * Starts a program.
   *
   * @param name its name in reports
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the program's name} */
  public String name() {
    return name;
  }

  /** {@return the thread bodies' names, in the order given: thread 0, 1, ...} */
  public List<String> threads() {
    return List.copyOf(bodies.keySet());
  }

  /** {@return whether a data race faults at its second access instead of being recorded} */
  public boolean raceFaults() {
    return raceFaults;
  }

  MemoryModel.Builder modelBuilder() {
    return model.get();
  }

  Object setUp(ThreadContext main) {
    return setup.apply(main);
  }

  Body body(int index) {
    return new ArrayList<>(bodies.values()).get(index);
  }

  Object outcome(ThreadContext main, Object shared) {
    return outcome.read(main, shared);
  }

  /** {@return the most steps a run may make before it is a livelock} */
  public int stepLimit() {
    return stepLimit;
  }

  /**
   * Checks the expectations in the order given.
   *
   * @throws AssertionError naming the first that the outcome {@code value} breaks
   */
  void check(ThreadContext main, Object shared, Object value) {
    for (Expectation expectation : expectations) {
      boolean holds = expectation.outcome() != null ? expectation.outcome().test(value)
          : expectation.invariant().holds(main, shared);
      if (!holds) {
        throw new AssertionError("expected " + expectation.description() + ", but the outcome"
            + " was " + value);
      }
    }
  }

  @Override
  public String toString() {
    return name + " " + threads();
  }

  /** Builds a {@link Program}. */
  public static final class Builder {
    private final String name;
    private Supplier<MemoryModel.Builder> model = MemoryModel::builder;
    private Function<ThreadContext, Object> setup = main -> null;
    private final Map<String, Body> bodies = new LinkedHashMap<>();
    private Outcome outcome = (main, shared) -> "done";
    private boolean raceFaults;
    private final List<Expectation> expectations = new ArrayList<>();
    private int stepLimit = DEFAULT_STEP_LIMIT;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets how each run's model is configured (the default: {@code MemoryModel.builder()}).
     *
     * @param model a fresh builder per call; its switch point is replaced
     * @return this builder
     */
    public Builder model(Supplier<MemoryModel.Builder> model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the setup, run by the main thread before any body.
     *
     * @param setup returns what the bodies share
     * @return this builder
     */
    public Builder setup(Function<ThreadContext, Object> setup) {
      this.setup = Objects.requireNonNull(setup, "setup");
      return this;
    }

    /**
     * Adds a thread body.
     *
     * @param threadName a new thread's name (not {@code main})
     * @param body what it does
     * @return this builder
     */
    public Builder thread(String threadName, Body body) {
      Objects.requireNonNull(threadName, "threadName");
      Objects.requireNonNull(body, "body");
      if (threadName.equals("main") || bodies.containsKey(threadName)) {
        throw new IllegalArgumentException("thread name '" + threadName + "' is taken");
      }
      if (bodies.size() == 64) {
        throw new IllegalArgumentException("a program has at most 64 threads");
      }
      bodies.put(threadName, body);
      return this;
    }

    /**
     * Sets the outcome, read by the main thread after every body has ended (by default
     * {@code "done"}).
     *
     * @param outcome the outcome
     * @return this builder
     */
    public Builder outcome(Outcome outcome) {
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      return this;
    }

    /**
     * Adds an expectation on the outcome: a run whose outcome breaks it fails, with an
     * {@link AssertionError} from the main thread (keeping its outcome and its schedule, to
     * replay). A predicate that throws fails the run the same way.
     *
     * <pre>{@code
     * Program counter = Program.builder("counter")
     *     .setup(main -> main.calloc(1, 8))
     *     .thread("a", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
     *     .thread("b", (t, p) -> t.writeLong((Pointer) p, t.readLong((Pointer) p) + 1))
     *     .outcome((main, p) -> main.readLong((Pointer) p))
     *     .expect("both increments", outcome -> (Long) outcome == 2)
     *     .build();
     * Run lost = Exploration.exhaustive(counter, -1, 100).firstFailure().orElseThrow();
     * System.out.println(lost.failure().orElseThrow().getMessage());
     * // expected both increments, but the outcome was 1
     * }</pre>
     *
     * @param description what is expected, in words
     * @param outcome true for a right outcome (the value {@link #outcome} returned)
     * @return this builder
     */
    public Builder expect(String description, Predicate<Object> outcome) {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(outcome, "outcome");
      expectations.add(new Expectation(description, outcome, null));
      return this;
    }

    /**
     * Adds an invariant of the memory the program leaves, checked by the main thread after the
     * outcome is read; a run that breaks it fails as with {@link #expect(String, Predicate)}.
     *
     * @param description what must hold, in words
     * @param invariant true when it holds
     * @return this builder
     */
    public Builder expect(String description, Invariant invariant) {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(invariant, "invariant");
      expectations.add(new Expectation(description, null, invariant));
      return this;
    }

    /**
     * Sets how many steps (switch points) a run may make; a run that goes past it fails with a
     * {@link LivelockException} (a thread that spins forever) instead of hanging. By default
     * {@value Program#DEFAULT_STEP_LIMIT}.
     *
     * @param steps 1 to {@value Program#MAX_STEP_LIMIT}
     * @return this builder
     */
    public Builder stepLimit(int steps) {
      if (steps < 1 || steps > MAX_STEP_LIMIT) {
        throw new IllegalArgumentException("step limit must be 1 to " + MAX_STEP_LIMIT
            + ", not " + steps);
      }
      this.stepLimit = steps;
      return this;
    }

    /**
     * Makes a data race a fault: the second access of a race is refused with a {@link
     * io.github.memsim.DataRaceFault} before it changes anything, and the run fails there, as
     * at any fault. By default races are recorded and the run goes on.
     *
     * @return this builder
     */
    public Builder raceFaults() {
      this.raceFaults = true;
      return this;
    }

    /**
     * Consumes the setup's result with a plain action instead (no shared value).
     *
     * @param setup the action
     * @return this builder
     */
    public Builder setupAction(Consumer<ThreadContext> setup) {
      Objects.requireNonNull(setup, "setup");
      return setup(main -> {
        setup.accept(main);
        return null;
      });
    }

    /**
     * {@return the program}
     *
     * @throws IllegalStateException without a thread body
     */
    public Program build() {
      if (bodies.isEmpty()) {
        throw new IllegalStateException("a program needs at least one thread body");
      }
      return new Program(this);
    }
  }
}
