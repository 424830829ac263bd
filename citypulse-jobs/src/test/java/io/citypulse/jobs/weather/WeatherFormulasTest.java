package io.citypulse.jobs.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeatherFormulasTest {

  @Test
  void heatIndexOfTheParisExample() {
    // e = 6.11 × 10^(7.5 × 24.38 / 262.08) × 0.54 = 16.4501; H = 24.38 + 0.5555 × 6.4501
    assertThat(WeatherFormulas.heatIndex(24.38, 54.0)).isCloseTo(27.96, within(0.005));
    assertThat(WeatherFormulas.round2(WeatherFormulas.heatIndex(24.38, 54.0))).isEqualTo(27.96);
  }

  @Test
  void heatIndexAgreesWithEnvironmentCanadasTable() {
    // Environment Canada's humidex table: 30 °C at 70 % relative humidity reads 41.
    assertThat(Math.round(WeatherFormulas.heatIndex(30.0, 70.0))).isEqualTo(41);
    // Dry air lowers it below the temperature (e < 10 hPa).
    assertThat(WeatherFormulas.heatIndex(20.0, 10.0)).isLessThan(20.0);
  }

  @Test
  void severityIndexWorkedByHand() {
    // 3.6 × 0.5 + (1015 − 1012) × 0.3 + 54 × 0.2 = 1.8 + 0.9 + 10.8
    assertThat(WeatherFormulas.severityIndex(3.6, 1012.0, 54.0)).isCloseTo(13.5, within(1e-9));
    // A deep low: 20 × 0.5 + (1015 − 980) × 0.3 + 90 × 0.2 = 10 + 10.5 + 18
    assertThat(WeatherFormulas.severityIndex(20.0, 980.0, 90.0)).isCloseTo(38.5, within(1e-9));
    // High pressure counts negatively: 0 + (1015 − 1035) × 0.3 + 0 = −6
    assertThat(WeatherFormulas.severityIndex(0.0, 1035.0, 0.0)).isCloseTo(-6.0, within(1e-9));
  }

  @Test
  void dewPointMagnus() {
    assertThat(WeatherFormulas.dewPoint(20.0, 50.0)).isCloseTo(9.26, within(0.005));
    // Saturated air: the dew point is the temperature.
    assertThat(WeatherFormulas.dewPoint(15.0, 100.0)).isCloseTo(15.0, within(1e-9));
    assertThat(WeatherFormulas.dewPoint(-5.0, 80.0)).isCloseTo(-7.92, within(0.005));
    assertThat(WeatherFormulas.dewPoint(20.0, 0.0)).as("ln 0 is undefined").isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "-40.0, little or no discomfort",
    "29.49, little or no discomfort",
    "29.5, some discomfort",
    "30.0, some discomfort",
    "39.49, some discomfort",
    "39.5, great discomfort",
    "45.0, great discomfort",
    "45.49, great discomfort",
    "45.5, dangerous",
    "46.0, dangerous",
    "60.0, dangerous"
  })
  void humidexCategoryUsesEnvironmentCanadasBandsOnTheReportedWholeNumber(
      double humidex, String category) {
    assertThat(WeatherFormulas.humidexCategory(humidex)).isEqualTo(category);
  }

  @Test
  void windChillOfEnvironmentCanadasExample() {
    // 30 km/h = 8.3333 m/s; W = 13.12 − 6.215 − 11.37 × 30^0.16 − 3.965 × 30^0.16
    assertThat(WeatherFormulas.windChill(-10.0, 30 / 3.6)).isCloseTo(-19.52, within(0.005));
    assertThat(WeatherFormulas.round2(WeatherFormulas.windChill(-10.0, 30 / 3.6)))
        .isEqualTo(-19.52);
    // Environment Canada's table: −20 °C at 20 km/h reads −30 (−30.48 before rounding).
    assertThat(Math.round(WeatherFormulas.windChill(-20.0, 20 / 3.6))).isEqualTo(-30);
  }

  @Test
  void windChillIsOnlyDefinedForColdAndWindyAir() {
    assertThat(WeatherFormulas.windChill(10.0, 10.0)).isNotNull();
    assertThat(WeatherFormulas.windChill(10.01, 10.0)).as("above 10 °C").isNull();
    assertThat(WeatherFormulas.windChill(0.0, 4.8 / 3.6)).as("exactly 4.8 km/h").isNull();
    assertThat(WeatherFormulas.windChill(0.0, 4.9 / 3.6)).isNotNull();
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, 0", "0.29, 0", "0.3, 1", "1.5, 1", "1.55, 1", "1.6, 2", "3.3, 2", "3.4, 3",
    "5.4, 3", "5.5, 4", "7.9, 4", "8.0, 5", "10.7, 5", "10.8, 6", "13.8, 6", "13.9, 7",
    "17.1, 7", "17.2, 8", "20.7, 8", "20.8, 9", "24.4, 9", "24.5, 10", "28.4, 10", "28.5, 11",
    "32.6, 11", "32.7, 12", "60.0, 12"
  })
  void beaufortFollowsTheWmoTable(double windSpeedMs, int force) {
    assertThat(WeatherFormulas.beaufort(windSpeedMs)).isEqualTo(force);
  }

  @ParameterizedTest
  @CsvSource({
    "00:00, night",
    "05:59, night",
    "06:00, morning",
    "11:59, morning",
    "12:00, afternoon",
    "17:59, afternoon",
    "18:00, evening",
    "23:59, evening"
  })
  void timeOfDayBoundaries(String hourMinute, String expected) {
    Instant utc = Instant.parse("2025-01-15T" + hourMinute + ":00Z");
    assertThat(WeatherFormulas.timeOfDay(utc, 0)).isEqualTo(expected);
    // The same wall-clock time one zone away comes from the offset, not from the instant alone.
    assertThat(WeatherFormulas.timeOfDay(utc.minusSeconds(3600), 3600)).isEqualTo(expected);
  }

  @Test
  void timeOfDayIsTheLocationsLocalTimeWhateverTheJvmZone() {
    Instant instant = Instant.parse("2025-07-15T12:00:00Z");
    TimeZone jvmZone = TimeZone.getDefault();
    try {
      for (String zone : new String[] {"UTC", "Pacific/Kiritimati", "America/Los_Angeles"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        assertThat(WeatherFormulas.localTime(instant, 9 * 3600))
            .isEqualTo(LocalDateTime.parse("2025-07-15T21:00:00"));
        assertThat(WeatherFormulas.timeOfDay(instant, 9 * 3600)).as("Tokyo").isEqualTo("evening");
        assertThat(WeatherFormulas.timeOfDay(instant, -4 * 3600))
            .as("New York")
            .isEqualTo("morning");
        assertThat(WeatherFormulas.timeOfDay(instant, 2 * 3600)).as("Paris").isEqualTo("afternoon");
        assertThat(WeatherFormulas.timeOfDay(instant, -10 * 3600))
            .as("Honolulu")
            .isEqualTo("night");
      }
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  @Test
  void localTimeCrossesTheDateLine() {
    Instant instant = Instant.parse("2025-07-15T22:30:00Z");
    assertThat(WeatherFormulas.localTime(instant, 9 * 3600))
        .isEqualTo(LocalDateTime.parse("2025-07-16T07:30:00"));
    assertThat(WeatherFormulas.localTime(instant, 19 * 3600)).as("beyond ±18 h").isNull();
  }

  @Test
  void nullAndNonFiniteInputsGiveNull() {
    assertThat(WeatherFormulas.heatIndex(null, 50.0)).isNull();
    assertThat(WeatherFormulas.heatIndex(20.0, null)).isNull();
    assertThat(WeatherFormulas.heatIndex(Double.NaN, 50.0)).isNull();
    assertThat(WeatherFormulas.severityIndex(null, 1000.0, 50.0)).isNull();
    assertThat(WeatherFormulas.severityIndex(1.0, null, 50.0)).isNull();
    assertThat(WeatherFormulas.severityIndex(1.0, 1000.0, null)).isNull();
    assertThat(WeatherFormulas.severityIndex(Double.POSITIVE_INFINITY, 1000.0, 50.0))
        .isNull();
    assertThat(WeatherFormulas.dewPoint(null, 50.0)).isNull();
    assertThat(WeatherFormulas.dewPoint(20.0, null)).isNull();
    assertThat(WeatherFormulas.humidexCategory(null)).isNull();
    assertThat(WeatherFormulas.humidexCategory(Double.NaN)).isNull();
    assertThat(WeatherFormulas.windChill(null, 5.0)).isNull();
    assertThat(WeatherFormulas.windChill(-5.0, null)).isNull();
    assertThat(WeatherFormulas.beaufort(null)).isNull();
    assertThat(WeatherFormulas.beaufort(-1.0)).isNull();
    assertThat(WeatherFormulas.beaufort(Double.NaN)).isNull();
    assertThat(WeatherFormulas.localTime(null, 0)).isNull();
    assertThat(WeatherFormulas.localTime(Instant.EPOCH, null)).isNull();
    assertThat(WeatherFormulas.timeOfDay(Instant.EPOCH, null)).isNull();
    assertThat(WeatherFormulas.timeOfDay(24)).isNull();
    assertThat(WeatherFormulas.round2(null)).isNull();
    assertThat(WeatherFormulas.round2(Double.NaN)).isNull();
  }

  @Test
  void round2RoundsTheDecimalValueHalfAwayFromZero() {
    assertThat(WeatherFormulas.round2(24.38 - 23.9)).isEqualTo(0.48);
    assertThat(WeatherFormulas.round2(0.125)).isEqualTo(0.13);
    assertThat(WeatherFormulas.round2(-0.125)).isEqualTo(-0.13);
    assertThat(WeatherFormulas.round2(1012.0)).isEqualTo(1012.0);
  }
}
