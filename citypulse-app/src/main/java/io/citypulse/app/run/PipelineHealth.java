package io.citypulse.app.run;

import io.citypulse.dashboard.health.ClusterHealth;
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
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemsSummary;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.UnknownReason;
import io.citypulse.sources.weather.WeatherLocationStatus;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  private final List<Supplier<List<FeedHealth.Reading>>> feeds = new CopyOnWriteArrayList<>();
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
  private final Set<String> counterMeters = ConcurrentHashMap.newKeySet();
  private volatile Supplier<ClusterHealth> cluster = () -> null;

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
    feeds.add(() -> List.of(gbfsReading(settings, status.get(), counters, postcodes.get())));
    postcodeGauges(postcodes);
  }

  private void postcodeGauges(Supplier<PostcodeResolution> postcodes) {
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

  /** @param sourceCounters the counters of this source alone (several sources run at once) */
  void addWeather(
      Duration interval, Supplier<WeatherPollerStatus> status, Counters sourceCounters) {
    feeds.add(() -> List.of(weatherReading(interval, status.get(), sourceCounters)));
  }

  /**
   * A catalogue-wide run: one health row for all its systems and one per failing system among the
   * worst few; gauges of systems by state; and per-system gauges for the worst few only
   * ({@code system} tag), so that {@code /metrics} does not grow with the catalogue.
   */
  void addSystems(SystemsIngest ingest) {
    SystemsSelection selection = ingest.selection();
    Duration interval = selection.polled().get(0).settings().maxInterval();
    int needCredentials = selection.selection().needsAuthentication().size();
    feeds.add(() ->
        systemsReadings(ingest.summary(), needCredentials, interval, counters, ingest.postcodes()));
    postcodeGauges(ingest::postcodes);
    for (SystemReport.State state : SystemReport.State.values()) {
      Gauge.builder("citypulse.gbfs.systems", ingest, i -> i.summary().count(state))
          .description("Systems of the catalogue-wide run by state; set aside at start:"
              + " needs_authentication, unusable_row")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(
            "citypulse.gbfs.systems",
            selection,
            s -> s.selection().needsAuthentication().size())
        .tag("state", "needs_authentication")
        .register(registry);
    Gauge.builder(
            "citypulse.gbfs.systems", selection, s -> s.catalogue().unusable().size())
        .tag("state", "unusable_row")
        .register(registry);
    MultiGauge failuresInARow = MultiGauge.builder("citypulse.gbfs.system.failures.in.a.row")
        .description("Failed polls since the last success, of the worst few systems")
        .register(registry);
    MultiGauge lastPoll = MultiGauge.builder("citypulse.gbfs.system.last.poll")
        .description("How long the last poll of the worst few systems took")
        .baseUnit("seconds")
        .register(registry);
    MultiGauge stations = MultiGauge.builder("citypulse.gbfs.system.stations")
        .description("Stations in the last station_status of the worst few systems")
        .register(registry);
    beforeScrape.add(() -> {
      List<SystemReport> worst = ingest.summary().worst();
      failuresInARow.register(rows(worst, r -> r.failuresInARow()), true);
      lastPoll.register(
          rows(worst, r -> r.lastPollTook() == null ? 0 : r.lastPollTook().toMillis() / 1000.0),
          true);
      stations.register(rows(worst, r -> r.stations()), true);
    });
  }

  private static List<MultiGauge.Row<?>> rows(
      List<SystemReport> reports, java.util.function.ToDoubleFunction<SystemReport> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (SystemReport report : reports) {
      double v = value.applyAsDouble(report);
      rows.add(MultiGauge.Row.of(Tags.of("system", report.systemId()), v));
    }
    return rows;
  }

  /**
   * The health rows of a catalogue-wide run: first all systems together, failing only when none
   * answers (one failing system among hundreds is its own row, not the run's state); then each
   * failing system among the worst few, with its reason.
   */
  static List<FeedHealth.Reading> systemsReadings(
      SystemsSummary summary,
      int needCredentials,
      Duration interval,
      Counters counters,
      PostcodeResolution postcodes) {
    int ok = summary.count(SystemReport.State.OK);
    int failing = summary.count(SystemReport.State.FAILING);
    int skipped = summary.count(SystemReport.State.SKIPPED);
    String detail = String.format(
        "%d/%d systems ok, %d failing, %d without stations, %d waiting; %d skipped (credentials);"
            + " %,d stations",
        ok,
        summary.systems(),
        failing,
        skipped,
        summary.count(SystemReport.State.WAITING),
        needCredentials,
        summary.stations());
    SystemReport worst = summary.worstFailing();
    List<FeedHealth.Reading> readings = new ArrayList<>();
    Instant lastSuccess = summary.lastSuccess();
    readings.add(new FeedHealth.Reading(
        "gbfs " + summary.systems() + " systems",
        detail,
        true,
        ok == 0 && failing > 0,
        lastSuccess,
        null,
        interval,
        counters.get(GbfsPoller.POLLS),
        counters.get(GbfsPoller.POLLS_FAILED),
        counters.get(GbfsPoller.DEAD_LETTERS),
        null,
        worst == null ? null : worst.systemId() + ": " + worst.reason(),
        postcodes == null ? null : postcodeHealth(postcodes)));
    for (SystemReport report : summary.worst()) {
      if (report.state() != SystemReport.State.FAILING) {
        continue;
      }
      readings.add(new FeedHealth.Reading(
          "gbfs " + report.systemId(),
          report.failuresInARow() + " failed polls in a row",
          true,
          true,
          report.lastSuccess(),
          null,
          interval,
          report.polls(),
          report.failures(),
          0,
          null,
          report.reason()));
    }
    return readings;
  }

  @Override
  public List<FeedHealth> feeds() {
    Instant now = clock.instant();
    return feeds.stream()
        .flatMap(readings -> readings.get().stream())
        .map(reading -> reading.at(now))
        .toList();
  }

  @Override
  public List<JobHealth> jobs() {
    return jobs.health();
  }

  /** Where {@link #cluster()} reads the cluster's brokers and executors (a run on a cluster). */
  void cluster(Supplier<ClusterHealth> watch) {
    cluster = watch;
  }

  @Override
  public ClusterHealth cluster() {
    return cluster.get();
  }

  /** Every source counter, also those named at run time (per failure kind), as {@code citypulse.source.events}. */
  @Override
  public void beforeScrape() {
    beforeScrape.forEach(Runnable::run);
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
