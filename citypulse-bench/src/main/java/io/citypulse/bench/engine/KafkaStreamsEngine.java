package io.citypulse.bench.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The peer a user would pick instead: {@link PostcodeAvailabilityTopology} on Kafka Streams. */
final class KafkaStreamsEngine implements Engine {
  static final String NAME = "kafka-streams";

  private final EngineSettings settings;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Properties config;
  private KafkaStreams streams;

  KafkaStreamsEngine(EngineSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void prepare() {
    config = PostcodeAvailabilityTopology.config(
        "citypulse-bench-peer",
        settings.bootstrapServers(),
        settings.workDir().resolve("kafka-streams"),
        settings.threads(),
        cacheBytes());
    streams = new KafkaStreams(
        PostcodeAvailabilityTopology.build(settings.inputTopic(), settings.outputTopic()), config);
    streams.setUncaughtExceptionHandler(e -> {
      failure.compareAndSet(null, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
  }

  @Override
  public void start() {
    streams.start();
  }

  @Override
  public Optional<Throwable> failure() {
    if (failure.get() != null) {
      return Optional.of(failure.get());
    }
    if (streams != null
        && (streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING)) {
      return Optional.of(new IllegalStateException("Kafka Streams is " + streams.state()));
    }
    return Optional.empty();
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("num.stream.threads", settings.threads());
    out.put("commit.interval.ms", PostcodeAvailabilityTopology.COMMIT_INTERVAL_MS);
    out.put("statestore.cache.max.bytes", cacheBytes());
    out.put("producer.linger.ms", PostcodeAvailabilityTopology.PRODUCER_LINGER_MS);
    out.put("processing.guarantee", "at_least_once");
    out.put("state_store", "RocksDB (default)");
    return out;
  }

  private long cacheBytes() {
    return settings.peerCacheBytes();
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
