package io.citypulse.app.run;

import java.time.Duration;

/** Measures each Spark job's input lag every interval ({@link InputLag}). */
record InputLagStage(Duration interval) implements Stage {
  @Override
  public Running start(StageContext context) {
    InputLag lag = new InputLag(context.get(BrokerStage.BOOTSTRAP), context.get(MetricsStage.JOBS));
    lag.start(interval);
    return lag::close;
  }
}
