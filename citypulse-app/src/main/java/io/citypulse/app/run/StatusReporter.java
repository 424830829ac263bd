package io.citypulse.app.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prints one status line every interval: the one mechanism behind the bike, weather and storage
 * lines. What a line says is a pure function ({@link StatusLine}, {@link WeatherStatusLine},
 * {@link StorageStatusLine}); the stage that starts the reporter gathers its inputs.
 */
final class StatusReporter implements Running {
  private final StatusSchedule schedule;
  private final AutoCloseable resources;

  private StatusReporter(StatusSchedule schedule, AutoCloseable resources) {
    this.schedule = schedule;
    this.resources = resources;
  }

  /**
   * @param name the thread's name
   * @param line the next line, computed on that thread
   * @param resources closed after the last line (e.g. the consumer reading the newest output)
   */
  static StatusReporter every(
      Duration interval,
      String name,
      Supplier<String> line,
      PrintWriter out,
      AutoCloseable resources) {
    return new StatusReporter(
        StatusSchedule.every(interval, name, () -> {
          String text = line.get();
          synchronized (out) {
            out.println(text);
            out.flush();
          }
        }),
        resources);
  }

  @Override
  public void close() throws Exception {
    schedule.close();
    resources.close();
  }
}
