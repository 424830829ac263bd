package io.citypulse.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.sources.metrics.Counters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Prints {@link StatusLine}s: source counters, Spark progress, the input topic's lag and the
 * newest per-postcode aggregate (read from the output topic, as a user's consumer would).
 */
final class StatusReporter implements AutoCloseable {

  private final NewestRecord<PostcodeAvailability> aggregates;
  private final Admin admin;
  private final String inputTopic;
  private final Counters counters;
  private final StreamingQuery query;
  private final Supplier<Instant> lastSuccessfulPoll;
  private final LongSupplier rejectedBySpark;
  private final PrintWriter out;
  private final Clock clock;
  private StatusSchedule schedule;
  private Map<TopicPartition, OffsetSpec> inputEnds;

  StatusReporter(String bootstrapServers, String inputTopic, String outputTopic, Counters counters,
      StreamingQuery query, Supplier<Instant> lastSuccessfulPoll, LongSupplier rejectedBySpark,
      PrintWriter out, Clock clock) {
    this.aggregates = new NewestRecord<>(bootstrapServers, outputTopic, PostcodeAvailability.class,
        "citypulse-status");
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-status-admin");
    this.admin = Admin.create(adminProps);
    this.inputTopic = inputTopic;
    this.counters = counters;
    this.query = query;
    this.lastSuccessfulPoll = lastSuccessfulPoll;
    this.rejectedBySpark = rejectedBySpark;
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
    out.println(StatusLine.format(now, counters.snapshot(), lastAggregate, batches, lag(progress),
        lastPoll == null ? null : Duration.between(lastPoll, now), rejectedBySpark.getAsLong()));
    out.flush();
  }

  /** Records on the input topic beyond what Spark's last batch read. */
  private long lag(StreamingQueryProgress progress) {
    if (progress == null || progress.sources().length == 0) {
      return -1;
    }
    try {
      JsonNode processed = Json.MAPPER.readTree(progress.sources()[0].endOffset()).path(inputTopic);
      if (inputEnds == null) {
        // Looked up once: the topic's partition count does not change while the pipeline runs.
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        aggregates.partitions(inputTopic).forEach(p -> latest.put(p, OffsetSpec.latest()));
        inputEnds = Map.copyOf(latest);
      }
      var ends = admin.listOffsets(inputEnds).all().get(2, TimeUnit.SECONDS);
      long lag = 0;
      for (var end : ends.entrySet()) {
        long done = processed.path(Integer.toString(end.getKey().partition())).asLong(0);
        lag += Math.max(0, end.getValue().offset() - done);
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    aggregates.close();
    admin.close(Duration.ofSeconds(2));
  }
}
