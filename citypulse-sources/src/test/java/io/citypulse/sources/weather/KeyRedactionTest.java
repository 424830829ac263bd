package io.citypulse.sources.weather;

import static io.citypulse.sources.Fixtures.text;
import static io.citypulse.sources.weather.WeatherHttpFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key reaches the API and nothing else: not the logs, the status, the dead letters or toString. */
class KeyRedactionTest {
  private final WeatherHttpFixture fixture = new WeatherHttpFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void redactorMasksKeyParametersAndTheKeyItself() {
    KeyRedactor redactor = new KeyRedactor(KEY);

    assertThat(redactor.redact(
            "GET https://h/data/2.5/weather?lat=1&lon=2&units=metric&appid=" + KEY + " failed"))
        .isEqualTo("GET https://h/data/2.5/weather?lat=1&lon=2&units=metric&appid=*** failed");
    assertThat(
            redactor.redact("https://h/v4/weather/realtime?location=1,2&APIKEY=other&units=metric"))
        .isEqualTo("https://h/v4/weather/realtime?location=1,2&APIKEY=***&units=metric");
    assertThat(redactor.redact("the server said: bad key " + KEY))
        .isEqualTo("the server said: bad key ***");
    assertThat(redactor.redact(URI.create("http://h/x?apikey=" + KEY)))
        .hasToString("http://h/x?apikey=***");
    assertThat(new KeyRedactor(null).redact("no key here")).isEqualTo("no key here");
  }

  @Test
  void settingsToStringHidesTheKey() {
    WeatherSettings settings =
        fixture.settings(WeatherSourceKind.OPENWEATHERMAP, WeatherLocations.preset("brief"));

    assertThat(settings.toString())
        .doesNotContain(KEY)
        .contains("apiKey=***")
        .contains("kind=openweathermap");
    assertThat(settings.apiKey()).isEqualTo(KEY);
  }

  @Test
  void noLogLineStatusOrDeadLetterHoldsTheKeyWhateverHappens() {
    String path = "/data/2.5/weather";
    fixture.server.respond(
        path,
        Response.status(500).body("internal error for appid=" + KEY),
        Response.json(200, "<html>" + KEY + "</html>"),
        Response.json(200, text("weather/owm/paris_kelvin.json")),
        Response.json(200, text("weather/owm/paris_metric.json")).delay(Duration.ofSeconds(2)),
        Response.json(429, "{\"cod\":429,\"message\":\"slow down " + KEY + "\"}"),
        Response.json(404, text("weather/owm/error_404_city.json")),
        Response.json(401, "{\"cod\":401,\"message\":\"Invalid API key " + KEY + "\"}"));
    WeatherSettings settings = fixture.settings(
        WeatherSourceKind.OPENWEATHERMAP,
        List.of(WeatherLocations.preset("brief").get(0), WeatherLocations.parse("Atlantis")));
    WeatherPoller poller;
    try (LogCapture logs = LogCapture.of("io.citypulse.sources")) {
      poller = new WeatherPoller(
          settings,
          WeatherSources.create(
              settings,
              new io.citypulse.sources.http.FeedClient(
                  settings.connectTimeout(), settings.requestTimeout(), fixture.clock),
              fixture.clock,
              fixture.sleeper,
              fixture::nanos,
              fixture.counters),
          fixture.clock,
          fixture.sleeper,
          fixture.published::add,
          fixture.deadLetters::add,
          fixture.counters);
      for (int cycle = 0; cycle < 12 && !poller.stopped(); cycle++) {
        fixture.clock.advance(poller.pollOnce());
      }
      poller.start();
      poller.close();

      assertThat(logs.lines()).as("the run logged its failures").hasSizeGreaterThan(5);
      assertThat(logs.text()).doesNotContain(KEY);
      assertThat(logs.text()).contains("appid=***");
    }
    assertThat(poller.stopped()).as("the scripted 401 was reached").isTrue();
    assertThat(fixture.server.requests(path))
        .allSatisfy(r -> assertThat(r.query()).contains("appid=" + KEY));
    assertThat(poller.status().toString()).doesNotContain(KEY).contains("Invalid API key ***");
    assertThat(fixture.deadLetters).hasSizeGreaterThanOrEqualTo(2);
    for (DeadLetter letter : fixture.deadLetters) {
      assertThat(letter.source().toString()).doesNotContain(KEY).contains("appid=***");
      assertThat(letter.reason()).doesNotContain(KEY);
    }
    assertThat(fixture.counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "http_error"))
        .isEqualTo(1);
    assertThat(fixture.counters.get(WeatherPoller.FETCH_FAILED_PREFIX + "timeout"))
        .isEqualTo(1);
    assertThat(fixture.counters.get(WeatherPoller.RATE_LIMITED)).isEqualTo(1);
    assertThat(fixture.counters.get(WeatherPoller.LOCATIONS_SKIPPED)).isEqualTo(1);
  }

  @Test
  void describeNamesTheEndpointAndTheVariableNotTheKey() {
    WeatherSource source = WeatherSources.create(
        fixture.settings(WeatherSourceKind.OPENWEATHERMAP, WeatherLocations.preset("brief")),
        fixture.clock,
        fixture.sleeper,
        fixture.counters);

    assertThat(source.describe())
        .isEqualTo("openweathermap at " + fixture.server.uri("/data/2.5/weather")
            + " (key from OPENWEATHERMAP_API_KEY)");
  }
}
