package io.citypulse.app.run;

import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.FeedStatus;
import io.citypulse.dashboard.health.JobHealth;
import io.citypulse.dashboard.health.PipelineProbe;
import io.citypulse.dashboard.health.PostcodeHealth;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.GbfsPoller;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.PollerStatus;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.UnknownReason;
import io.citypulse.sources.weather.WeatherLocationStatus;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The dashboard's view of this process's pollers and Spark jobs (the health panel,
 * {@code /api/health}), and the sources' counters as Micrometer meters ({@code /metrics}). The
 * pipeline adds each poller as it starts; the dashboard may be asked before any has.
 */
final class PipelineHealth implements PipelineProbe {
  private final Counters counters;
  private final MeterRegistry registry;
  private final JobMeters jobs;
  private final Clock clock;
  private final List<Supplier<FeedHealth.Reading>> feeds = new CopyOnWriteArrayList<>();
  private final Set<String> counterMeters = ConcurrentHashMap.newKeySet();

  PipelineHealth(Counters counters, MeterRegistry registry, JobMeters jobs, Clock clock) {
    this.counters = counters;
    this.registry = registry;
    this.jobs = jobs;
    this.clock = clock;
    feedCounter("polls", "gbfs", "ok", GbfsPoller.POLLS_OK);
    feedCounter("polls", "gbfs", "failed", GbfsPoller.POLLS_FAILED);
    feedCounter("polls", "gbfs", "not_modified", GbfsPoller.NOT_MODIFIED);
    feedCounter("polls", "weather", "ok", WeatherPoller.FETCH_OK);
    feedCounter("polls", "weather", "failed", WeatherPoller.FETCH_FAILED);
    feedCounter(
        "records.published", "gbfs", null, io.citypulse.sources.publish.StationIngest.PUBLISHED);
    feedCounter("records.published", "weather", null, WeatherPoller.PUBLISHED);
    feedCounter("dead.letters", "gbfs", null, GbfsPoller.DEAD_LETTERS);
    feedCounter("dead.letters", "weather", null, WeatherPoller.DEAD_LETTERS);
  }

  /**
   * @param postcodes the resolver's snapshot: {@code postcodes} of the feed's health entry, and the
   *     {@code citypulse.postcode.stations} gauges
   */
  void addGbfs(
      GbfsSettings settings,
      Supplier<PollerStatus> status,
      Supplier<PostcodeResolution> postcodes) {
    feeds.add(() -> gbfsReading(settings, status.get(), counters, postcodes.get()));
    postcodeGauge(postcodes, "pending", "waiting_for_geocoder", PostcodeResolution::pending);
    for (Source source : List.of(Source.FEED, Source.TABLE, Source.GEOCODER)) {
      postcodeGauge(postcodes, "resolved", id(source), p -> p.resolved(source));
    }
    for (UnknownReason reason : UnknownReason.values()) {
      postcodeGauge(postcodes, "unknown", reason.id(), p -> p.unknown(reason));
    }
  }

  private void postcodeGauge(
      Supplier<PostcodeResolution> postcodes,
      String state,
      String reason,
      ToIntFunction<PostcodeResolution> count) {
    Gauge.builder("citypulse.postcode.stations", postcodes, p -> count.applyAsInt(p.get()))
        .description(
            "Current stations by postcode state (pending, resolved, unknown) and reason or source")
        .tag("state", state)
        .tag("reason", reason)
        .register(registry);
  }

  /** The JSON view of a resolver snapshot; lower-case ids as in the metrics. */
  static PostcodeHealth postcodeHealth(PostcodeResolution postcodes) {
    Map<String, Integer> bySource = new LinkedHashMap<>();
    postcodes.resolvedBySource().forEach((source, count) -> bySource.put(id(source), count));
    Map<String, Integer> byReason = new LinkedHashMap<>();
    postcodes.unknownByReason().forEach((reason, count) -> byReason.put(reason.id(), count));
    return new PostcodeHealth(
        postcodes.pending(),
        postcodes.resolved(),
        postcodes.unknown(),
        bySource,
        byReason,
        postcodes.geocoder().id(),
        postcodes.geocoderRetryAt());
  }

