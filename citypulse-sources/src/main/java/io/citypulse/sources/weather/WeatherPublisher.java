package io.citypulse.sources.weather;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.publish.JsonRecordPublisher;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Publishes observations to the weather topic ({@code topic-weather} by default), key = the
 * key {@code source:location} ({@link WeatherObservation#key()}), value = {@link Json#write}. Send failures are logged and counted, never thrown. The
 * producer is the caller's (configured like {@code ProducerSettings.producerConfig}); this class
 * does not close it.
 */
public final class WeatherPublisher implements WeatherListener {
  public static final String ACKED = "weather.publish.acked";
  public static final String FAILED = "weather.publish.errors";

  private final JsonRecordPublisher<WeatherObservation> publisher;

  public WeatherPublisher(Producer<String, byte[]> producer, String topic, Counters counters) {
    this.publisher = new JsonRecordPublisher<>(
        producer, topic, counters, ACKED, FAILED, WeatherObservation::key, "the weather of");
  }

  @Override
  public void onObservation(WeatherObservation observation) {
    publish(observation, error -> {});
  }

  /** @param onFailure called (on the producer's thread) when the record could not be written */
  public void publish(WeatherObservation observation, Consumer<Exception> onFailure) {
    publisher.publish(observation, onFailure);
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    publisher.flush();
  }

  public String topic() {
    return publisher.topic();
  }
}
