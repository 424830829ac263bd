package io.citypulse.dashboard.web;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.Fixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.dashboard.feed.ReaderPosition;
import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.JobHealth;
import io.citypulse.dashboard.health.PipelineProbe;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Fixtures;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Json;
import io.citypulse.testkit.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on port 0, driven through java.net.http: exact REST bodies and SSE frames. */
class DashboardServerTest {

  private final MutableClock clock = new MutableClock(T0.plusSeconds(90));
  private final DashboardState state = new DashboardState(clock, 10);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DashboardServer server;

  @BeforeEach
  void start() {
    server = new DashboardServer(state, registry, new ServerSettings("127.0.0.1", 0)).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesTheOpenAlertsTheirHistoryAndTheStationsToMark() throws Exception {
    java.time.Instant t0 = java.time.Instant.parse("2026-05-04T08:00:00Z");
    state
        .alerts()
        .apply(new io.citypulse.alerts.Alert(
            "station:velib:16107",
            io.citypulse.alerts.AlertKind.STATION_EMPTY,
            "bikes_available=0",
            io.citypulse.alerts.AlertState.RAISED,
            t0,
            t0.plusSeconds(600),
            io.citypulse.alerts.Severity.WARNING,
            "empty",
            java.util.Map.of("bikes_available", 0.0)));
    state
        .alerts()
        .apply(new io.citypulse.alerts.Alert(
            "weather:paris",
            io.citypulse.alerts.AlertKind.WEATHER_HUMIDEX,
            "heat_index>=40",
            io.citypulse.alerts.AlertState.RAISED,
            t0,
            t0,
            io.citypulse.alerts.Severity.WARNING,
            "hot",
            java.util.Map.of()));
    state
        .alerts()
        .apply(new io.citypulse.alerts.Alert(
            "weather:paris",
            io.citypulse.alerts.AlertKind.WEATHER_HUMIDEX,
            "heat_index>=40",
            io.citypulse.alerts.AlertState.CLEARED,
            t0,
            t0.plusSeconds(900),
            io.citypulse.alerts.Severity.WARNING,
            "cooler",
            java.util.Map.of()));

    HttpResponse<String> response = get("/api/alerts");
    assertThat(response.statusCode()).isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode body =
        io.citypulse.model.Json.MAPPER.readTree(response.body());
    assertThat(body.get("open")).hasSize(1);
    assertThat(body.get("open").get(0).get("subject").asText()).isEqualTo("station:velib:16107");
    assertThat(body.get("open").get(0).get("kind").asText()).isEqualTo("station_empty");
    assertThat(body.get("recent")).hasSize(3);
    assertThat(body.get("recent").get(0).get("state").asText()).isEqualTo("cleared");
    assertThat(body.get("stations").toString()).isEqualTo("[\"velib:16107\"]");
    assertThat(get("/").body()).contains("id=\"alerts-open\"");
  }

  @Test
  void bindsAnEphemeralLoopbackPort() {
    assertThat(server.port()).isPositive().isNotEqualTo(8080);
  }

  @Test
  void restEndpointsAnswerTheStateAsJson() throws Exception {
    state.apply(postcode("75002", 4, 1, T0));
    state.apply(postcode("75001", 2, 1, T0.plusSeconds(30)));
    state.apply(station("7", 1, 0, 0, 1, T0));

    HttpResponse<String> postcodes = get("/api/postcodes");

    assertThat(postcodes.statusCode()).isEqualTo(200);
    assertThat(postcodes.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(postcodes.body()).isEqualTo("""
        [{"postcode":"75001","commune":"Paris","stations":3,"bikes_available":3,"mechanical":2,"ebike":1,\
        "docks_available":10,"capacity":40,"updated_at":"2026-11-24T10:00:30Z","untyped_bikes":0,\
        "age_seconds":60},\
        {"postcode":"75002","commune":"Paris","stations":3,"bikes_available":5,"mechanical":4,"ebike":1,\
        "docks_available":10,"capacity":40,"updated_at":"2026-11-24T10:00:00Z","untyped_bikes":0,\
        "age_seconds":90}]""");
    assertThat(get("/api/stations").body()).isEqualTo("""
        [{"key":"velib:7","system":"velib","station_code":"7","station_id":"id-7","name":"Station 7",\
        "lat":48.86,"lon":2.35,"capacity":1,"postcode":"75001","commune":"Paris","bikes_available":1,\
        "mechanical":1,"ebike":0,"docks_available":0,"is_installed":true,"is_renting":true,\
        "is_returning":true,"last_reported":"2026-11-24T10:00:00Z","fetched_at":"2026-11-24T10:00:05Z",\
        "fill_ratio":1.0,"empty":false,"full":true,"age_seconds":90}]""");
    assertThat(get("/api/weather").body()).isEqualTo("[]");
  }

  @Test
  void anUnknownSplitIsNullNotZeroInTheApiAndTheSnapshot() throws Exception {
    state.apply(Fixtures.untypedPostcode("10001", 40, T0));
    state.apply(Fixtures.untypedStation("9", 7, T0));

    assertThat(get("/api/postcodes").body()).isEqualTo("""
        [{"postcode":"10001","commune":"Paris","stations":3,"bikes_available":40,"mechanical":null,"ebike":null,\
        "docks_available":10,"capacity":40,"updated_at":"2026-11-24T10:00:00Z","untyped_bikes":40,\
        "age_seconds":90}]""");
    assertThat(get("/api/stations").body())
        .contains("\"bikes_available\":7,\"mechanical\":null,\"ebike\":null,");
    // The chart series keeps the unknown too: the page must not draw it as 0.
    assertThat(Json.writeString(state.snapshot()))
        .contains("\"bikes_available\":40,\"mechanical\":null,\"ebike\":null,");
  }

  @Test
  void weatherIsFlatWithDerivedVariablesAndAge() throws Exception {
    state.apply(weather("paris", 8.5, T0));

    assertThat(get("/api/weather").body()).isEqualTo("""
        [{"location":"paris","city":"Paris","country":"FR","lat":48.85,"lon":2.35,\
        "observed_at":"2026-11-24T10:00:00Z","local_time":"2026-11-24T11:00:00","utc_offset_seconds":3600,\
        "time_of_day":"morning","source":"open-meteo","temperature_c":8.5,"feels_like_c":6.5,\
        "humidity_pct":80.0,"pressure_hpa":1015.0,"wind_speed_ms":3.0,"wind_direction_deg":200.0,\
        "wind_gust_ms":6.0,"clouds_pct":75.0,"precipitation_mm":0.2,"weather_code":"3",\
        "weather_description":"overcast","heat_index":null,"severity_index":1.5,"dew_point_c":4.0,\
        "humidex_category":"comfortable","wind_chill_c":8.0,"beaufort":2,"temperature_change_1h":null,\
        "pressure_change_1h":null,"observations_1h":1,"age_seconds":90,"key":"open-meteo:paris"}]""");
  }

  @Test
  void healthReportsPerStreamCountsAndClients() throws Exception {
    state.apply(postcode("75001", 2, 1, T0));
    state.apply(postcode("75001", 2, 1, T0.minusSeconds(1)));
    state.countUnreadable(Kind.STATION);

    assertThat(get("/api/health").body()).isEqualTo("""
        {"status":"up","at":"2026-11-24T10:01:30Z","pipeline":false,"feeds":[],"jobs":[],"dead_letters":null,\
        "streams":{\
        "station":{"keys":0,"applied":0,"stale":0,"unreadable":1,"newest":null},\
        "postcode":{"keys":1,"applied":1,"stale":1,"unreadable":0,"newest":"2026-11-24T10:00:00Z"},\
        "weather":{"keys":0,"applied":0,"stale":0,"unreadable":0,"newest":null},\
        "forecast":{"keys":0,"applied":0,"stale":0,"unreadable":0,"newest":null}},\
        "reader_lag":{},"sse_clients":0,"series":{"source":"topics","server":null,"from":null,\
        "postcode_points":0,"weather_points":0,"caption":"since the dashboard started"}}""");
  }

  @Test
  void healthShowsThePipelinesFeedsAndJobsAndIsDegradedWhenAFeedFails() throws Exception {
    server.close();
    Instant now = clock.instant();
    List<FeedHealth.Reading> readings = new ArrayList<>(List.of(new FeedHealth.Reading(
        "gbfs velib",
        "1,482 stations, GBFS 1.0",
        true,
        false,
        now.minusSeconds(20),
        now.minusSeconds(50),
        Duration.ofSeconds(60),
        12,
        1,
        0,
        now.minusSeconds(600),
        "HTTP 503")));
    List<JobHealth> jobs = List.of(new JobHealth(
        "postcode-availability",
        "velib-projet",
        "running",
        7,
        now.minusSeconds(3),
        412L,
        9000,
        0L));
    PipelineProbe probe = new PipelineProbe() {
      @Override
      public List<FeedHealth> feeds() {
        return readings.stream().map(r -> r.at(clock.instant())).toList();
      }

      @Override
      public List<JobHealth> jobs() {
        return jobs;
      }
    };
    server = new DashboardServer(
            state, registry, new ServerSettings("127.0.0.1", 0), probe, new ReaderPosition())
        .start();

    assertThat(get("/api/health").body()).startsWith("""
        {"status":"up","at":"2026-11-24T10:01:30Z","pipeline":true,"feeds":[{"feed":"gbfs velib",\
        "status":"ok","detail":"1,482 stations, GBFS 1.0","last_success":"2026-11-24T10:01:10Z",\
        "newest_data":"2026-11-24T10:00:40Z","data_age_seconds":50,"ttl_seconds":60,"polls":12,"errors":1,\
        "dead_letters":0,"last_error_at":"2026-11-24T09:51:30Z","last_error":"HTTP 503"}],\
        "jobs":[{"job":"postcode-availability","input_topic":"velib-projet","status":"running","batches":7,\
        "last_batch_at":"2026-11-24T10:01:27Z","last_batch_ms":412,"input_records":9000,"lag":0}],""");

    readings.set(
        0,
        new FeedHealth.Reading(
            "gbfs velib",
            "no station_status yet",
            true,
            true,
            now.minusSeconds(20),
            now.minusSeconds(50),
            Duration.ofSeconds(60),
            13,
            2,
            0,
            now.minusSeconds(1),
            "timeout after 10 s"));

    assertThat(get("/api/health").body())
        .startsWith("{\"status\":\"degraded\"")
        .contains("\"status\":\"failing\"", "\"last_error\":\"timeout after 10 s\"");
  }

  @Test
  void eventsStartWithASnapshotThenSendAChangeWithinASecond() throws Exception {
    state.apply(postcode("75001", 2, 1, T0));
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      HttpResponse<?> response = events.response();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

      SseStream.Event snapshot = events.next(Duration.ofSeconds(5));
      assertThat(snapshot.name()).isEqualTo("snapshot");
      assertThat(snapshot.data()).isEqualTo(Json.writeString(state.snapshot()));
      assertThat(events.retry()).isEqualTo("1000");

      long applied = System.nanoTime();
      state.apply(postcode("75001", 5, 0, T0.plusSeconds(60))).ifPresent(server::onChange);
      SseStream.Event change = events.next(Duration.ofSeconds(1));
      Duration latency = Duration.ofNanos(System.nanoTime() - applied);

      assertThat(change).isNotNull();
      assertThat(latency).isLessThan(Duration.ofSeconds(1));
      assertThat(change.name()).isEqualTo("postcode");
      assertThat(change.data()).isEqualTo("""
          {"postcode":"75001","commune":"Paris","stations":3,"bikes_available":5,"mechanical":5,"ebike":0,\
          "docks_available":10,"capacity":40,"updated_at":"2026-11-24T10:01:00Z","untyped_bikes":0,\
          "age_seconds":30}""");
      assertThat(get("/api/health").body()).contains("\"sse_clients\":1");
    }
  }

  @Test
  void aBurstOnOneKeyIsCoalescedAndEndsOnTheLatestState() throws Exception {
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      assertThat(events.next(Duration.ofSeconds(5)).name()).isEqualTo("snapshot");

      for (int i = 1; i <= 50; i++) {
        state.apply(station("1", i, 0, 5, 60, T0.plusSeconds(i))).ifPresent(server::onChange);
      }
      List<SseStream.Event> received = new ArrayList<>();
      for (SseStream.Event e = events.next(Duration.ofSeconds(1));
          e != null;
          e = events.next(Duration.ofMillis(600))) {
        received.add(e);
      }

      // 50 changes within one or two flush intervals: one event per interval, not 50.
      assertThat(received)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(2)
          .allMatch(e -> e.name().equals("station"));
      assertThat(received.get(received.size() - 1).data()).contains("\"mechanical\":50,");
    }
  }

