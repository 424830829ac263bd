package io.citypulse.app.run;

import java.time.Duration;
import java.util.List;

/** Measures each Spark job's input lag every interval ({@link InputLag}). */
record InputLagStage(Duration interval) implements Stage {
  static final String NAME = "input-lag";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> needs() {
    return List.of(BrokerStage.NAME, MetricsStage.NAME);
  }

  @Override
  public Running start(StageContext context) {
    InputLag lag = new InputLag(context.get(BrokerStage.BOOTSTRAP), context.get(MetricsStage.JOBS));
    lag.start(interval);
    return lag::close;
  }
}
