package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.ALERTS_ENABLED;
import static io.citypulse.app.config.CitypulseConfig.ALERTS_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.AVAILABILITY_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.DASHBOARD_HOST;
import static io.citypulse.app.config.CitypulseConfig.DASHBOARD_PORT;
import static io.citypulse.app.config.CitypulseConfig.DASHBOARD_TILE_URL;
import static io.citypulse.app.config.CitypulseConfig.DEAD_LETTER_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.FORECASTS_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.HEALTH_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.STATIONS_TOPIC;
import static io.citypulse.app.config.CitypulseConfig.STATUS_INTERVAL;
import static io.citypulse.app.config.CitypulseConfig.WEATHER_FEATURES_TOPIC;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.Settings;
import io.citypulse.dashboard.feed.FeedTopics;
import io.citypulse.dashboard.feed.ReaderPosition;
import io.citypulse.dashboard.feed.TopicFeed;
import io.citypulse.dashboard.health.PipelineProbe;
import io.citypulse.dashboard.health.ReportedPipelines;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.web.DashboardServer;
import io.citypulse.dashboard.web.ServerSettings;
import io.citypulse.storage.JdbcTarget;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The live dashboard of a pipeline (or of {@code citypulse dashboard}): a web server over the
 * state that a consumer of the three result topics keeps up to date.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardServer server;
  private final TopicFeed feed;
  private final String host;

  private Dashboard(DashboardServer server, TopicFeed feed, String host) {
    this.server = server;
    this.feed = feed;
    this.host = host;
  }

  /**
   * The dashboard alone over a broker's topics ({@code citypulse dashboard}): no pipeline in this
   * process; charts seeded from {@code history} when not null.
   */
  public static Dashboard start(
      Settings settings, String bootstrapServers, Supplier<JdbcTarget> history) {
    // Reports come every status.interval: three missed ones and the pipeline is taken as gone.
    Duration interval = settings.get(STATUS_INTERVAL);
    ReportedPipelines reported = new ReportedPipelines(
        Clock.systemUTC(),
        interval.multipliedBy(3).compareTo(MIN_REPORT_AGE) < 0
            ? MIN_REPORT_AGE
            : interval.multipliedBy(3));
    return start(settings, bootstrapServers, reported, newRegistry(), history);
  }

  private static final Duration MIN_REPORT_AGE = Duration.ofSeconds(15);

  /** A registry with the JVM's meters (memory, GC, threads, CPU) bound. */
  static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * Starts the server, then the feed; a taken port is a user-facing error naming the flag.
   *
   * @param pipeline this process's pollers and jobs, for the health panel
   * @param registry served at {@code /metrics}, shared with the pipeline's meters
   * @param history the PostgreSQL whose history seeds the charts in the background, or null
   */
  static Dashboard start(
      Settings settings,
      String bootstrapServers,
      PipelineProbe pipeline,
      PrometheusMeterRegistry registry,
      Supplier<JdbcTarget> history) {
    DashboardState state =
        new DashboardState(Clock.systemUTC(), DashboardState.DEFAULT_SERIES_POINTS);
    ReaderPosition reader = new ReaderPosition();
    String host = settings.get(DASHBOARD_HOST);
    int port = settings.get(DASHBOARD_PORT);
    ServerSettings serverSettings;
    try {
      serverSettings =
          new ServerSettings(host, port, settings.get(DASHBOARD_TILE_URL).trim());
    } catch (IllegalArgumentException e) {
      throw new io.citypulse.app.config.ConfigException("dashboard: " + e.getMessage());
    }
    DashboardServer server = new DashboardServer(state, registry, serverSettings, pipeline, reader);
    try {
      server.start();
    } catch (RuntimeException e) {
      server.close();
      throw new UserFacingException(
          "cannot serve the dashboard on " + host + ":" + port + " (" + rootMessage(e)
              + "): pick another port with --dashboard-port, or --no-dashboard",
          e);
    }
    TopicFeed feed = new TopicFeed(
        TopicFeed.consumerConfig(bootstrapServers),
        new FeedTopics(
            settings.get(STATIONS_TOPIC),
            settings.get(AVAILABILITY_TOPIC),
            settings.get(WEATHER_FEATURES_TOPIC),
            settings.get(FORECASTS_TOPIC)),
        settings.get(DEAD_LETTER_TOPIC),
        reader,
        state,
        server::onChange);
    if (pipeline instanceof ReportedPipelines reported) {
      feed.withHealthReports(settings.get(HEALTH_TOPIC), reported);
    }
    if (settings.get(ALERTS_ENABLED)) {
      feed.withAlerts(settings.get(ALERTS_TOPIC));
    }
    feed.start();
    // Pages opened before the history was loaded get it in a fresh snapshot.
    HistorySeed.start(history, state).done().thenRun(server::resendSnapshot);
    return new Dashboard(server, feed, host);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  public int port() {
    return server.port();
  }

  /** The address to open in a browser. */
  public String url() {
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return "http://" + shown + ":" + port() + "/";
  }

  @Override
  public void close() {
    feed.close();
    server.close();
  }
}
