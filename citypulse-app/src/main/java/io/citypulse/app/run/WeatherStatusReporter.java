package io.citypulse.app.run;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.sources.metrics.Counters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints {@link WeatherStatusLine}s, reading the newest feature record as a user's consumer would. */
final class WeatherStatusReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeatherStatusReporter.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "citypulse-weather-status");
    thread.setDaemon(true);
    return thread;
  });
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String featuresTopic;
  private final WeatherIngest ingest;
  private final Counters counters;
  private final StreamingQuery query;
  private final PrintWriter out;
  private final Clock clock;
  private WeatherFeatures last;

  WeatherStatusReporter(String bootstrapServers, String featuresTopic, WeatherIngest ingest,
      Counters counters, StreamingQuery query, PrintWriter out, Clock clock) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "citypulse-weather-status");
    this.consumer = new KafkaConsumer<>(props);
    this.featuresTopic = featuresTopic;
    this.ingest = ingest;
    this.counters = counters;
    this.query = query;
    this.out = out;
    this.clock = clock;
  }

  void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::reportSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void reportSafely() {
    try {
      readNewFeatures();
      StreamingQueryProgress progress = query.lastProgress();
      out.println(WeatherStatusLine.format(clock.instant(), ingest.status(), counters.snapshot(),
          progress == null ? 0 : progress.batchId() + 1, last));
      out.flush();
    } catch (RuntimeException e) {
      // Informative only: a failure here must never stop the pipeline.
      LOG.debug("weather status line failed", e);
    }
  }

  private void readNewFeatures() {
    if (consumer.assignment().isEmpty()) {
      consumer.assign(consumer.partitionsFor(featuresTopic, Duration.ofSeconds(5)).stream()
          .map(p -> new TopicPartition(featuresTopic, p.partition())).toList());
    }
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      try {
        last = Json.read(record.value(), WeatherFeatures.class);
      } catch (IllegalArgumentException notFeatures) {
        LOG.debug("skipping a record of {} that is not a feature record", featuresTopic);
      }
    }
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
  }
}
