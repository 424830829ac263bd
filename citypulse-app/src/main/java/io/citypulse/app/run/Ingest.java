package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.GbfsPoller;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.PollerStatus;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.PostcodeSettings;
import io.citypulse.sources.postcode.PostcodeTableException;
import io.citypulse.sources.publish.DeadLetterPublisher;
import io.citypulse.sources.publish.ProducerSettings;
import io.citypulse.sources.publish.StationIngest;
import io.citypulse.sources.publish.StationPublisher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The GBFS side of the pipeline, wired from settings: resolver, producer, ingest and poller. */
final class Ingest implements BikeIngest {
  private final ChainedPostcodeResolver resolver;
  private final KafkaProducer<String, byte[]> producer;
  private final StationIngest ingest;
  private final GbfsPoller poller;
  private final GbfsSettings gbfs;

  private Ingest(
      ChainedPostcodeResolver resolver,
      KafkaProducer<String, byte[]> producer,
      StationIngest ingest,
      GbfsPoller poller,
      GbfsSettings gbfs) {
    this.resolver = resolver;
    this.producer = producer;
    this.ingest = ingest;
    this.poller = poller;
    this.gbfs = gbfs;
  }

  /** The feed's settings; a bad value is a config error, found before anything starts. */
  static GbfsSettings gbfsSettings(Settings settings, URI feedUrl) {
    try {
      return GbfsSettings.defaults(feedUrl, settings.get(GBFS_SYSTEM))
          .withLanguage(settings.get(LANGUAGE))
          .withIntervals(settings.get(MIN_INTERVAL), settings.get(MAX_INTERVAL))
          .withTimeout(settings.get(HTTP_TIMEOUT))
          .withBackoff(settings.get(BACKOFF_INITIAL), settings.get(BACKOFF_MAX));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gbfs settings: " + e.getMessage());
    }
  }

  /** The {@code --stations} filter; a bad value is a config error. */
  static StationFilter stationFilter(Settings settings) {
    try {
      return StationFilter.parse(settings.get(STATIONS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gbfs settings: " + e.getMessage());
    }
  }

  /** The one producer of a bike ingest (station records and dead letters), one system or many. */
  static KafkaProducer<String, byte[]> stationsProducer(String bootstrapServers) {
    return new KafkaProducer<>(ProducerSettings.producerConfig(bootstrapServers, "citypulse-gbfs"));
  }

  /**
   * Starts publishing the feed's stations: the producer, the ingest (with its rechecks of held
   * stations) and the poller.
   */
  static Ingest start(
      GbfsSettings gbfs,
      StationFilter stations,
      ChainedPostcodeResolver resolver,
      String bootstrapServers,
      String stationsTopic,
      String deadLetterTopic,
      Counters counters) {
    Clock clock = Clock.systemUTC();
    KafkaProducer<String, byte[]> producer = stationsProducer(bootstrapServers);
    StationIngest ingest = new StationIngest(
        gbfs.system(),
        stations,
        resolver,
        new ChangeDetector(),
        new StationPublisher(producer, stationsTopic, counters),
        counters);
    GbfsPoller poller = new GbfsPoller(
        gbfs,
        new FeedClient(gbfs.timeout(), gbfs.timeout(), clock),
        clock,
        Sleeper.SYSTEM,
        ingest,
        new DeadLetterPublisher(producer, deadLetterTopic, counters),
        counters);
    // Held stations are published at their pending timeout and moved when the geocoder answers,
    // between polls (which can be a minute apart).
    ingest.startRechecks(StationIngest.DEFAULT_RECHECK_INTERVAL);
    poller.start();
    return new Ingest(resolver, producer, ingest, poller, gbfs);
  }

  /** How stations get their postcode; a bad value is a config error. */
  static PostcodeSettings postcodeSettings(Settings settings, Path stateDir) {
    try {
      return new PostcodeSettings(
          settings.get(POSTCODE_TABLE),
          settings.get(GEOCODER_ENABLED),
          settings.get(GEOCODER_URL),
          settings.get(GEOCODER_RATE),
          settings.get(GEOCODER_TIMEOUT),
          stateDir.resolve("geocode-cache"),
          settings.get(POSTCODE_PENDING_TIMEOUT),
          settings.get(GEOCODER_BACKOFF_INITIAL),
          settings.get(GEOCODER_BACKOFF_MAX));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config keys '" + GEOCODER_BACKOFF_INITIAL.name() + "' ("
          + settings.origin(GEOCODER_BACKOFF_INITIAL) + ") and '" + GEOCODER_BACKOFF_MAX.name()
          + "' ("
          + settings.origin(GEOCODER_BACKOFF_MAX) + "): " + e.getMessage());
    }
  }

  /**
   * Loads the postcode table and sets up the geocoder.
   *
   * @param tableOrigin where {@code postcodes.table} was set, for the error message
   */
  static ChainedPostcodeResolver resolver(
      PostcodeSettings postcodes, String tableOrigin, Counters counters) {
    try {
      return ChainedPostcodeResolver.create(postcodes, counters);
    } catch (PostcodeTableException e) {
      throw new ConfigException(
          "config key '" + POSTCODE_TABLE.name() + "' (" + tableOrigin + "): " + e.getMessage());
    }
  }

  @Override
  public Instant lastSuccessfulPoll() {
    return poller.status().lastSuccess();
  }

  @Override
  public java.util.List<PollRound> rounds() {
    return java.util.List.of(PollRound.of(gbfs.system(), poller.status()));
  }

  PollerStatus status() {
    return poller.status();
  }

  @Override
  public PostcodeResolution postcodes() {
    return resolver.status();
  }

  GbfsSettings settings() {
    return gbfs;
  }

  /** Stops polling and publishing; the resolver belongs to the postcodes stage, which closes it. */
  @Override
  public void close() {
    poller.close();
    ingest.close(); // after the poller: nothing publishes once the producer closes
    producer.close(Duration.ofSeconds(10));
  }
}
