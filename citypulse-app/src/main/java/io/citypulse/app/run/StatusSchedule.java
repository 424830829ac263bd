package io.citypulse.app.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a status report every interval on a daemon thread; a failing report is only logged. */
final class StatusSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusSchedule.class);

  private final ScheduledExecutorService scheduler;

  private StatusSchedule(String threadName) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  static StatusSchedule every(Duration interval, String threadName, Runnable report) {
    StatusSchedule schedule = new StatusSchedule(threadName);
    schedule.scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            report.run();
          } catch (RuntimeException e) {
            // The status lines are informative only: a failure here must never stop the pipeline.
            LOG.debug("{} failed", threadName, e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return schedule;
  }

  /** Stops the reports; waits up to 5 s for one in progress, which may still use its consumer. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
