package io.citypulse.app.transfer;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line of an import or export on stderr: {@code \r}-rewritten in place on a terminal,
 * a new line every {@link #LOG_EVERY_NANOS} otherwise (a log file gets a few lines, not one per
 * row). Off when quiet.
 */
public final class Progress {
  static final long TERMINAL_EVERY_NANOS = 200_000_000L;
  static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private final LongSupplier nanoTime;
  private final String label;
  private final String unit;
  private final long start;
  private long last;
  private int lastWidth;

  /**
   * @param label what is moving, e.g. the file name
   * @param unit what is counted, e.g. {@code rows}
   */
  public Progress(
      PrintWriter err,
      boolean terminal,
      boolean quiet,
      LongSupplier nanoTime,
      String label,
      String unit) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
    this.nanoTime = nanoTime;
    this.label = label;
    this.unit = unit;
    this.start = nanoTime.getAsLong();
    this.last = start;
  }

  /** Shows the progress when it is time to; cheap enough to call for every row. */
  public void update(long bytes, long totalBytes, long count) {
    if (quiet) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - last < (terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS)) {
      return;
    }
    last = now;
    print(line(label, bytes, totalBytes, count, unit, now - start));
  }

  /** Clears a terminal line before the summary is printed. */
  public void finish() {
    if (!quiet && terminal && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }

  private void print(String line) {
    if (terminal) {
      String padded =
          line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
      err.print("\r" + padded);
      lastWidth = line.length();
    } else {
      err.println(line);
    }
    err.flush();
  }

  /**
   * {@code weather.csv: 12.3 MB / 1.07 GB (1%), 120000 rows, 45000 rows/s}; without a known total,
   * {@code 12.3 MB}; without bytes (a topic), the count alone.
   */
  static String line(
      String label, long bytes, long totalBytes, long count, String unit, long elapsedNanos) {
    StringBuilder line = new StringBuilder(label).append(": ");
    if (bytes >= 0) {
      line.append(bytes(bytes));
      if (totalBytes > 0) {
        line.append(" / ")
            .append(bytes(totalBytes))
            .append(" (")
            .append(Math.min(100, bytes * 100 / totalBytes))
            .append("%)");
      }
      line.append(", ");
    }
    line.append(count).append(' ').append(unit);
    if (elapsedNanos > 0) {
      line.append(", ")
          .append(Math.round(count * 1e9 / elapsedNanos))
          .append(' ')
          .append(unit)
          .append("/s");
    }
    return line.toString();
  }

  /** {@code 512 B}, {@code 12.3 kB}, {@code 4.5 MB}, {@code 1.07 GB} (powers of 1000). */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = n;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : "%.1f %s", value, units[unit]);
  }
}
