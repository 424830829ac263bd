package io.citypulse.app.run;

import java.time.Duration;

/**
 * Waits for the availability job's first micro-batch (at most {@code atMost}). On a 2-core
 * laptop the queries' first micro-batches (planning, code generation) would fight for the CPU and
 * delay the first bike aggregate: the weather job and the sinks need this stage, and their input
 * waits in Kafka meanwhile.
 */
record FirstAggregateStage(Duration atMost) implements Stage {
  @Override
  public Running start(StageContext context) throws InterruptedException {
    context.get(AvailabilityJobStage.JOB).awaitFirstBatch(atMost);
    return Running.NOTHING;
  }
}
