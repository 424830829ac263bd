package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import java.time.Duration;

/**
 * Watches the brokers and executors of a run on a cluster ({@link ClusterWatch}); in the plan only
 * when Kafka or Spark is not this process's own.
 */
record ClusterWatchStage(String master, Duration interval) implements Stage {
  static final Key<ClusterWatch> WATCH = Key.named("cluster watch");

  @Override
  public Running start(StageContext context) {
    ClusterWatch watch = new ClusterWatch(
        context.get(BrokerStage.BOOTSTRAP), context.getIfProvided(SparkStage.ENGINE), master);
    watch.start(interval, context.get(MetricsStage.REGISTRY));
    context.get(MetricsStage.HEALTH).cluster(watch::health);
    context.provide(WATCH, watch);
    return watch::close;
  }
}
