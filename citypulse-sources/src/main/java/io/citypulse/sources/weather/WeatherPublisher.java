package io.citypulse.sources.weather;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.metrics.Counters;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes observations to the weather topic ({@code topic-weather} by default), key = the
 * location key, value = {@link Json#write}. Send failures are logged and counted, never thrown. The
 * producer is the caller's (configured like {@code ProducerSettings.producerConfig}); this class
 * does not close it.
 */
public final class WeatherPublisher implements WeatherListener {
  private static final Logger LOG = LoggerFactory.getLogger(WeatherPublisher.class);

  public static final String ACKED = "weather.publish.acked";
  public static final String FAILED = "weather.publish.errors";

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Counters counters;

  public WeatherPublisher(Producer<String, byte[]> producer, String topic, Counters counters) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void onObservation(WeatherObservation observation) {
    publish(observation, error -> { });
  }

  /** @param onFailure called (on the producer's thread) when the record could not be written */
  public void publish(WeatherObservation observation, Consumer<Exception> onFailure) {
    String key = observation.location();
    try {
      producer.send(new ProducerRecord<>(topic, key, Json.write(observation)), (metadata, error) -> {
        if (error == null) {
          counters.increment(ACKED);
        } else {
          failed(key, error, onFailure);
        }
      });
    } catch (RuntimeException e) {
      // send() itself throws when metadata cannot be fetched in max.block.ms, or on close.
      failed(key, e, onFailure);
    }
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  public String topic() {
    return topic;
  }

  private void failed(String key, Exception error, Consumer<Exception> onFailure) {
    counters.increment(FAILED);
    LOG.warn("Could not publish the weather of {} to {}: {}", key, topic, error.toString());
    try {
      onFailure.accept(error);
    } catch (RuntimeException e) {
      LOG.error("Failure callback for the weather of {} failed", key, e);
    }
  }
}
