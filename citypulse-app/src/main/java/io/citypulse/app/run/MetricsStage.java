package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.sources.metrics.Counters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The pipeline's counters and meters, shared by every stage: the sources' counters, the
 * Micrometer registry served at {@code /metrics}, the started Spark jobs and the health the
 * dashboard shows. Nothing to start: it only creates them, first.
 */
record MetricsStage() implements Stage {
  static final Key<Counters> COUNTERS = Key.named("counters");
  static final Key<PrometheusMeterRegistry> REGISTRY = Key.named("registry");
  static final Key<RunningJobs> JOBS = Key.named("jobs");
  static final Key<JobMeters> JOB_METERS = Key.named("job meters");
  static final Key<PipelineHealth> HEALTH = Key.named("health");
  static final Key<RunningSinks> SINKS = Key.named("sinks");

  @Override
  public Running start(StageContext context) {
    Counters counters = new Counters();
    PrometheusMeterRegistry registry = Dashboard.newRegistry();
    RunningJobs jobs = new RunningJobs();
    JobMeters meters = new JobMeters(registry, jobs);
    context.provide(COUNTERS, counters);
    context.provide(REGISTRY, registry);
    context.provide(JOBS, jobs);
    context.provide(JOB_METERS, meters);
    context.provide(SINKS, new RunningSinks(registry));
    context.provide(HEALTH, new PipelineHealth(counters, registry, meters, context.clock()));
    return Running.NOTHING;
  }
}
