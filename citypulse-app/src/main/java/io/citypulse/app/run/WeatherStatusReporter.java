package io.citypulse.app.run;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.sources.metrics.Counters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** Prints {@link WeatherStatusLine}s, with the newest record of the features topic. */
final class WeatherStatusReporter implements AutoCloseable {
  private final NewestRecord<WeatherFeatures> features;
  private final WeatherIngest ingest;
  private final Counters counters;
  private final StreamingQuery query;
  private final PrintWriter out;
  private final Clock clock;
  private StatusSchedule schedule;

  WeatherStatusReporter(String bootstrapServers, String featuresTopic, WeatherIngest ingest,
      Counters counters, StreamingQuery query, PrintWriter out, Clock clock) {
    this.features = new NewestRecord<>(bootstrapServers, featuresTopic, WeatherFeatures.class,
        "citypulse-weather-status");
    this.ingest = ingest;
    this.counters = counters;
    this.query = query;
    this.out = out;
    this.clock = clock;
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-weather-status", this::report);
  }

  private void report() {
    WeatherFeatures last = features.poll();
    StreamingQueryProgress progress = query.lastProgress();
    out.println(WeatherStatusLine.format(clock.instant(), ingest.status(), counters.snapshot(),
        progress == null ? 0 : progress.batchId() + 1, last));
    out.flush();
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    features.close();
  }
}
