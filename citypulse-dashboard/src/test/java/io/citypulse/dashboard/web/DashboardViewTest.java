package io.citypulse.dashboard.web;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Map views over HTTP: {@code /api/stations} with a box and zoom (stations, or clusters over the
 * threshold of 2 here), {@code /api/systems}, the errors, and the event stream of a page that
 * named itself, which gets only its view's news.
 */
class DashboardViewTest {
  private static final String CLIENT = "page-0123456789abcdef";
  private static final String PARIS = "bbox=2.2,48.8,2.5,48.9&zoom=12";

  private final MutableClock clock = new MutableClock(T0.plusSeconds(90));
  private final DashboardState state = new DashboardState(clock, 10, 2);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DashboardServer server;

  @BeforeEach
  void start() {
    server = new DashboardServer(
            state,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings("127.0.0.1", 0))
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aViewWithFewStationsAnswersThemAndNothingOutsideIt() throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    state.apply(station("lyon", "1", 45.76, 4.84, 1, 1, T0));

    HttpResponse<String> view = get("/api/stations?" + PARIS);

    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(view.body())
        .startsWith("{\"mode\":\"stations\",\"zoom\":12,\"level\":14,\"system\":null,"
            + "\"stations_in_view\":1,\"stations\":[{\"key\":\"velib:1\",\"system\":\"velib\",")
        .endsWith("\"age_seconds\":90}],\"clusters\":[]}")
        .doesNotContain("lyon");
    // The old call, for a small network: every station.
    assertThat(Json.MAPPER.readTree(get("/api/stations").body())).hasSize(2);
  }

  @Test
  void aViewOverTheThresholdAnswersClusters() throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    state.apply(station("velib", "2", 48.861, 2.351, 0, 10, T0));
    state.apply(station("velib", "3", 48.87, 2.36, 5, 0, T0));

    String body = get("/api/stations?bbox=-5,42,8,51&zoom=5").body();

