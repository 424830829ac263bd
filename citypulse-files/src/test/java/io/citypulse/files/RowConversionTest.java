package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowConversionTest {

  private static WeatherObservation weather(Map<String, String> row) {
    RowResult<WeatherObservation> result = WeatherRows.fromRow(row);
    assertThat(result).isInstanceOf(RowResult.Ok.class);
    return ((RowResult.Ok<WeatherObservation>) result).value();
  }

  private static String problems(RowResult<?> result) {
    assertThat(result).isInstanceOf(RowResult.Invalid.class);
    return ((RowResult.Invalid<?>) result).message();
  }

  @Test
  void timesAsInstantOffsetOrEpochSeconds() {
    Instant expected = Instant.parse("2025-10-18T12:00:00Z");

    assertThat(weather(Map.of("location", "a", "observed_at", "2025-10-18T12:00:00Z"))
            .observedAt())
        .isEqualTo(expected);
    assertThat(weather(Map.of("location", "a", "observed_at", "2025-10-18T14:00:00+02:00"))
            .observedAt())
        .isEqualTo(expected);
    assertThat(weather(Map.of("location", "a", "observed_at", "1760788800")).observedAt())
        .isEqualTo(expected);
    assertThat(weather(Map.of("location", "a", "observed_at", "1760788800.5")).observedAt())
        .isEqualTo(expected.plusMillis(500));
  }

  @Test
  void everyProblemIsNamed() {
    String message = problems(WeatherRows.fromRow(Map.of(
        "temperature_c", "abc",
        "utc_offset_seconds", "3600.5",
        "humidity_pct", "NaN",
        "fetched_at", "yesterday")));

    assertThat(message)
        .isEqualTo("missing column location; missing column observed_at;"
            + " utc_offset_seconds: '3600.5' is not a whole number;"
            + " temperature_c: 'abc' is not a number; humidity_pct: 'NaN' is not a number;"
            + " fetched_at: 'yesterday' is not an ISO-8601 date-time (2025-10-18T12:00:00Z)"
            + " or epoch seconds");
  }

  @Test
  void localDateTimeWithoutZoneIsRefusedNamingTheColumn() {
    assertThat(problems(
            WeatherRows.fromRow(Map.of("location", "a", "observed_at", "2025-10-18T12:00"))))
        .startsWith("observed_at: '2025-10-18T12:00' has no time zone");
  }

  @Test
  void numbersAreTrimmedAndRowsWithOnlyRequiredColumnsAreFine() {
    WeatherObservation o =
        weather(Map.of("location", "a", "observed_at", "0", "temperature_c", " -4.25 "));

    assertThat(o.temperatureC()).isEqualTo(-4.25);
    assertThat(o.city()).isNull();
    assertThat(WeatherRows.toRow(o).keySet()).containsExactlyElementsOf(WeatherRows.COLUMNS);
  }

  @Test
  void stationRowsNeedKeyCountAndFlags() {
    String message = problems(StationRows.fromRow(
        Map.of("system", "velib", "bikes_available", "x", "is_installed", "maybe")));

    assertThat(message)
        .contains("missing column station_code")
        .contains("bikes_available: 'x' is not a number")
        .contains("is_installed: 'maybe' is not a boolean")
        .contains("missing column is_renting");

    RowResult<StationRecord> ok = StationRows.fromRow(Map.of(
        "system",
        "velib",
        "station_code",
        "16107",
        "bikes_available",
        "3",
        "is_installed",
        "1",
        "is_renting",
        "TRUE",
        "is_returning",
        "no"));
    StationRecord station = ((RowResult.Ok<StationRecord>) ok).value();
    assertThat(station.key()).isEqualTo("velib:16107");
    assertThat(station.installed()).isTrue();
    assertThat(station.renting()).isTrue();
    assertThat(station.returning()).isFalse();
  }
}
