package io.citypulse.app.run;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.PostcodePoint;
import io.citypulse.dashboard.state.SeriesOrigin;
import io.citypulse.dashboard.state.WeatherPoint;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.history.RecentSeries;
import io.citypulse.storage.history.RecentSeriesReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the dashboard's sparklines from the PostgreSQL history, on a background thread: the
 * postcode topic is compacted, so after a restart the topics alone give a nearly empty chart.
 * The dashboard never waits for it; if the database cannot be read, one WARN says so and the
 * charts keep what the topics deliver. {@link DashboardState#seriesOrigin()} tells the page which.
 */
public final class HistorySeed {
  /** Six hours: {@link DashboardState#DEFAULT_SERIES_POINTS} one-minute postcode updates. */
  public static final Duration WINDOW = Duration.ofHours(6);

  private static final Logger LOG = LoggerFactory.getLogger(HistorySeed.class);

  private final CompletableFuture<SeriesOrigin> done;

  private HistorySeed(CompletableFuture<SeriesOrigin> done) {
    this.done = done;
  }

  /**
   * Starts seeding {@code state} and returns at once.
   *
   * @param history the database to read, asked for on the background thread (so it may wait for a
   *     server still starting); null, or a supplier giving null, means no history store: the
   *     series stay topic-only and the origin {@link SeriesOrigin#topics()}
   */
  public static HistorySeed start(Supplier<JdbcTarget> history, DashboardState state) {
    if (history == null) {
      state.seriesOrigin(SeriesOrigin.topics());
      return new HistorySeed(CompletableFuture.completedFuture(state.seriesOrigin()));
    }
    Instant from = state.clock().instant().minus(WINDOW);
    state.seriesOrigin(SeriesOrigin.loading(null, from));
    CompletableFuture<SeriesOrigin> done = new CompletableFuture<>();
    Thread loader =
        new Thread(() -> done.complete(load(history, state, from)), "citypulse-dashboard-history");
    loader.setDaemon(true); // a slow server must not keep the JVM alive at exit
    loader.start();
    return new HistorySeed(done);
  }

  /**
   * The history store the settings name ({@code storage.postgres.jdbc-url}, user, password), for
   * {@code citypulse dashboard}; null when no URL is set.
   *
   * @throws ConfigException when the URL is not a PostgreSQL JDBC URL
   */
  public static Supplier<JdbcTarget> configured(Settings settings) {
    return PostgresAccess.external(settings)
        .<Supplier<JdbcTarget>>map(target -> () -> target)
        .orElse(null);
  }

  /** Where the series come from now: loading until {@link #done()}, then the outcome. */
  public CompletableFuture<SeriesOrigin> done() {
    return done;
  }

  /** What the background thread runs; never throws: the outcome is the returned origin. */
  static SeriesOrigin load(Supplier<JdbcTarget> history, DashboardState state, Instant from) {
    String server = null;
    try {
      JdbcTarget target = history.get();
      if (target == null) {
        state.seriesOrigin(SeriesOrigin.topics());
        return state.seriesOrigin();
      }
      RecentSeriesReader reader = new RecentSeriesReader(target);
      server = reader.server();
      state.seriesOrigin(SeriesOrigin.loading(server, from));
      RecentSeries recent = reader.read(from, state.seriesPoints());
      int postcodePoints = state.seedPostcodeSeries(group(
          recent.postcodes(),
          RecentSeries.PostcodeRow::postcode,
          r -> new PostcodePoint(
              r.at(), r.bikesAvailable(), r.mechanical(), r.ebike(), r.docksAvailable())));
      int weatherPoints = state.seedWeatherSeries(group(
          recent.weather(),
          RecentSeries.WeatherRow::key,
          r -> new WeatherPoint(
              r.at(), r.temperatureC(), r.humidityPct(), r.windSpeedMs(), r.precipitationMm())));
      SeriesOrigin origin = SeriesOrigin.history(server, from, postcodePoints, weatherPoints);
      state.seriesOrigin(origin);
      // Fewer points than rows: instants the topics had already delivered, or beyond the bound.
      LOG.info(
          "Dashboard charts seeded from PostgreSQL at {}: {} postcode point(s) of {} stored, {} weather"
              + " point(s) of {} stored, since {}",
          server,
          postcodePoints,
          recent.postcodes().size(),
          weatherPoints,
          recent.weather().size(),
          from);
      return origin;
    } catch (RuntimeException e) {
      // The message names the server as host:port/database, never a password (RecentSeriesReader).
      LOG.warn(
          "Dashboard charts show only what the topics deliver from now on: {}",
          e.getMessage() != null ? e.getMessage() : e.toString());
      LOG.debug("History seeding failed", e);
      SeriesOrigin origin = SeriesOrigin.unavailable(server, from);
      state.seriesOrigin(origin);
      return origin;
    }
  }

  /**
   * Rows by key, in read order. A row without a key cannot belong to any chart (the tables do not
   * allow one; the topics' records without a key are refused too): counted in the WARN, not seeded.
   */
  private static <R, P> Map<String, List<P>> group(
      List<R> rows, Function<R, String> keyOf, Function<R, P> pointOf) {
    Map<String, List<P>> byKey = new LinkedHashMap<>();
    int keyless = 0;
    for (R row : rows) {
      String key = keyOf.apply(row);
      if (key == null || key.isBlank()) {
        keyless++;
        continue;
      }
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(pointOf.apply(row));
    }
    if (keyless > 0) {
      LOG.warn("Dashboard charts skip {} stored row(s) without a key", keyless);
    }
    return byKey;
  }
}
