package io.citypulse.app.run;

import java.time.Duration;
import java.util.Set;

/**
 * Measures each Spark job's input lag every interval ({@link InputLag}).
 *
 * @param heartbeatTopics topics the pipeline writes to on a clock (the health reports), left out
 *     of the lags ({@link RunningJobs#heartbeatTopics()})
 */
record InputLagStage(Duration interval, Set<String> heartbeatTopics) implements Stage {
  @Override
  public Running start(StageContext context) {
    RunningJobs jobs = context.get(MetricsStage.JOBS);
    jobs.heartbeatTopics(heartbeatTopics);
    InputLag lag = new InputLag(context.get(BrokerStage.BOOTSTRAP), jobs);
    lag.start(interval);
    return lag::close;
  }
}
