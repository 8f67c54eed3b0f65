package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error, shown only when standard error is a terminal. */
final class Progress implements AutoCloseable {
  /** Traces shorter than this finish before a bar would help. */
  static final int MINIMUM_OPERATIONS = 200_000;

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Starts a bar for {@code operations}, or a silent one when it would not help. */
  static Progress start(String task, long operations) {
    if (operations < MINIMUM_OPERATIONS || !stderrIsTerminal()) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(Text.shown(task))
        .setInitialMax(operations).setStyle(ProgressBarStyle.ASCII).setUnit(" ops", 1)
        .showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    return new Progress(bar);
  }

  IntConsumer listener() {
    return bar == null ? null : bar::stepTo;
  }

  /** {@return a bar that several replays, on several threads, advance together} */
  Shared shared() {
    return new Shared(bar);
  }

  /** One bar for many replays: each reports its own count, the bar shows their sum. */
  static final class Shared {
    private final ProgressBar bar;
    private final AtomicLong done = new AtomicLong();

    private Shared(ProgressBar bar) {
      this.bar = bar;
    }

    /** {@return the callback of one replay, or null when there is no bar} */
    IntConsumer task() {
      if (bar == null) {
        return null;
      }
      int[] last = {0};
      return count -> {
        bar.stepTo(done.addAndGet(count - last[0]));
        last[0] = count;
      };
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /**
   * Whether standard error is a terminal: on Linux, whether file descriptor 2 is a tty device;
   * elsewhere, whether the JVM has a console.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
