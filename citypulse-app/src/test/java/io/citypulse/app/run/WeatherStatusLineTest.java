package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.sources.weather.WeatherLocationStatus;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeatherStatusLineTest {
  private static final Instant NOW = Instant.parse("2025-04-15T15:30:05Z");
  private static final Instant OBSERVED = Instant.parse("2025-04-15T15:30:00Z");

  private static WeatherLocationStatus healthy(String key) {
    return new WeatherLocationStatus(
        key, NOW, OBSERVED, OBSERVED, null, null, 0, null, NOW.plusSeconds(600));
  }

  private static WeatherLocationStatus failing(String key) {
    return new WeatherLocationStatus(
        key, null, null, null, NOW, "openweathermap HTTP 503", 2, null, NOW.plusSeconds(10));
  }

  private static WeatherLocationStatus skipped(String key) {
    return new WeatherLocationStatus(
        key,
        null,
        null,
        null,
        NOW,
        "openweathermap does not know 'Atlantis' (HTTP 404: city not found)",
        0,
        "openweathermap does not know 'Atlantis' (HTTP 404: city not found)",
        null);
  }

  private static WeatherFeatures paris(Double temperature, Double heatIndex) {
    return new WeatherFeatures(
        "paris",
        "Paris",
        "FR",
        48.8566,
        2.3522,
        OBSERVED,
        "2025-04-15T17:30:00",
        7200,
        "afternoon",
        "openweathermap",
        temperature,
        24.1,
        54.0,
        1012.0,
        3.6,
        250.0,
        5.1,
        0.0,
        0.0,
        "800",
        "clear sky",
        heatIndex,
        13.5,
        14.52,
        "little or no discomfort",
        null,
        3,
        null,
        null,
        1);
  }

  @Test
  void aStoppedPollerShowsWhyAndThatNoFeatureArrivedYet() {
    String reason = "openweathermap refused the request (HTTP 401: Invalid API key ***):"
        + " check OPENWEATHERMAP_API_KEY";
    WeatherPollerStatus stopped = new WeatherPollerStatus(
        "openweathermap",
        "openweathermap at http://127.0.0.1/data/2.5/weather (key from OPENWEATHERMAP_API_KEY)",
        false,
        reason,
        null,
        NOW,
        reason,
        List.of(new WeatherLocationStatus("paris", null, null, null, NOW, reason, 0, null, null)));

    String line = WeatherStatusLine.format(NOW, List.of(stopped), Map.of(), 0, null);

    assertThat(line)
        .isEqualTo("15:30:05 UTC | weather openweathermap: STOPPED (" + reason + ")"
            + " | published 0, unchanged 0 | spark batches 0 | no weather features yet");
  }

  @Test
  void beforeTheFirstFeatureTheLineCountsPollsAndFoldsParseErrorsIntoInvalid() {
    WeatherPollerStatus running = new WeatherPollerStatus(
        "openweathermap",
        "openweathermap",
        true,
        null,
        null,
        NOW,
        "openweathermap HTTP 503",
        List.of(healthy("paris"), failing("tokyo"), skipped("atlantis")));
    Map<String, Long> counters = Map.of(
        WeatherPoller.PUBLISHED,
        3L,
        WeatherPoller.UNCHANGED,
        7L,
        WeatherPoller.INVALID,
        1L,
        WeatherPoller.PARSE_ERRORS,
        2L);

    String line = WeatherStatusLine.format(NOW, List.of(running), counters, 4, null);

    assertThat(line)
        .isEqualTo("15:30:05 UTC | weather openweathermap: 1/3 ok, 1 failing, 1 skipped"
            + " | published 3, unchanged 7, invalid 3 | spark batches 4 | no weather features yet");
  }

  @Test
  void theLastRecordIsShownWithOneDecimalWhateverTheDefaultLocale() {
    WeatherPollerStatus running = new WeatherPollerStatus(
        "openweathermap",
        "openweathermap",
        true,
        null,
        Instant.parse("2025-04-15T15:31:00Z"),
        NOW,
        "rate limit",
        List.of(healthy("paris"), healthy("tokyo")));
    Locale defaultLocale = Locale.getDefault();
    Locale.setDefault(Locale.FRANCE); // a decimal comma would show here
    try {
      String line = WeatherStatusLine.format(
          NOW, List.of(running), Map.of(WeatherPoller.PUBLISHED, 2L), 12, paris(24.38, 27.96));

      assertThat(line)
          .isEqualTo("15:30:05 UTC | weather openweathermap: 2/2 ok,"
              + " rate-limited until 2025-04-15T15:31:00Z | published 2, unchanged 0"
              + " | spark batches 12 | last paris 24.4 °C, heat index 28.0, afternoon"
              + " (local 2025-04-15T17:30:00)");
    } finally {
      Locale.setDefault(defaultLocale);
    }
  }

  @Test
  void aMissingValueInTheLastRecordIsAQuestionMark() {
    WeatherPollerStatus running = new WeatherPollerStatus(
        "generator", "generator", true, null, null, null, null, List.of(healthy("paris")));

    String line = WeatherStatusLine.format(NOW, List.of(running), Map.of(), 1, paris(24.38, null));

    assertThat(line)
        .endsWith("| last paris 24.4 °C, heat index ?, afternoon" + " (local 2025-04-15T17:30:00)");
  }

  @Test
  void severalSourcesShareTheLineAndNoneSaysTheJobReadsWhatArrives() {
    WeatherPollerStatus api = new WeatherPollerStatus(
        "tomorrow.io", "tomorrow.io", true, null, null, null, null, List.of(healthy("dakar")));
    WeatherPollerStatus scraper = new WeatherPollerStatus(
        "scraper", "scraper", true, null, null, null, null, List.of(failing("dakar")));

    assertThat(WeatherStatusLine.format(NOW, List.of(api, scraper), Map.of(), 2, null))
        .contains("| weather tomorrow.io: 1/1 ok; scraper: 0/1 ok, 1 failing |");
    assertThat(WeatherStatusLine.format(NOW, List.of(), Map.of(), 2, null))
        .contains("| weather no poller (features of what arrives) |");
  }
}
