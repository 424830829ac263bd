package io.citypulse.app.run;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when a pipeline run with {@code run --until-idle} has nothing left to do: every Spark
 * job and every sink has read all there is on its input (lag 0) and none of them has taken a
 * record for the quiet period. Pure: fed the pipeline's activity at each check.
 */
final class IdleWatch {
  /**
   * What one job or sink has done so far.
   *
   * @param lag records of its input not processed yet; null while not measured (a job before its
   *     first batch), which is never idle
   * @param taken a figure that grows whenever it takes input (a job's last batch with rows, a
   *     sink's records written)
   */
  record Activity(String name, Long lag, long taken) {}

  private final Duration quiet;
  private final Map<String, Long> lastTaken = new HashMap<>();
  private Instant quietSince;

  IdleWatch(Duration quiet) {
    this.quiet = quiet;
  }

  /** Whether the pipeline has been idle for the quiet period at {@code now}. */
  boolean idle(Instant now, List<Activity> activities) {
    boolean caughtUp = !activities.isEmpty();
    boolean moved = false;
    for (Activity activity : activities) {
      if (activity.lag() == null || activity.lag() > 0) {
        caughtUp = false;
      }
      Long before = lastTaken.put(activity.name(), activity.taken());
      if (before == null || before != activity.taken()) {
        moved = true;
      }
    }
    if (!caughtUp || moved) {
      quietSince = caughtUp ? now : null;
      return false;
    }
    if (quietSince == null) {
      quietSince = now;
    }
    return !now.isBefore(quietSince.plus(quiet));
  }
}
