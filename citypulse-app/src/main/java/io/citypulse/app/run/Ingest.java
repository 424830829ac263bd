package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.ingest.FeedFetcher;
import io.citypulse.sources.ingest.IngestSettings;
import io.citypulse.sources.ingest.KafkaPublisher;
import io.citypulse.sources.ingest.StationFilter;
import io.citypulse.sources.ingest.StationIngest;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.postcode.PostcodeSettings;
import io.citypulse.sources.postcode.PostcodeTableException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** The GBFS side of the pipeline, wired from settings: resolver, publisher and poller. */
final class Ingest implements AutoCloseable {
  private final ChainedPostcodeResolver resolver;
  private final KafkaPublisher publisher;
  private final StationIngest poller;

  private Ingest(ChainedPostcodeResolver resolver, KafkaPublisher publisher, StationIngest poller) {
    this.resolver = resolver;
    this.publisher = publisher;
    this.poller = poller;
  }

  static Ingest start(Settings settings, URI feedUrl, String bootstrapServers, Path stateDir,
      Counters counters) {
    StationFilter stations;
    try {
      stations = StationFilter.parse(settings.get(STATIONS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key '" + STATIONS.name() + "' (" + settings.origin(STATIONS)
          + "): " + e.getMessage());
    }
    ChainedPostcodeResolver resolver = createResolver(settings, stateDir, counters);
    Clock clock = Clock.systemUTC();
    KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, settings.get(STATIONS_TOPIC),
        settings.get(DEAD_LETTER_TOPIC), counters, clock);
    IngestSettings ingestSettings = new IngestSettings(feedUrl, settings.get(GBFS_SYSTEM), stations,
        settings.get(LANGUAGE), settings.get(MIN_INTERVAL), settings.get(MAX_INTERVAL),
        settings.get(HTTP_TIMEOUT), settings.get(BACKOFF_INITIAL), settings.get(BACKOFF_MAX));
    StationIngest poller = new StationIngest(ingestSettings,
        new FeedFetcher(settings.get(HTTP_TIMEOUT), clock), resolver, publisher, counters, clock);
    poller.start();
    return new Ingest(resolver, publisher, poller);
  }

  private static ChainedPostcodeResolver createResolver(Settings settings, Path stateDir,
      Counters counters) {
    PostcodeSettings postcodes = new PostcodeSettings(settings.get(POSTCODE_TABLE),
        settings.get(GEOCODER_ENABLED), settings.get(GEOCODER_URL), settings.get(GEOCODER_RATE),
        settings.get(GEOCODER_TIMEOUT), stateDir.resolve("geocode-cache"));
    try {
      return ChainedPostcodeResolver.create(postcodes, counters);
    } catch (PostcodeTableException e) {
      throw new ConfigException("config key '" + POSTCODE_TABLE.name() + "' ("
          + settings.origin(POSTCODE_TABLE) + "): " + e.getMessage());
    }
  }

  Instant lastSuccessfulPoll() {
    return poller.lastSuccessfulPoll();
  }

  @Override
  public void close() {
    poller.close();
    publisher.close();
    resolver.close();
  }
}