  @Test
  void aClientConnectingLaterGetsTheCurrentStateInItsSnapshot() throws Exception {
    state.apply(weather("paris", 8.5, T0)).ifPresent(server::onChange);
    long flushes = server.flushCount();
    await("the change flushed to nobody")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> server.flushCount() >= flushes + 2);

    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      SseStream.Event snapshot = events.next(Duration.ofSeconds(5));

      assertThat(snapshot.data())
          .contains("\"location\":\"paris\"")
          .contains("\"weather_series\":{\"open-meteo:paris\":[");
      assertThat(events.next(Duration.ofMillis(600))).isNull();
    }
  }

  @Test
  void aClosedStreamIsDroppedFromTheClients() throws Exception {
    SseStream events = new SseStream(http, uri("/api/events"));
    assertThat(events.next(Duration.ofSeconds(5))).isNotNull();
    assertThat(get("/api/health").body()).contains("\"sse_clients\":1");

    events.close();
    AtomicInteger n = new AtomicInteger();
    // A closed connection shows when a write fails: keep changing a key so that flushes write.
    await("the closed stream dropped")
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .pollInSameThread()
        .until(() -> {
          if (!get("/api/health").body().contains("\"sse_clients\":1")) {
            return true;
          }
          int i = n.incrementAndGet();
          state.apply(postcode("75001", i, 0, T0.plusSeconds(i))).ifPresent(server::onChange);
          return false;
        });

    assertThat(get("/api/health").body()).contains("\"sse_clients\":0");
  }

  @Test
  void withoutTheEventStreamAcceptHeaderNoStreamIsOpened() throws Exception {
    // Javalin answers an SSE route only for Accept: text/event-stream (browsers send it).
    HttpResponse<String> response = get("/api/events");

    assertThat(response.body()).isEmpty();
    assertThat(get("/api/health").body()).contains("\"sse_clients\":0");
  }

  @Test
  void metricsArePrometheusTextWithTheDashboardsMeters() throws Exception {
    state.apply(postcode("75001", 2, 1, T0));
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      assertThat(events.next(Duration.ofSeconds(5))).isNotNull();

      HttpResponse<String> metrics = get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body())
          .contains(
              "citypulse_dashboard_records_total{outcome=\"applied\",stream=\"postcode\"} 1.0")
          .contains("citypulse_dashboard_keys{stream=\"postcode\"} 1.0")
          .contains("citypulse_dashboard_sse_clients 1.0")
          .contains("citypulse_dashboard_sse_events_total{event=\"snapshot\"} 1.0");
    }
  }

  @Test
  void rootServesThePageWithItsScriptsFromTheApplication() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    // The Maven build filled the WebJar versions in: no placeholder, no CDN.
    assertThat(page.body())
        .contains("<script src=\"/webjars/leaflet/1.9.4/dist/leaflet.js\"></script>")
        .contains("<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>")
        .contains("<script src=\"/app.js\"></script>")
        .contains("data-testid=\"station-count\"")
        .doesNotContain("${")
        .doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void everyScriptStylesheetAndIconThePageLinksIsServed() throws Exception {
    Matcher links =
        Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(get("/").body());
    List<String> paths = new ArrayList<>();
    while (links.find()) {
      paths.add(links.group(1));
    }

    assertThat(paths)
        .contains(
            "/app.js",
            "/app.css",
            "/favicon.svg",
            "/webjars/leaflet/1.9.4/dist/leaflet.css",
            "/webjars/uplot/1.6.30/dist/uPlot.min.css");
    for (String path : paths) {
      HttpResponse<String> asset = get(path);
      assertThat(asset.statusCode()).as(path).isEqualTo(200);
      assertThat(asset.body()).as(path).isNotBlank();
      assertThat(asset.headers().firstValue("Content-Type"))
          .as(path)
          .hasValueSatisfying(type -> assertThat(type)
              .startsWith(
                  path.endsWith(".css")
                      ? "text/css"
                      : path.endsWith(".svg") ? "image/svg+xml" : "text/javascript"));
    }
  }

  @Test
  void leafletIsServedFromItsWebJar() throws Exception {
    HttpResponse<String> leaflet = get("/webjars/leaflet/1.9.4/dist/leaflet.js");

    assertThat(leaflet.statusCode()).isEqualTo(200);
    assertThat(leaflet.body()).startsWith("/* @preserve").contains("Leaflet 1.9.4");
    assertThat(get("/webjars/leaflet/0.0.0/dist/leaflet.js").statusCode()).isEqualTo(404);
    assertThat(leaflet.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(get("/app.js").headers().firstValue("Cache-Control")).contains("no-cache");
  }

  @Test
  void leafletsImagesAreServedAndNothingOutsideTheAssetRoots() throws Exception {
    HttpResponse<String> icon = get("/webjars/leaflet/1.9.4/dist/images/layers.png");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).contains("image/png");

    // Neither the class files nor another resource of the jar through a dot-dot path.
    for (String path : List.of(
        "/webjars/../../io/citypulse/dashboard/web/DashboardServer.class",
        "/webjars/leaflet/%2e%2e/%2e%2e/%2e%2e/public/index.html",
        "/webjars/leaflet//1.9.4/dist/leaflet.js")) {
      // Jetty itself refuses an ambiguous path (400); what reaches the handler is not found (404).
      assertThat(get(path).statusCode()).as(path).isIn(400, 404);
    }
  }

  @Test
  void theScriptNeverWritesDataAsHtml() throws Exception {
    // Station and city names come from external feeds: the page builds DOM with textContent only.
    assertThat(get("/app.js").body())
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
  }

  @Test
  void aResentSnapshotReachesOpenPagesWithTheSeededSeries() throws Exception {
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      assertThat(events.next(Duration.ofSeconds(5)).name()).isEqualTo("snapshot");
      state.seedPostcodeSeries(java.util.Map.of(
          "75001",
          List.of(new io.citypulse.dashboard.state.PostcodePoint(
              T0.minusSeconds(3600), 9, 5L, 4L, 20))));

      server.resendSnapshot();

      SseStream.Event again = events.next(Duration.ofSeconds(5));
      assertThat(again.name()).isEqualTo("snapshot");
      assertThat(again.data())
          .isEqualTo(Json.writeString(state.snapshot()))
          .contains("\"bikes_available\":9");
    }
  }

  @Test
  void configGivesThePageTheDefaultOpenStreetMapTiles() throws Exception {
    HttpResponse<String> config = get("/api/config");

    assertThat(config.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(config.body())
        .isEqualTo("{\"tile_url\":\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"}");
  }

  @Test
  void configGivesAConfiguredOrEmptyTileUrl() throws Exception {
    try (DashboardServer noTiles = new DashboardServer(
            new DashboardState(clock),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings("127.0.0.1", 0, ""))
        .start()) {
      HttpResponse<String> config = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + noTiles.port() + "/api/config"))
              .build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(config.body()).isEqualTo("{\"tile_url\":\"\"}");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
