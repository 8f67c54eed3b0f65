package io.github.memsim.cli;

import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.RaceDetector;
import io.github.memsim.concurrent.Reduction;
import io.github.memsim.concurrent.Run;
import io.github.memsim.concurrent.SchedulePage;
import io.github.memsim.concurrent.Strategy;
import io.github.memsim.internal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code memsim threads}: explores the schedules of the bundled concurrency examples, or of a
 * program of one's own ({@code --class-path DIR|JAR --program CLASS}, see
 * {@link TeacherProgram}).
 *
 * <p>Exit codes: 0 when no run failed, 1 when one did (a fault, a data race made a fault by
 * {@code --race-faults}, a deadlock or a violated expectation), 2 bad usage (a bad number, an
 * unknown example, a class that cannot be loaded or has the wrong shape), 3 an internal error.
 */
@Command(name = "threads", mixinStandardHelpOptions = true,
    description = {"Run a concurrency example under many schedules, one simulated thread at a"
        + " time, and print its outcomes, data races and the first failing schedule.",
        "Examples: " + ThreadsExamples.NAMES + ". With no example, all of them.",
        "Your own: --class-path DIR|JAR --program CLASS runs a class with a method"
            + " 'public static Program program()' (io.github.memsim.concurrent.Program)."},
    footer = {"", "Exit codes: 0 no run failed, 1 a run failed (a fault, a race fault, a"
        + " deadlock or a violated expectation), 2 bad usage or a class that cannot be run,"
        + " 3 an internal error."})
final class ThreadsCommand implements Callable<Integer> {
  /** How schedules are chosen. */
  enum How {
    EXHAUSTIVE, RANDOM, PCT;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Parameters(arity = "0..1", paramLabel = "EXAMPLE", description = "An example's name.")
  String example;

  /** The default of {@code --strategy}. */
  static final String STRATEGY = "exhaustive";
  /** The default of {@code --seed}. */
  static final String SEED = "1";
  /** The default of {@code --schedules}. */
  static final String SCHEDULES = "1000";
  /** The default of {@code --preemptions}: no bound. */
  static final String PREEMPTIONS = "-1";
  /** The default of {@code --depth}. */
  static final String DEPTH = "2";
  /** The default of {@code --steps}. */
  static final String STEPS = "100";

  @Option(names = "--strategy", defaultValue = STRATEGY,
      paramLabel = "exhaustive|random|pct",
      description = "How schedules are chosen (default: ${DEFAULT-VALUE}).")
  How how = How.valueOf(STRATEGY.toUpperCase(Locale.ROOT));

  @Option(names = "--seed", defaultValue = SEED, paramLabel = "S",
      description = "The first seed of random schedules (default: ${DEFAULT-VALUE}).")
  long seed = Long.parseLong(SEED);

  @Option(names = "--schedules", defaultValue = SCHEDULES, paramLabel = "N",
      description = "Random schedules to run, or the most exhaustive ones (default:"
          + " ${DEFAULT-VALUE}).")
  int schedules = Integer.parseInt(SCHEDULES);

  @Option(names = "--preemptions", defaultValue = PREEMPTIONS, paramLabel = "K",
      description = "Exhaustive: at most K preemptions per schedule (default: no bound).")
  int preemptions = Integer.parseInt(PREEMPTIONS);

  @Option(names = "--depth", defaultValue = DEPTH, paramLabel = "D",
      description = "PCT: the bug depth aimed at (default: ${DEFAULT-VALUE}).")
  int depth = Integer.parseInt(DEPTH);

  @Option(names = "--steps", defaultValue = STEPS, paramLabel = "K",
      description = "PCT: the switch points a run is expected to have (default:"
          + " ${DEFAULT-VALUE}).")
  int steps = Integer.parseInt(STEPS);

  @Option(names = "--replay", paramLabel = "SCHEDULE",
      description = "Run one schedule that an earlier run printed.")
  String replay;

  @Option(names = "--reduction", defaultValue = "dpor", paramLabel = "none|dpor",
      converter = ReductionConverter.class,
      description = "Exhaustive: dpor runs one schedule per distinct behaviour (source-DPOR);"
          + " none runs every schedule, fewest preemptions first (default: dpor).")
  Reduction reduction = Reduction.DPOR;

