package io.citypulse.app.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Publishes this pipeline's health to the health topic every interval ({@link HealthPublisher}),
 * for {@code citypulse dashboard} running elsewhere.
 */
record HealthReportStage(String topic, Path stateDir, Duration interval) implements Stage {
  @Override
  public Running start(StageContext context) {
    HealthPublisher publisher = new HealthPublisher(
        context.get(BrokerStage.BOOTSTRAP),
        topic,
        stateDir,
        context.get(MetricsStage.HEALTH),
        context.clock());
    publisher.start(interval);
    return publisher::close;
  }
}