  private static String id(Source source) {
    return source.name().toLowerCase(java.util.Locale.ROOT);
  }

  void addWeather(Duration interval, Supplier<WeatherPollerStatus> status) {
    feeds.add(() -> weatherReading(interval, status.get(), counters));
  }

  @Override
  public List<FeedHealth> feeds() {
    Instant now = clock.instant();
    return feeds.stream().map(reading -> reading.get().at(now)).toList();
  }

  @Override
  public List<JobHealth> jobs() {
    return jobs.health();
  }

  /** Every source counter, also those named at run time (per failure kind), as {@code citypulse.source.events}. */
  @Override
  public void beforeScrape() {
    for (String name : counters.snapshot().keySet()) {
      if (counterMeters.add(name)) {
        FunctionCounter.builder("citypulse.source.events", counters, c -> c.get(name))
            .tag("event", name)
            .description("Every counter of the pollers, publishers and postcode resolution")
            .register(registry);
      }
    }
  }

  static FeedHealth.Reading gbfsReading(
      GbfsSettings settings, PollerStatus status, Counters counters, PostcodeResolution postcodes) {
    String detail = status.lastSuccess() == null
        ? "no station_status yet"
        : String.format(
            "%,d stations%s",
            status.stations(), status.version() == null ? "" : ", GBFS " + status.version());
    return new FeedHealth.Reading(
        "gbfs " + settings.system(),
        detail,
        status.running(),
        FeedStatus.failedLast(status.lastSuccess(), status.lastErrorAt()),
        status.lastSuccess(),
        status.dataUpdatedAt(),
        settings.statusInterval(status.ttlSeconds()),
        counters.get(GbfsPoller.POLLS),
        counters.get(GbfsPoller.POLLS_FAILED),
        counters.get(GbfsPoller.DEAD_LETTERS),
        status.lastErrorAt(),
        status.lastError(),
        postcodes == null ? null : postcodeHealth(postcodes));
  }

  static FeedHealth.Reading weatherReading(
      Duration interval, WeatherPollerStatus status, Counters counters) {
    List<WeatherLocationStatus> locations = status.locations();
    Instant lastSuccess = newest(locations.stream().map(WeatherLocationStatus::lastSuccess));
    Instant newestData = newest(locations.stream().map(WeatherLocationStatus::lastObservedAt));
    Instant lastErrorAt = newest(Stream.concat(
        Stream.of(status.lastErrorAt()),
        locations.stream().map(WeatherLocationStatus::lastErrorAt)));
    String lastError = status.lastErrorAt() != null && status.lastErrorAt().equals(lastErrorAt)
        ? status.lastError()
        : locations.stream()
            .filter(l -> l.lastErrorAt() != null && l.lastErrorAt().equals(lastErrorAt))
            .map(l -> l.location() + ": " + l.lastError())
            .findFirst()
            .orElse(null);
    // A location failing its last fetch, or the source paused by a rate limit, is a failing feed
    // even
    // while the other locations succeed.
    boolean failing = status.failing() > 0
        || status.pausedUntil() != null
        || (lastSuccess == null && lastErrorAt != null);
    String detail = status.stoppedBecause() != null
        ? "stopped: " + status.stoppedBecause()
        : status.locationCounts("locations ok");
    return new FeedHealth.Reading(
        "weather " + status.source(),
        detail,
        status.running() && status.stoppedBecause() == null,
        failing,
        lastSuccess,
        newestData,
        interval,
        counters.get(WeatherPoller.POLLS),
        counters.get(WeatherPoller.FETCH_FAILED),
        counters.get(WeatherPoller.DEAD_LETTERS),
        lastErrorAt,
        lastError);
  }

  private static Instant newest(Stream<Instant> times) {
    return times.filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
  }

  private void feedCounter(String name, String feed, String outcome, String counter) {
    FunctionCounter.Builder<Counters> builder = FunctionCounter.builder(
            "citypulse." + name, counters, c -> c.get(counter))
        .tag("feed", feed)
        .description("Source counter " + counter);
    if (outcome != null) {
      builder.tag("outcome", outcome);
    }
    builder.register(registry);
  }
}
