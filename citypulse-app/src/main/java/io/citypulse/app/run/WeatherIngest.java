package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.config.WeatherConfig;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.publish.DeadLetterPublisher;
import io.citypulse.sources.publish.ProducerSettings;
import io.citypulse.sources.weather.WeatherLocations;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import io.citypulse.sources.weather.WeatherPublisher;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.sources.weather.WeatherSourceKind;
import io.citypulse.sources.weather.WeatherSources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The weather side of the pipeline, wired from settings: source, producer and poller. */
final class WeatherIngest implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final WeatherPoller poller;

  private WeatherIngest(KafkaProducer<String, byte[]> producer, WeatherPoller poller) {
    this.producer = producer;
    this.poller = poller;
  }

  /**
   * Reads and checks the weather settings without starting anything, so that a bad location or a
   * missing key fails the command before the broker and Spark start.
   */
  static WeatherSettings settings(Settings settings, Map<String, String> env) {
    try {
      WeatherSourceKind kind = WeatherConfig.kind(settings, env);
      WeatherSettings weather = WeatherSettings.defaults(
          kind,
          WeatherConfig.apiKey(settings, kind, env),
          WeatherLocations.resolve(settings.get(WEATHER_LOCATIONS)));
      if (!settings.get(WEATHER_INTERVAL).isZero()) {
        weather = weather.withInterval(settings.get(WEATHER_INTERVAL));
      }
      if (!settings.get(WEATHER_URL).isBlank()
          || !settings.get(WEATHER_GEOCODING_URL).isBlank()) {
        weather = weather.withUrls(
            settings.get(WEATHER_URL).isBlank()
                ? weather.baseUrl()
                : URI.create(settings.get(WEATHER_URL)),
            settings.get(WEATHER_GEOCODING_URL).isBlank()
                ? weather.geocodingUrl()
                : URI.create(settings.get(WEATHER_GEOCODING_URL)));
      }
      return weather.withSeed(settings.get(DEMO_SEED));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("weather settings: " + e.getMessage()
          + " (or switch the weather pipeline off with --no-weather)");
    }
  }

  static WeatherIngest start(
      WeatherSettings weather,
      String weatherTopic,
      String deadLetterTopic,
      String bootstrapServers,
      Counters counters) {
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(ProducerSettings.producerConfig(bootstrapServers, "citypulse-weather"));
    WeatherPoller poller = WeatherSources.poller(
        weather,
        Clock.systemUTC(),
        Sleeper.SYSTEM,
        new WeatherPublisher(producer, weatherTopic, counters),
        new DeadLetterPublisher(producer, deadLetterTopic, counters),
        counters);
    poller.start();
    return new WeatherIngest(producer, poller);
  }

  WeatherPollerStatus status() {
    return poller.status();
  }

  @Override
  public void close() {
    poller.close();
    producer.close(Duration.ofSeconds(10));
  }
}