  /** Reads {@code --reduction} in lower case. */
  static final class ReductionConverter implements CommandLine.ITypeConverter<Reduction> {
    @Override
    public Reduction convert(String value) {
      return switch (value) {
        case "none" -> Reduction.NONE;
        case "dpor" -> Reduction.DPOR;
        default -> throw new CommandLine.TypeConversionException("--reduction must be none or"
            + " dpor, not '" + value + "'");
      };
    }
  }

  @Option(names = "--race-faults",
      description = "Make a data race a fault at its second access, which fails the schedule,"
          + " instead of recording it.")
  boolean raceFaults;

  @Option(names = "--html", paramLabel = "FILE",
      description = "With --replay: also write the run as one self-contained HTML page to step"
          + " through (a column per thread, a row per operation, races and the failing step"
          + " linked, the state drawn at each step).")
  Path html;

  @Option(names = "--class-path", paramLabel = "DIR|JAR",
      description = "Where --program's class is: a directory of classes or a jar.")
  Path classPath;

  @Option(names = "--program", paramLabel = "CLASS",
      description = "Run your own program instead of an example: the fully qualified name of a"
          + " class with a method 'public static Program program()'.")
  String programClass;

  @Mixin
  OutputOption output = new OutputOption();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    checkNumbers();
    List<Program> chosen = chosen();
    if (replay != null && chosen.size() != 1) {
      throw new IllegalArgumentException("--replay needs one example");
    }
    if (html != null && replay == null) {
      throw new IllegalArgumentException("--html needs --replay SCHEDULE");
    }
    StringBuilder out = new StringBuilder();
    boolean failed = false;
    for (Program example : chosen) {
      Program program = example.withRaceFaults(raceFaults);
      if (replay != null) {
        Run run = Run.of(program, Strategy.replay(replay));
        out.append(run).append('\n');
        for (RaceDetector.Race race : run.races()) {
          out.append("  ").append(race).append('\n');
        }
        failed |= run.failure().isPresent();
        if (html != null) {
          Files.writeString(html, SchedulePage.html(program, replay), StandardCharsets.UTF_8);
          out.append("wrote ").append(Text.shown(html.toString())).append('\n');
        }
        continue;
      }
      Exploration exploration = switch (how) {
        case EXHAUSTIVE -> Exploration.exhaustive(program, preemptions, schedules, reduction);
        case RANDOM -> Exploration.random(program, seed, schedules);
        case PCT -> Exploration.pct(program, seed, depth, steps, schedules);
      };
      out.append(exploration).append('\n');
      failed |= exploration.firstFailure().isPresent();
    }
    output.write(out.toString(), spec.commandLine().getOut());
    return failed ? FAILED : 0;
  }

  /** Exit code of a run that failed. */
  static final int FAILED = 1;

  /** The most switch points a PCT run may be told to expect. */
  static final int MOST_STEPS = 10_000_000;

  /** Refuses numbers that make no sense, in one line, before anything runs. */
  private void checkNumbers() {
    if (schedules < 1 || schedules > 1_000_000) {
      throw new IllegalArgumentException("--schedules must be 1 to 1000000, not " + schedules);
    }
    if (steps < 1 || steps > MOST_STEPS) {
      throw new IllegalArgumentException("--steps must be 1 to " + MOST_STEPS + ", not "
          + steps);
    }
  }

  /** {@return the programs to run: the example named, all of them, or the class given} */
  private List<Program> chosen() throws IOException {
    if (programClass != null) {
      if (example != null) {
        throw new IllegalArgumentException("give an example or --program, not both");
      }
      return List.of(TeacherProgram.load(classPath, programClass));
    }
    if (classPath != null) {
      throw new IllegalArgumentException("--class-path needs --program CLASS");
    }
    Map<String, Program> all = ThreadsExamples.all();
    if (example == null) {
      return new ArrayList<>(all.values());
    }
    if (!all.containsKey(example)) {
      throw new IllegalArgumentException("no example named '" + example + "' (there are "
          + String.join(", ", all.keySet()) + ")");
    }
    return List.of(all.get(example));
  }
}
