package io.citypulse.dashboard.web;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.ForecastFixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.model.Json;
import io.citypulse.testkit.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A station's forecast through the server (port 0): in its REST view and pushed as its event. */
class ForecastEventsTest {

  private final MutableClock clock = new MutableClock(T0.plusSeconds(90));
  private final DashboardState state = new DashboardState(clock, 10);
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
  void aForecastIsSentAsItsStationsEventAndIsInTheRestView() throws Exception {
    state.apply(station("7", 3, 2, 15, 20, T0));
    try (SseStream events = new SseStream(http, uri("/api/events"))) {
      assertThat(events.next(Duration.ofSeconds(5)).name()).isEqualTo("snapshot");

      state.apply(forecast("7", T0, "m1", 0.074)).ifPresent(server::onChange);
      SseStream.Event change = events.next(Duration.ofSeconds(2));

      assertThat(change).isNotNull();
      assertThat(change.name()).isEqualTo("station");
      assertThat(change.data())
          .startsWith("{\"key\":\"velib:7\"")
          .contains("\"forecast\":{\"model\":\"m1\",\"time\":\"2026-11-24T10:00:00Z\"")
          .contains(
              "{\"minutes\":30,\"bikes\":3.6,\"docks\":16.4,\"p_empty\":0.074,\"p_full\":0.0}");
    }
    String rest = get("/api/stations?key=velib:7");
    assertThat(
            Json.MAPPER.readTree(rest).path(0).path("forecast").path("horizons").size())
        .isEqualTo(3);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
