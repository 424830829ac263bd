package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.config.CitypulseConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The weather side of the pipeline, wired from settings: sources, one producer, a poller each. */
final class WeatherIngest implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final List<WeatherPoller> pollers;
  private final List<Counters> sourceCounters;

  private WeatherIngest(
      KafkaProducer<String, byte[]> producer,
      List<WeatherPoller> pollers,
      List<Counters> sourceCounters) {
    this.producer = producer;
    this.pollers = List.copyOf(pollers);
    this.sourceCounters = List.copyOf(sourceCounters);
  }

  /**
   * Reads and checks the settings of every weather source ({@code weather.sources}, else
   * {@code weather.source}) without starting anything, so that a bad location or a missing key
   * fails the command before the broker and Spark start. Empty for {@code weather.sources = none}.
   */
  static List<WeatherSettings> settings(Settings settings, Map<String, String> env) {
    List<WeatherSourceKind> kinds;
    try {
      kinds = WeatherConfig.kinds(settings, env);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("weather settings: " + e.getMessage());
    }
    boolean several = kinds.size() > 1;
    if (several && !settings.get(WEATHER_URL).isBlank()) {
      throw new ConfigException("config key 'weather.url' (" + settings.origin(WEATHER_URL)
          + ") names one API, and weather.sources lists " + kinds.size()
          + ": give each its weather.<source>.url instead");
    }
    long needingKeys = kinds.stream().filter(WeatherSourceKind::requiresKey).count();
    List<WeatherSettings> all = new ArrayList<>();
    for (WeatherSourceKind kind : kinds) {
      CitypulseConfig.SourceKeys own = CitypulseConfig.WEATHER_SOURCE_KEYS.get(kind);
      try {
        // weather.api-key is the key of the one source that needs one; each source's own
        // environment variable otherwise.
        String apiKey = needingKeys > 1
            ? WeatherConfig.apiKeyFromEnv(kind, env)
            : WeatherConfig.apiKey(settings, kind, env);
        String locations = settings.get(own.locations()).isBlank()
            ? settings.get(WEATHER_LOCATIONS)
            : settings.get(own.locations());
        WeatherSettings weather =
            WeatherSettings.defaults(kind, apiKey, WeatherLocations.resolve(locations));
        Duration interval = !settings.get(own.interval()).isZero()
            ? settings.get(own.interval())
            : settings.get(WEATHER_INTERVAL);
        if (!interval.isZero()) {
          weather = weather.withInterval(interval);
        }
        String url = !settings.get(own.url()).isBlank()
            ? settings.get(own.url())
            : several ? "" : settings.get(WEATHER_URL);
        if (!url.isBlank() || !settings.get(WEATHER_GEOCODING_URL).isBlank()) {
          weather = weather.withUrls(
              url.isBlank() ? weather.baseUrl() : URI.create(url.trim()),
              settings.get(WEATHER_GEOCODING_URL).isBlank()
                  ? weather.geocodingUrl()
                  : URI.create(settings.get(WEATHER_GEOCODING_URL)));
        }
        if (!settings.get(own.rateLimit()).isBlank()) {
          weather = weather.withRateLimit(WeatherConfig.rateLimit(settings.get(own.rateLimit())));
        }
        if (kind == WeatherSourceKind.SCRAPER) {
          weather = weather.withScraper(WeatherConfig.scraper(settings));
        }
        all.add(weather.withSeed(settings.get(DEMO_SEED)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("weather settings" + (several ? " of " + kind.id() : "") + ": "
            + e.getMessage() + " (or switch the weather pipeline off with --no-weather)");
      }
    }
    return List.copyOf(all);
  }

  /**
   * Starts one poller per source on one producer. Each poller counts in a child of
   * {@code counters} ({@link #counters(int)}), so each source's health has its own numbers.
   */
  static WeatherIngest start(
      List<WeatherSettings> sources,
      String weatherTopic,
      String deadLetterTopic,
      String bootstrapServers,
      Counters counters) {
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(ProducerSettings.producerConfig(bootstrapServers, "citypulse-weather"));
    List<WeatherPoller> pollers = new ArrayList<>();
    List<Counters> own = new ArrayList<>();
    for (WeatherSettings weather : sources) {
      Counters sourceCounters = counters.child();
      WeatherPoller poller = WeatherSources.poller(
          weather,
          Clock.systemUTC(),
          Sleeper.SYSTEM,
          new WeatherPublisher(producer, weatherTopic, sourceCounters),
          new DeadLetterPublisher(producer, deadLetterTopic, sourceCounters),
          sourceCounters);
      pollers.add(poller);
      own.add(sourceCounters);
    }
    pollers.forEach(WeatherPoller::start);
    return new WeatherIngest(producer, pollers, own);
  }

  /** Every source's status, in {@code weather.sources} order. */
  List<WeatherPollerStatus> status() {
    return pollers.stream().map(WeatherPoller::status).toList();
  }

  /** The counters of the {@code index}-th source alone. */
  Counters counters(int index) {
    return sourceCounters.get(index);
  }

  @Override
  public void close() {
    pollers.forEach(WeatherPoller::close);
    producer.close(Duration.ofSeconds(10));
  }
}
