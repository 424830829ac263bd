package io.citypulse.app.run;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.PostcodeResolution;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Prints {@link StatusLine}s: source counters, Spark progress, the input topic's lag ({@link InputLag}) and the
 * newest per-postcode aggregate (read from the output topic, as a user's consumer would).
 */
final class StatusReporter implements AutoCloseable {

  private final NewestRecord<PostcodeAvailability> aggregates;
  private final Supplier<Long> lag;
  private final Counters counters;
  private final StreamingQuery query;
  private final Supplier<Instant> lastSuccessfulPoll;
  private final LongSupplier rejectedBySpark;
  private final Supplier<PostcodeResolution> postcodes;
  private final PrintWriter out;
  private final Clock clock;
  private StatusSchedule schedule;

  /**
   * @param lag records of the input topic beyond the query's last batch ({@link InputLag}), null if unknown
   * @param postcodes the resolver's snapshot of the stations' postcodes
   */
  StatusReporter(String bootstrapServers, String outputTopic, Counters counters, StreamingQuery query,
      Supplier<Long> lag, Supplier<Instant> lastSuccessfulPoll, LongSupplier rejectedBySpark,
      Supplier<PostcodeResolution> postcodes, PrintWriter out, Clock clock) {
    this.aggregates = new NewestRecord<>(bootstrapServers, outputTopic, PostcodeAvailability.class,
        "citypulse-status");
    this.lag = lag;
    this.counters = counters;
    this.query = query;
    this.lastSuccessfulPoll = lastSuccessfulPoll;
    this.rejectedBySpark = rejectedBySpark;
    this.postcodes = postcodes;
    this.out = out;
    this.clock = clock;
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-status", this::report);
  }

  private void report() {
    PostcodeAvailability lastAggregate = aggregates.poll();
    StreamingQueryProgress progress = query.lastProgress();
    long batches = progress == null ? 0 : progress.batchId() + 1;
    Instant lastPoll = lastSuccessfulPoll.get();
    Instant now = clock.instant();
    Long behind = lag.get();
    out.println(StatusLine.format(now, counters.snapshot(), lastAggregate, batches, behind == null ? -1 : behind,
        lastPoll == null ? null : Duration.between(lastPoll, now), rejectedBySpark.getAsLong(),
        postcodes.get()));
    out.flush();
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    aggregates.close();
  }
}
