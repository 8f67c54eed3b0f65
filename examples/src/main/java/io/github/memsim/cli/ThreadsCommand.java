package io.github.memsim.cli;

import io.github.memsim.concurrent.Exploration;
import io.github.memsim.concurrent.Program;
import io.github.memsim.concurrent.RaceDetector;
import io.github.memsim.concurrent.Reduction;
import io.github.memsim.concurrent.Run;
import io.github.memsim.concurrent.Strategy;
import java.io.IOException;
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

/** {@code memsim threads}: explores the bundled concurrency examples' schedules. */
@Command(name = "threads", mixinStandardHelpOptions = true,
    description = {"Run a concurrency example under many schedules, one simulated thread at a"
        + " time, and print its outcomes, data races and the first failing schedule.",
        "Examples: lost-update(-mutex, -atomic), check-then-act(-mutex), locked-but-wrong,"
            + " locked-and-right, publication(-atomic), use-after-free(-mutex),"
            + " deadlock(-ordered). With no example, all of them."})
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

  @Mixin
  OutputOption output = new OutputOption();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (schedules < 1 || schedules > 1_000_000) {
      throw new IllegalArgumentException("--schedules must be 1 to 1000000, not " + schedules);
    }
    Map<String, Program> all = ThreadsExamples.all();
    List<Program> chosen = new ArrayList<>();
    if (example == null) {
      chosen.addAll(all.values());
    } else if (all.containsKey(example)) {
      chosen.add(all.get(example));
    } else {
      throw new IllegalArgumentException("no example named '" + example + "' (there are "
          + String.join(", ", all.keySet()) + ")");
    }
    if (replay != null && chosen.size() != 1) {
      throw new IllegalArgumentException("--replay needs one example");
    }
    StringBuilder out = new StringBuilder();
    for (Program example : chosen) {
      Program program = example.withRaceFaults(raceFaults);
      if (replay != null) {
        Run run = Run.of(program, Strategy.replay(replay));
        out.append(run).append('\n');
        for (RaceDetector.Race race : run.races()) {
          out.append("  ").append(race).append('\n');
        }
        continue;
      }
      Exploration exploration = switch (how) {
        case EXHAUSTIVE -> Exploration.exhaustive(program, preemptions, schedules, reduction);
        case RANDOM -> Exploration.random(program, seed, schedules);
        case PCT -> Exploration.pct(program, seed, depth, steps, schedules);
      };
      out.append(exploration).append('\n');
    }
    output.write(out.toString(), spec.commandLine().getOut());
    return 0;
  }
}