    assertThat(body)
        .startsWith("{\"mode\":\"clusters\",\"zoom\":5,\"level\":7,\"system\":null,"
            + "\"stations_in_view\":3,\"stations\":[],\"clusters\":[{\"id\":\"7/64/44\",")
        .contains("\"stations\":3,\"bikes_available\":8,\"docks_available\":17,\"empty\":1,"
            + "\"full\":1,\"bbox\":[");
    assertThat(get("/api/stations?bbox=-5,42,8,51&zoom=5&system=velib").body())
        .contains("\"system\":\"velib\",\"stations_in_view\":3");
    assertThat(get("/api/stations?bbox=-5,42,8,51&zoom=5&system=other").body())
        .isEqualTo("{\"mode\":\"stations\",\"zoom\":5,\"level\":7,\"system\":\"other\","
            + "\"stations_in_view\":0,\"stations\":[],\"clusters\":[]}");
  }

  @Test
  void aBadBoxOrZoomIsA400WithAJsonError() throws Exception {
    for (String[] bad : List.of(
        new String[] {
          "bbox=1,2,3&zoom=3",
          "bbox must be west,south,east,north (four numbers), got \\\"1,2,3\\\""
        },
        new String[] {"bbox=3,2,1,4&zoom=3", "bbox west must be less than east"},
        new String[] {"bbox=1,2,3,4&zoom=x", "zoom must be an integer from 0 to 22, got \\\"x\\\""},
        new String[] {"bbox=1,2,3,4&zoom=99", "zoom must be an integer from 0 to 22"},
        new String[] {"bbox=1,2,3,4", "zoom is required for a map view: zoom=0..22"},
        new String[] {"zoom=4&system=velib", "bbox is required for a map view"})) {
      HttpResponse<String> response = get("/api/stations?" + bad[0]);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).as(bad[0]).startsWith("{\"error\":\"" + bad[1]);
    }
  }

  @Test
  void aWorldOfStationsIsNotSentAtOnceWithoutAView() throws Exception {
    for (int i = 0; i <= DashboardServer.MAX_STATIONS_AT_ONCE; i++) {
      state.apply(station("big", Integer.toString(i), 10 + i * 1e-4, 10, 1, 1, T0));
    }

    HttpResponse<String> all = get("/api/stations");

    assertThat(all.statusCode()).isEqualTo(400);
    assertThat(all.body())
        .isEqualTo("{\"error\":\"20001 stations are too many to send at once: ask for a map view,"
            + " /api/stations?bbox=west,south,east,north&zoom=Z\"}");
    assertThat(get("/api/stations?bbox=9,9,11,11&zoom=8").statusCode()).isEqualTo(200);
  }

  @Test
  void systemsAnswersPerSystemTotalsAndAStationByKey() throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    state.apply(station("lyon", "1", 45.76, 4.84, 1, 0, T0));

    assertThat(get("/api/systems").body())
        .isEqualTo("{\"all\":{\"system\":null,\"stations\":2,\"bikes_available\":4,"
            + "\"mechanical\":4,\"ebike\":0,\"untyped_bikes\":0,\"docks_available\":7,\"empty\":0,"
            + "\"full\":1,\"bbox\":[2.35,45.76,4.84,48.86]},\"systems\":["
            + "{\"system\":\"lyon\",\"stations\":1,\"bikes_available\":1,\"mechanical\":1,"
            + "\"ebike\":0,\"untyped_bikes\":0,\"docks_available\":0,\"empty\":0,\"full\":1,"
            + "\"bbox\":[4.84,45.76,4.84,45.76]},"
            + "{\"system\":\"velib\",\"stations\":1,\"bikes_available\":3,\"mechanical\":3,"
            + "\"ebike\":0,\"untyped_bikes\":0,\"docks_available\":7,\"empty\":0,\"full\":0,"
            + "\"bbox\":[2.35,48.86,2.35,48.86]}]}");
    assertThat(get("/api/stations?key=lyon:1").body()).startsWith("[{\"key\":\"lyon:1\",");
    assertThat(get("/api/stations?key=lyon:2").body()).isEqualTo("[]");
  }

  @Test
  void aPageThatNamedItselfGetsOnlyItsViewsStations() throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    try (SseStream events = new SseStream(http, uri("/api/events?client=" + CLIENT))) {
      SseStream.Event snapshot = events.next(Duration.ofSeconds(5));
      assertThat(snapshot.name()).isEqualTo("snapshot");
      assertThat(snapshot.data()).contains("\"stations\":[]");
      assertThat(get("/api/stations?" + PARIS + "&client=" + CLIENT).statusCode())
          .isEqualTo(200);

      apply(station("lyon", "1", 45.76, 4.84, 1, 1, T0.plusSeconds(1)));
      apply(station("velib", "1", 48.86, 2.35, 4, 6, T0.plusSeconds(1)));

      List<SseStream.Event> received = drain(events);
      assertThat(received).extracting(SseStream.Event::name).containsExactly("station", "systems");
      assertThat(received.get(0).data()).startsWith("{\"key\":\"velib:1\"");
      assertThat(received.get(1).data())
          .contains("{\"system\":\"lyon\",\"stations\":1,")
          .contains("{\"system\":\"velib\",\"stations\":1,\"bikes_available\":4,");
    }
  }

  @Test
  void aClusteredViewGetsItsChangedClusters() throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    state.apply(station("velib", "2", 48.861, 2.351, 0, 10, T0));
    state.apply(station("velib", "3", 48.87, 2.36, 5, 0, T0));
    state.apply(station("lyon", "1", 45.76, 4.84, 1, 1, T0));
    try (SseStream events = new SseStream(http, uri("/api/events?client=" + CLIENT))) {
      assertThat(events.next(Duration.ofSeconds(5)).name()).isEqualTo("snapshot");
      assertThat(get("/api/stations?bbox=2,48,3,49&zoom=5&client=" + CLIENT).body())
          .startsWith("{\"mode\":\"clusters\"");

      apply(station("velib", "2", 48.861, 2.351, 9, 1, T0.plusSeconds(1)));
      apply(station("lyon", "1", 45.76, 4.84, 2, 0, T0.plusSeconds(1)));

      List<SseStream.Event> received = drain(events);
      assertThat(received).extracting(SseStream.Event::name).containsExactly("clusters", "systems");
      assertThat(received.get(0).data())
          .startsWith("{\"clusters\":[{\"id\":\"7/64/44\",")
          .contains("\"stations\":3,\"bikes_available\":17,")
          .endsWith("\"removed\":[]}");
    }
  }

  @Test
  void aCatalogueWideRunsAreasAreAskedPerSystemAndStreamedToThePagesShowingThatSystemOnly()
      throws Exception {
    state.apply(station("velib", "1", 48.86, 2.35, 3, 7, T0));
    state.apply(station("lyon", "1", 45.76, 4.84, 1, 1, T0));
    state.apply(area("velib", "UNKNOWN", 3, T0));
    state.apply(area("lyon", "UNKNOWN", 1, T0));

    assertThat(get("/api/postcodes?system=lyon").body())
        .startsWith("[{\"postcode\":\"UNKNOWN\",")
        .contains("\"bikes_available\":1,")
        .doesNotContain("velib");
    assertThat(get("/api/postcodes").body()).contains("\"lyon\"").contains("\"velib\"");
    try (SseStream events = new SseStream(http, uri("/api/events?client=" + CLIENT))) {
      SseStream.Event snapshot = events.next(Duration.ofSeconds(5));
      assertThat(snapshot.data()).contains("\"postcodes\":[]");
      assertThat(
              get("/api/stations?" + PARIS + "&system=velib&client=" + CLIENT).statusCode())
          .isEqualTo(200);

      applyArea(area("lyon", "UNKNOWN", 2, T0.plusSeconds(1)));
      applyArea(area("velib", "UNKNOWN", 4, T0.plusSeconds(1)));

      List<SseStream.Event> received = drain(events);
      assertThat(received).extracting(SseStream.Event::name).containsExactly("postcode");
      assertThat(received.get(0).data())
          .contains("\"bikes_available\":4,")
          .contains("\"system\":\"velib\"");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void applyArea(PostcodeAvailability area) {
    state.apply(area).ifPresent(server::onChange);
  }

  static PostcodeAvailability area(String system, String area, long bikes, Instant at) {
    return new PostcodeAvailability(
        area, null, 1, bikes, null, null, 1, bikes + 1, at, bikes, system);
  }

  private void apply(StationRecord record) {
    state.apply(record).ifPresent(server::onChange);
  }

  /** The events of the next flush or two (the flush interval is 250 ms). */
  private static List<SseStream.Event> drain(SseStream events) throws InterruptedException {
    List<SseStream.Event> received = new ArrayList<>();
    for (SseStream.Event e = events.next(Duration.ofSeconds(2));
        e != null;
        e = events.next(Duration.ofMillis(600))) {
      received.add(e);
    }
    return received;
  }

  static StationRecord station(
      String system, String code, double lat, double lon, int bikes, int docks, Instant at) {
    return new StationRecord(
        system,
        code,
        "id-" + code,
        "Station " + code,
        lat,
        lon,
        bikes + docks,
        null,
        null,
        bikes,
        bikes,
        0,
        docks,
        true,
        true,
        true,
        at,
        at);
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
