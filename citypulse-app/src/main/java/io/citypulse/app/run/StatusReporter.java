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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints {@link StatusLine}s: source counters, Spark progress, the input topic's lag and the
 * newest per-postcode aggregate (read from the output topic, as a user's consumer would).
 */
final class StatusReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "citypulse-status");
    thread.setDaemon(true);
    return thread;
  });
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final String inputTopic;
  private final String outputTopic;
  private final Counters counters;
  private final StreamingQuery query;
  private final Supplier<Instant> lastSuccessfulPoll;
  private final PrintWriter out;
  private final Clock clock;
  private volatile PostcodeAvailability lastAggregate;
  private Map<TopicPartition, OffsetSpec> inputEnds;

  StatusReporter(String bootstrapServers, String inputTopic, String outputTopic, Counters counters,
      StreamingQuery query, Supplier<Instant> lastSuccessfulPoll, PrintWriter out, Clock clock) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "citypulse-status");
    this.consumer = new KafkaConsumer<>(props);
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-status-admin");
    this.admin = Admin.create(adminProps);
    this.inputTopic = inputTopic;
    this.outputTopic = outputTopic;
    this.counters = counters;
    this.query = query;
    this.lastSuccessfulPoll = lastSuccessfulPoll;
    this.out = out;
    this.clock = clock;
  }

  void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::reportSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  PostcodeAvailability lastAggregate() {
    return lastAggregate;
  }

  private void reportSafely() {
    try {
      report();
    } catch (RuntimeException e) {
      // The status line is informative only: a failure here must never stop the pipeline.
      LOG.debug("status line failed", e);
    }
  }

  private void report() {
    readNewAggregates();
    StreamingQueryProgress progress = query.lastProgress();
    long batches = progress == null ? 0 : progress.batchId() + 1;
    Instant lastPoll = lastSuccessfulPoll.get();
    Instant now = clock.instant();
    out.println(StatusLine.format(now, counters.snapshot(), lastAggregate, batches, lag(progress),
        lastPoll == null ? null : Duration.between(lastPoll, now)));
    out.flush();
  }

  private void readNewAggregates() {
    if (consumer.assignment().isEmpty()) {
      consumer.assign(partitions(outputTopic));
    }
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      try {
        lastAggregate = Json.read(record.value(), PostcodeAvailability.class);
      } catch (IllegalArgumentException notAnAggregate) {
        LOG.debug("skipping a record of {} that is not an aggregate", outputTopic);
      }
    }
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
        partitions(inputTopic).forEach(p -> latest.put(p, OffsetSpec.latest()));
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

  private List<TopicPartition> partitions(String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(2));
    admin.close(Duration.ofSeconds(2));
  }
}
