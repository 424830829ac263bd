package io.citypulse.dashboard.web;

import io.citypulse.dashboard.feed.ReaderPosition;
import io.citypulse.dashboard.health.ClusterHealth;
import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.JobHealth;
import io.citypulse.dashboard.health.PipelineProbe;
import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.view.Viewport;
import io.citypulse.model.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server (Javalin 7): JSON REST ({@code /api/stations} with or without a map
 * view, {@code /api/systems}, {@code /api/postcodes},
 * {@code /api/weather}, {@code /api/health}, {@code /api/alerts}, {@code /api/config}), the page at {@code /} with its
 * WebJars, live updates as server-sent events ({@code /api/events}) and Prometheus metrics
 * ({@code /metrics}). Built without being started:
 * the caller starts it ({@link #start()}) and passes {@link #onChange} to the feed.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  /** At most one event per key per interval; also the worst added latency of an update. */
  public static final Duration COALESCE_INTERVAL = Duration.ofMillis(250);

  /**
   * Above this many stations, {@code /api/stations} without a view is refused: 20,000 stations
   * are about 10 MB of JSON, and a world of them (300,000) would be 150 MB per request.
   */
  static final int MAX_STATIONS_AT_ONCE = 20_000;

  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final DashboardState state;
  private final ServerSettings settings;
  private final PipelineProbe pipeline;
  private final ReaderPosition reader;
  private final ChangeCoalescer pending = new ChangeCoalescer();
  private final AtomicLong flushes = new AtomicLong();
  private final SseHub hub;
  private final Javalin app;
  private ScheduledExecutorService scheduler;
  private final long createdAt = System.nanoTime();

  /** A server over the topics only: no pipeline in this process, reader position unmeasured. */
  public DashboardServer(
      DashboardState state, PrometheusMeterRegistry registry, ServerSettings settings) {
    this(state, registry, settings, PipelineProbe.NONE, new ReaderPosition());
  }

  /**
   * @param pipeline the pollers and jobs of this process, for {@code /api/health}
   * @param reader the feed's lag and dead-letter count, for {@code /api/health} and {@code /metrics}
   */
  public DashboardServer(
      DashboardState state,
      PrometheusMeterRegistry registry,
      ServerSettings settings,
      PipelineProbe pipeline,
      ReaderPosition reader) {
    this.state = state;
    this.settings = settings;
    this.pipeline = pipeline;
    this.reader = reader;
    this.hub = new SseHub(state, registry);
    DashboardMetrics.bind(state, reader, registry);
    String policy = SecurityHeaders.contentSecurityPolicy(settings.tileUrl());
    this.app = Javalin.create(config -> {
      config.jetty.host = settings.host();
      config.jetty.port = settings.port();
      config.startup.showJavalinBanner = false;
      // Every response, matched or not (404s too), carries the CSP and the other headers.
      config.routes.before(ctx -> SecurityHeaders.apply(ctx, policy));
      Map<String, Handler> gets = new LinkedHashMap<>();
      // The page (index.html, app.js, app.css, favicon.svg) and Leaflet and uPlot from their
      // WebJars at /webjars/<name>/<version>/..., all from the classpath: no CDN at runtime.
      gets.put("/", ctx -> ClasspathAssets.page(ctx, "index.html"));
      for (String page : ClasspathAssets.PAGES) {
        gets.put("/" + page, ctx -> ClasspathAssets.page(ctx, page));
      }
      gets.put("/webjars/<path>", ClasspathAssets::webjar);
      gets.put("/api/config", ctx -> json(ctx, () -> new PageConfig(settings.tileUrl())));
      gets.put("/api/stations", this::stations);
      gets.put("/api/systems", ctx -> json(ctx, state::systems));
      gets.put("/api/postcodes", this::postcodes);
      gets.put("/api/weather", ctx -> json(ctx, state::weather));
      gets.put("/api/health", ctx -> json(ctx, this::health));
      gets.put("/api/alerts", ctx -> json(ctx, () -> AlertsView.of(state.alerts())));
      gets.put("/metrics", ctx -> {
        pipeline.beforeScrape();
        ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(registry.scrape());
      });
      gets.forEach((path, handler) -> {
        config.routes.get(path, handler);
        // HEAD answers like GET (status, Content-Type, Content-Length), without the body: Javalin
        // maps no HEAD to a GET route (it answered 200, text/plain, empty), and Jetty drops the
        // body of a response to HEAD.
        config.routes.head(path, handler);
      });
      config.routes.sse("/api/events", hub::connect);
      // One fixed body for GET and HEAD alike (Javalin's own names the method and echoes the path).
      config.routes.error(
          404, ctx -> ctx.contentType("text/plain; charset=utf-8").result("Not found"));
    });
  }

  /** Binds the port and starts sending coalesced changes. */
  public synchronized DashboardServer start() {
    if (scheduler != null) {
      throw new IllegalStateException("DashboardServer already started");
    }
    app.start();
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dashboard-sse");
      thread.setDaemon(true);
      return thread;
    });
    // Fixed delay, not rate: a slow flush never leads to two flushes less than the interval apart.
    scheduler.scheduleWithFixedDelay(
        () -> {
          guarded("flush", () -> hub.flush(pending.drain()));
          flushes.incrementAndGet();
        },
        COALESCE_INTERVAL.toMillis(),
        COALESCE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        () -> guarded("heartbeat", hub::heartbeat),
        HEARTBEAT_INTERVAL.toMillis(),
        HEARTBEAT_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info(
        "Dashboard on http://{}:{}/ (set up in {} ms)",
        settings.host(),
        port(),
        (System.nanoTime() - createdAt) / 1_000_000);
    return this;
  }

  /** The bound port (the real one when the settings asked for port 0). */
  public int port() {
    return app.port();
  }

  /**
   * Flushes done so far. Flushes run one after another: a change offered before this returned n
   * went out (or was dropped, with no client) by the time it returns n + 2. For tests.
   */
  long flushCount() {
    return flushes.get();
  }

  /** The feed's listener: the key is sent to the browsers with the next flush. Thread-safe. */
  public void onChange(Change change) {
    pending.offer(change);
  }

  /**
   * Sends open pages a full snapshot again, e.g. once the charts were seeded from the history
   * store: the per-key events carry no series. Thread-safe.
   */
  public void resendSnapshot() {
    hub.resendSnapshot();
  }

  Health health() {
    List<FeedHealth> feeds = pipeline.feeds();
    List<JobHealth> jobs = pipeline.jobs();
    ClusterHealth cluster = pipeline.cluster();
    return new Health(
        Health.overall(feeds, jobs, cluster),
        state.clock().instant(),
        pipeline.attached(),
        feeds,
        jobs,
        reader.deadLetters(),
        state.stats(),
        reader.lagByStream(),
        hub.clientCount(),
        state.seriesOrigin(),
        cluster);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    hub.closeAll();
    app.stop();
  }

  /**
   * {@code /api/stations}: every station (a small network, as before views existed); {@code
   * ?bbox=west,south,east,north&zoom=Z[&system=ID][&client=ID]}: a map view's stations or
   * clusters ({@link StationsInView}), and the updates of that view for the page's event stream
   * named {@code client}; {@code ?key=SYSTEM:CODE}: that station alone (a list of zero or one).
   */
  /**
   * Every area, or with {@code ?system=ID} one system's areas of a catalogue-wide run (the page's
   * table: the run's snapshot holds none of them).
   */
  private void postcodes(Context ctx) {
    String system = ctx.queryParam("system");
    json(ctx, () -> system == null ? state.postcodes() : state.postcodes(system));
  }

  private void stations(Context ctx) {
    String key = ctx.queryParam("key");
    String bbox = ctx.queryParam("bbox");
    String zoom = ctx.queryParam("zoom");
    String system = ctx.queryParam("system");
    if (key != null) {
      json(ctx, () -> state.station(key).map(List::of).orElse(List.of()));
      return;
    }
    if (bbox == null && zoom == null && system == null) {
      int held = state.stationCount();
      if (held > MAX_STATIONS_AT_ONCE) {
        badRequest(
            ctx,
            held + " stations are too many to send at once: ask for a map view,"
                + " /api/stations?bbox=west,south,east,north&zoom=Z");
        return;
      }
      json(ctx, state::stations);
      return;
    }
    Viewport view;
    try {
      view = Viewport.parse(bbox, zoom, system);
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e.getMessage());
      return;
    }
    String client = ctx.queryParam("client");
    json(ctx, () -> hub.answerView(view, client));
  }

  private static void badRequest(Context ctx, String message) {
    ctx.status(400)
        .contentType("application/json")
        .result(Json.writeString(Map.of("error", message)));
  }

  private static void json(Context ctx, Supplier<Object> body) {
    // The model's mapper (ISO instants, snake_case names), not Javalin's own.
    ctx.contentType("application/json").result(Json.writeString(body.get()));
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // An exception would cancel the scheduled task for good: log it and keep sending.
      LOG.warn("Dashboard SSE {} failed: {}", what, e.toString(), e);
    }
  }
}
