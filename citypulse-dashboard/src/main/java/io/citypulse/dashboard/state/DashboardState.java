package io.citypulse.dashboard.state;

import io.citypulse.dashboard.view.StationIndex;
import io.citypulse.dashboard.view.ViewContent;
import io.citypulse.dashboard.view.Viewport;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the dashboard knows: the latest station, postcode and weather state and station forecast
 * per key, folded from the topics, with bounded sparkline series per postcode and location. Pure and thread-safe: the
 * feed thread applies records while web threads read snapshots.
 *
 * <p>The series can also be seeded from stored history ({@link #seedPostcodeSeries},
 * {@link #seedWeatherSeries}), before, during or after the feed applies records: a series holds
 * one point per instant, ordered by time, the newest {@link #seriesPoints()}. Seeding never creates
 * a latest state (the lists and the map show only what the topics say), but a seeded series is
 * in {@link #snapshot()} even for a key the topics have not (yet) delivered: it is the key's
 * series as far as the dashboard knows it, and the topic record usually follows within seconds.
 */
public final class DashboardState {
  /** 360 points: six hours of one-minute postcode updates, enough for a sparkline. */
  public static final int DEFAULT_SERIES_POINTS = 360;

  private final Clock clock;
  private final LatestStore<StationRecord, Void> stations;
  private final LatestStore<PostcodeAvailability, PostcodePoint> postcodes;
  private final LatestStore<WeatherFeatures, WeatherPoint> weather;
  /** Each station's latest forecast, kept whether or not its station is held yet. */
  private final LatestStore<StationForecastRecord, Void> forecasts =
      new LatestStore<>(StationForecastRecord::time, null, null, 1);

  private final int seriesPoints;
  /** Where the stations are, for views of the map and per-system totals. */
  private final StationIndex index;

  private final AtomicReference<SeriesOrigin> seriesOrigin =
      new AtomicReference<>(SeriesOrigin.topics());

  /** The alerts panel's records (issue 20), from the alerts topic when the feed reads it. */
  private final AlertBoard alerts = new AlertBoard();

  public DashboardState(Clock clock, int seriesPoints) {
    this(clock, seriesPoints, StationIndex.DEFAULT_MAX_STATIONS);
  }

  /**
   * @param maxStationsInView a map view holding more stations than this gets clusters instead
   */
  public DashboardState(Clock clock, int seriesPoints, int maxStationsInView) {
    if (seriesPoints < 1) {
      throw new IllegalArgumentException("seriesPoints must be at least 1, got " + seriesPoints);
    }
    this.clock = clock;
    this.seriesPoints = seriesPoints;
    this.index = new StationIndex(maxStationsInView);
    this.stations = new LatestStore<>(StationRecord::lastReported, null, null, seriesPoints);
    // A catalogue-wide run's areas (system:area, tens of thousands with H3 cells) keep their
    // latest state only: a series of each would hold millions of points.
    this.postcodes = new LatestStore<>(
        PostcodeAvailability::updatedAt,
        a -> a.system() == null ? PostcodePoint.of(a) : null,
        PostcodePoint::at,
        seriesPoints);
    this.weather = new LatestStore<>(
        WeatherFeatures::observedAt, WeatherPoint::of, WeatherPoint::at, seriesPoints);
  }

  public DashboardState(Clock clock) {
    this(clock, DEFAULT_SERIES_POINTS);
  }

  /** Open alerts and their recent history ({@code /api/alerts}). */
  public AlertBoard alerts() {
    return alerts;
  }

  /**
   * Applies a station state keyed {@code system:station_code}; empty when older than the held one.
   *
   * @throws IllegalArgumentException when a key field is missing (the feed counts it as unreadable)
   */
  public Optional<Change> apply(StationRecord record) {
    requireKey(record.system(), "system");
    requireKey(record.stationCode(), "station_code");
    String key = record.key();
    boolean kept = stations.apply(key, record);
    if (kept) {
      // The held record, not this one: a concurrent apply of the same key may have won.
      stations.get(key).ifPresent(latest -> index.put(key, latest));
    }
    return changed(Kind.STATION, key, kept);
  }

  /**
   * Applies a postcode's availability; empty when older than the held one. Keyed as on its topic
   * ({@link PostcodeAvailability#key()}): the postcode, or {@code system:area} when several
   * systems run, so two systems' areas of one name stay apart.
   */
  public Optional<Change> apply(PostcodeAvailability availability) {
    requireKey(availability.postcode(), "postcode");
    String key = availability.key();
    return changed(Kind.POSTCODE, key, postcodes.apply(key, availability));
  }

  /**
   * Applies a location's weather; empty when older than the held one. Keyed as on its topic
   * ({@link WeatherFeatures#key()}, {@code source:location}), so two sources of one place stay
   * apart.
   */
  public Optional<Change> apply(WeatherFeatures features) {
    requireKey(features.location(), "location");
    String key = features.key();
    return changed(Kind.WEATHER, key, weather.apply(key, features));
  }

  /**
   * Keeps a station's forecast, keyed {@code system:station_code} as the station; empty when
   * older than the held forecast. A forecast of a station not (yet) held is kept for when it
   * arrives, and is no change: there is no station to show it on.
   *
   * @return a change of the station (forecasts are shown as part of their station)
   * @throws IllegalArgumentException when a key field is missing (the feed counts it as unreadable)
   */
  public Optional<Change> apply(StationForecastRecord forecast) {
    requireKey(forecast.system(), "system");
    requireKey(forecast.stationCode(), "station_code");
    String key = forecast.key();
    boolean kept = forecasts.apply(key, forecast);
    return changed(Kind.STATION, key, kept && stations.get(key).isPresent());
  }

  /** Counts a record of {@code kind} that could not be read (the reader logs why). */
  public void countUnreadable(Kind kind) {
    switch (kind) {
      case STATION -> stations.countUnreadable();
      case POSTCODE -> postcodes.countUnreadable();
      case WEATHER -> weather.countUnreadable();
      case FORECAST -> forecasts.countUnreadable();
    }
  }

  public List<StationView> stations() {
    return stations.sorted().stream()
        .map(e -> stationView(e.getKey(), e.getValue()))
        .toList();
  }

  /** Every area held: the postcodes of a one-system run, or every system's areas. */
  public List<PostcodeView> postcodes() {
    return postcodes.sorted().stream()
        .map(e -> PostcodeView.of(e.getValue(), clock))
        .toList();
  }

  /**
   * The areas of one system of a catalogue-wide run ({@code system} named), or those of a
   * one-system run, whose records name no system ({@code system} null): what the page's table
   * shows.
   */
  public List<PostcodeView> postcodes(String system) {
    return postcodes.sorted().stream()
        .filter(e -> Objects.equals(e.getValue().system(), system))
        .map(e -> PostcodeView.of(e.getValue(), clock))
        .toList();
  }

  public List<WeatherView> weather() {
    return weather.sorted().stream()
        .map(e -> WeatherView.of(e.getValue(), clock))
        .toList();
  }

  /** Stations held, placed on the map or not. */
  public int stationCount() {
    return index.size();
  }

  /** The stations of a map view when they are few, else its clusters (see {@link StationIndex}). */
  public StationsInView stationsInView(Viewport view) {
    ViewContent content = index.query(view);
    List<StationView> shown = content.clustered()
        ? List.of()
        : content.stationKeys().stream()
            .map(this::station)
            .flatMap(Optional::stream)
            .toList();
    return StationsInView.of(view, content, shown);
  }

  /** Every system's totals, and all systems together. */
  public SystemsView systems() {
    return new SystemsView(index.totals(), index.systems());
  }

  /**
   * The totals of these systems (those held) and of all systems together, without their boxes
   * (null): for live updates, cheap at any scale.
   */
  public SystemsView systemsWithoutBounds(Collection<String> names) {
    return new SystemsView(index.totals(false), index.systemsWithoutBounds(names));
  }

  /** Where a station is, for the live updates of map views. */
  public Optional<StationIndex.Placement> placement(String key) {
    return index.placement(key);
  }

  public Optional<StationView> station(String key) {
    return stations.get(key).map(r -> stationView(key, r));
  }

  private StationView stationView(String key, StationRecord record) {
    return StationView.of(record, forecasts.get(key).orElse(null), clock);
  }

  public Optional<PostcodeView> postcode(String postcode) {
    return postcodes.get(postcode).map(a -> PostcodeView.of(a, clock));
  }

  public Optional<WeatherView> weather(String location) {
    return weather.get(location).map(w -> WeatherView.of(w, clock));
  }

  /** The current view of a changed key (empty if it is not held). */
  public Optional<Object> view(Change change) {
    return switch (change.kind()) {
      case STATION -> station(change.key()).map(Object.class::cast);
      case POSTCODE -> postcode(change.key()).map(Object.class::cast);
      case WEATHER -> weather(change.key()).map(Object.class::cast);
      case FORECAST -> station(change.key()).map(Object.class::cast);
    };
  }

  public List<PostcodePoint> postcodeSeries(String postcode) {
    return postcodes.series(postcode);
  }

  /** @param key {@code source:location} */
  public List<WeatherPoint> weatherSeries(String key) {
    return weather.series(key);
  }

  /**
   * Merges stored points into the postcodes' series (see the class comment); keys with no
   * latest state get a series but no latest entry.
   *
   * @return how many of the points are in the series afterwards: not those at an instant already
   *     held (the topic's point stays) nor those older than the newest {@link #seriesPoints()}
   * @throws IllegalArgumentException when a postcode is missing or blank
   */
  public int seedPostcodeSeries(Map<String, ? extends Collection<PostcodePoint>> pointsByPostcode) {
    return seed(postcodes, pointsByPostcode, "postcode");
  }

  /** As {@link #seedPostcodeSeries}, for weather locations keyed {@code source:location}. */
  public int seedWeatherSeries(Map<String, ? extends Collection<WeatherPoint>> pointsByKey) {
    return seed(weather, pointsByKey, "location");
  }

  /** The bound of every series: the newest this many points are kept. */
  public int seriesPoints() {
    return seriesPoints;
  }

  /** Where the series come from; {@link SeriesOrigin#topics()} until a history loader says otherwise. */
  public SeriesOrigin seriesOrigin() {
    return seriesOrigin.get();
  }

  /** Set by whoever seeds the series (the app's history loader). */
  public void seriesOrigin(SeriesOrigin origin) {
    seriesOrigin.set(Objects.requireNonNull(origin, "origin"));
  }

  /** Per stream ({@link Kind#eventName()}, in {@link Kind} order): keys, applied, stale, unreadable. */
  public Map<String, KindStats> stats() {
    Map<String, KindStats> stats = new LinkedHashMap<>();
    stats.put(Kind.STATION.eventName(), stations.stats());
    stats.put(Kind.POSTCODE.eventName(), postcodes.stats());
    stats.put(Kind.WEATHER.eventName(), weather.stats());
    stats.put(Kind.FORECAST.eventName(), forecasts.stats());
    return stats;
  }

  public Snapshot snapshot() {
    return snapshot(true);
  }

  /**
   * @param withStations false for a page that asks for its map view's stations itself ({@link
   *     #stationsInView}): a world of stations is too much to send at once
   */
  public Snapshot snapshot(boolean withStations) {
    return new Snapshot(
        clock.instant(),
        withStations ? stations() : List.of(),
        // A catalogue-wide run's areas are asked per system (/api/postcodes?system=).
        postcodes(null),
        weather(),
        postcodes.allSeries(),
        weather.allSeries(),
        stats());
  }

  public Clock clock() {
    return clock;
  }

  private static <P> int seed(
      LatestStore<?, P> store, Map<String, ? extends Collection<P>> pointsByKey, String field) {
    pointsByKey.keySet().forEach(key -> requireKey(key, field));
    int kept = 0;
    for (Map.Entry<String, ? extends Collection<P>> entry : pointsByKey.entrySet()) {
      kept += store.seed(entry.getKey(), entry.getValue());
    }
    return kept;
  }

  private static void requireKey(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "record without " + field + ": it has no key to be shown under");
    }
  }

  private static Optional<Change> changed(Kind kind, String key, boolean kept) {
    return kept ? Optional.of(new Change(kind, key)) : Optional.empty();
  }
}
