package io.citypulse.app.run;

import io.citypulse.alerts.AlertSettings;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.alerts.AlertCounts;
import io.citypulse.jobs.alerts.AlertJobSettings;
import io.citypulse.jobs.spark.RunningJob;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The alerts job (issue 20): stations, postcodes, weather features and health reports in, alert
 * records out ({@code topics.alerts.name}); its totals on {@code /metrics}
 * ({@code citypulse_alerts_*}) and a status line every interval.
 *
 * @param stationsTopic null on a weather-only run; likewise {@code postcodeTopic}, {@code
 *     weatherTopic}
 */
record AlertsJobStage(
    String stationsTopic,
    String postcodeTopic,
    String weatherTopic,
    String healthTopic,
    String alertsTopic,
    String deadLetterTopic,
    String checkpoint,
    String startingOffsets,
    Duration trigger,
    Duration lateness,
    AlertSettings rules,
    Duration statusInterval)
    implements Stage {
  static final Key<RunningJob<AlertCounts>> JOB = Key.named("alerts job");

  AlertJobSettings jobSettings(String bootstrapServers) {
    return new AlertJobSettings(
        bootstrapServers,
        stationsTopic,
        postcodeTopic,
        weatherTopic,
        healthTopic,
        alertsTopic,
        deadLetterTopic,
        checkpoint,
        startingOffsets,
        trigger,
        lateness,
        rules);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    AlertJobSettings settings = jobSettings(context.get(BrokerStage.BOOTSTRAP));
    RunningJob<AlertCounts> job = context.get(SparkStage.ENGINE).startAlerts(settings);
    context.provide(JOB, job);
    register(context.get(MetricsStage.REGISTRY), job);
    context.announce(String.format(
        "alerts from %s -> Spark -> %s (empty/full after %s)",
        String.join(", ", settings.inputTopics()),
        alertsTopic,
        rules.minDuration().toString().substring(2).toLowerCase(java.util.Locale.ROOT)));
    Running running = JobRunning.register(context, job);
    StatusReporter status = StatusReporter.every(
        statusInterval,
        "citypulse-alerts-status",
        () -> statusLine(job.counts()),
        context.out(),
        () -> {});
    return new Running() {
      @Override
      public String failure() {
        return running.failure();
      }

      @Override
      public void close() throws Exception {
        status.close();
        running.close();
      }
    };
  }

  /** {@code alerts: 3 raised, 1 cleared, 2 open, 0 rejected}. */
  static String statusLine(AlertCounts c) {
    return String.format(
        "alerts: %d raised, %d cleared, %d open since start, %d out of order, %d rejected",
        c.raised(), c.cleared(), c.open(), c.outOfOrder(), c.rejected());
  }

  /** {@code citypulse_alerts_raised_total}, {@code _cleared_total}, {@code _rejected_total}... */
  static void register(MeterRegistry registry, RunningJob<AlertCounts> job) {
    counter(registry, "citypulse.alerts.raised", "Alert episodes raised", job, AlertCounts::raised);
    counter(
        registry, "citypulse.alerts.cleared", "Alert episodes cleared", job, AlertCounts::cleared);
    counter(
        registry,
        "citypulse.alerts.out.of.order",
        "Records older than their subject's newest, ignored by the alert rules",
        job,
        AlertCounts::outOfOrder);
    counter(
        registry,
        "citypulse.alerts.rejected",
        "Unreadable input of the alerts job sent to the dead-letter topic",
        job,
        AlertCounts::rejected);
    Gauge.builder("citypulse.alerts.open", job, j -> j.counts().open())
        .description("Episodes raised and not yet cleared since the start")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      RunningJob<AlertCounts> job,
      ToDoubleFunction<AlertCounts> value) {
    FunctionCounter.builder(name, job, j -> value.applyAsDouble(j.counts()))
        .description(description)
        .register(registry);
  }
}
