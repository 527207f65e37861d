package io.tmr.core.io;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long work: a terminal progress bar with rate and ETA when standard error is a
 * terminal, otherwise plain log lines at every tenth of the work (CI logs and redirected output
 * stay readable).
 */
public final class Progress implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);

  private final ProgressBar bar;
  private final String task;
  private final long total;
  private final long started = System.nanoTime();
  private long done;
  private int lastDecile;

  private Progress(String task, long total, String unit) {
    this.task = task;
    this.total = total;
    this.bar =
        interactive()
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build()
            : null;
  }

  /** Starts tracking {@code total} units of {@code unit} (e.g. "docs", "steps"). */
  public static Progress start(String task, long total, String unit) {
    return new Progress(task, total, unit);
  }

  /**
   * Whether a progress bar can be drawn: a console exists and {@code TMR_PLAIN_PROGRESS} is unset.
   */
  public static boolean interactive() {
    return System.console() != null && System.getenv("TMR_PLAIN_PROGRESS") == null;
  }

  public void stepBy(long n) {
    done += n;
    if (bar != null) {
      bar.stepBy(n);
      return;
    }
    int decile = total <= 0 ? 0 : (int) Math.min(10, done * 10 / total);
    if (decile > lastDecile) {
      lastDecile = decile;
      double secs = (System.nanoTime() - started) / 1e9;
      double eta = done == 0 ? 0 : secs * (total - done) / done;
      log.info(
          "{}: {}/{} ({}%), {} s elapsed, ETA {} s",
          task, done, total, decile * 10, Math.round(secs), Math.round(eta));
    }
  }

  public void setExtraMessage(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
