package io.citypulse.jobs.weather;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class WeatherObservationParserTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        WeatherObservationParserTest.class.getResourceAsStream("/weather/" + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    }
  }

  @Test
  void readsAnObservationAndIgnoresUnknownFields() throws IOException {
    WeatherObservationParser.Parsed parsed =
        WeatherObservationParser.parse(resource("observation_paris.json"));

    assertThat(parsed.isValid()).isTrue();
    assertThat(parsed.rejection()).isNull();
    WeatherObservation o = parsed.observation();
    assertThat(o.location()).isEqualTo("paris");
    assertThat(o.observedAt()).isEqualTo(Instant.parse("2025-07-15T12:00:00Z"));
    assertThat(o.utcOffsetSeconds()).isEqualTo(7200);
    assertThat(o.temperatureC()).isEqualTo(24.38);
    assertThat(o.humidityPct()).isEqualTo(54.0);
    assertThat(o.windGustMs()).isNull();
    assertThat(o.source()).isEqualTo("openweathermap");
  }

  @Test
  void readsWhatTheModelWrites() {
    WeatherObservation written = Observations.tokyo(5, 27.1, 1008.5);
    WeatherObservationParser.Parsed parsed = WeatherObservationParser.parse(Json.write(written));
    assertThat(parsed.observation()).isEqualTo(written);
  }

  @Test
  void aMissingOffsetOrMeasurementIsAccepted() {
    WeatherObservationParser.Parsed parsed = WeatherObservationParser.parse(
        "{\"location\":\"dakar\",\"observed_at\":\"2025-07-15T12:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.isValid()).isTrue();
    assertThat(parsed.observation().utcOffsetSeconds()).isNull();
    assertThat(parsed.observation().temperatureC()).isNull();
  }

  @Test
  void aTombstoneIsRejected() {
    WeatherObservationParser.Parsed parsed = WeatherObservationParser.parse(null);
    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.rejection()).isEqualTo(WeatherObservationParser.TOMBSTONE);
  }

  @Test
  void rejectsEachBadValueWithItsReason() throws IOException {
    List<String> lines = new String(resource("rejected_values.txt"), StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
    assertThat(lines).hasSizeGreaterThan(10);
    for (String line : lines) {
      int tab = line.indexOf('\t');
      String reason = line.substring(0, tab);
      String value = line.substring(tab + 1);
      WeatherObservationParser.Parsed parsed =
          WeatherObservationParser.parse(value.getBytes(StandardCharsets.UTF_8));
      assertThat(parsed.rejection()).as(value).isEqualTo(reason);
      assertThat(parsed.observation()).as(value).isNull();
      assertThat(parsed.detail())
          .as(value)
          .isNotBlank()
          .hasSizeLessThanOrEqualTo(WeatherObservationParser.MAX_DETAIL_CHARS + 3)
          .doesNotContain("\n");
    }
  }

  @Test
  void bytesThatAreNotUtf8AreMalformedNotAnError() {
    byte[] garbage = {0, (byte) 0xff, (byte) 0xfe, '{', '"'};
    assertThat(WeatherObservationParser.parse(garbage).rejection())
        .isEqualTo(WeatherObservationParser.MALFORMED_JSON);
  }
}
