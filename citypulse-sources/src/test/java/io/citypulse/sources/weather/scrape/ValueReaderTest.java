package io.citypulse.sources.weather.scrape;

import static io.citypulse.sources.weather.scrape.ValueReader.NumberFormat.COMMA;
import static io.citypulse.sources.weather.scrape.ValueReader.NumberFormat.POINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Units and number formats, one conversion per line. */
class ValueReaderTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "27\u00a0°C        | 27",
        "25.9  (°C)        | 25.9",
        "72 °F             | 22.2222",
        "\u22125 °C        | -5",
        "-40 °F            | -40",
        "293.15 K          | 20",
        "21 ℃              | 21",
        "12 C              | 12",
      })
  void temperatures(String text, double celsius) {
    assertThat(ValueReader.temperatureC(text, null, POINT)).isCloseTo(celsius, within(1e-4));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9 km/h                   | 2.5",
        "0.3  (m/s), 1.1 (km/h)   | 0.3",
        "9 mph                    | 4.02336",
        "10 knots                 | 5.14444",
        "12 kt                    | 6.17333",
        "No wind                  | 0",
        "calm                     | 0",
      })
  void speeds(String text, double metresPerSecond) {
    assertThat(ValueReader.speedMs(text, null, POINT)).isCloseTo(metresPerSecond, within(1e-4));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1006 mbar        | 1006",
        "1006.4\u00a0hPa  | 1006.4",
        "1016.3 (hPa)     | 1016.3",
        "29.83 \"Hg       | 1010.1598",
        "29.77 in         | 1008.1279",
        "29.77 inHg       | 1008.1279",
        "760 mmHg         | 1013.2501",
        "101.3 kPa        | 1013",
        "1,013.2 mb       | 1013.2",
      })
  void pressures(String text, double hectopascals) {
    assertThat(ValueReader.pressureHpa(text, null, POINT)).isCloseTo(hectopascals, within(1e-3));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "89%            | 89",
        "97\u00a0%      | 97",
        "41.5 (%)       | 41.5",
        "91             | 91",
      })
  void humidities(String text, double percent) {
    assertThat(ValueReader.humidityPct(text, null, POINT)).isEqualTo(percent);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "260                          | 260",
        "from 260°                    | 260",
        "345 Grad                     | 345",
        "W-N-W, 297.2 (Grad)          | 297.2",
        "SE                           | 135",
        "NNW                          | 337.5",
        "ONO                          | 67.5",
        "SO                           | 135",
        "O                            | 90",
        "from Northwest               | 315",
        "W-N-W                        | 292.5",
        "360°                         | 0",
      })
  void directions(String text, double degrees) {
    assertThat(ValueReader.directionDeg(text, null, POINT)).isEqualTo(degrees);
  }

  @Test
  void decimalCommaAndGrouping() {
    assertThat(ValueReader.pressureHpa("1.013,2 hPa", null, COMMA)).isEqualTo(1013.2);
    assertThat(ValueReader.temperatureC("16,1 °C", null, COMMA)).isEqualTo(16.1);
    assertThat(ValueReader.pressureHpa("1,013.2 hPa", null, POINT)).isEqualTo(1013.2);
    assertThat(ValueReader.temperatureC("\u22121,5\u00a0°C", null, COMMA)).isEqualTo(-1.5);
  }

  @Test
  void aFixedUnitWinsOverTheText() {
    assertThat(ValueReader.temperatureC("50.3", "°F", POINT)).isCloseTo(10.1667, within(1e-4));
    assertThat(ValueReader.speedMs("5.0 mph", "km/h", POINT)).isCloseTo(1.3889, within(1e-4));
    assertThat(ValueReader.pressureHpa("29.77", "in", POINT)).isCloseTo(1008.13, within(0.01));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"--", "N/A", "-- (°C)", "'   '", "—", "k. A."})
  void missingValuesAreNull(String text) {
    assertThat(ValueReader.temperatureC(text, null, POINT)).isNull();
    assertThat(ValueReader.directionDeg(text, null, POINT)).isNull();
    assertThat(ValueReader.speedMs(text, null, POINT)).isNull();
  }

  @Test
  void unreadableTextSaysWhy() {
    assertThatThrownBy(() -> ValueReader.temperatureC("27", null, POINT))
        .isInstanceOf(ValueReader.UnreadableValue.class)
        .hasMessage("no temperature unit (°C, °F, K) after the number in '27'");
    assertThatThrownBy(() -> ValueReader.speedMs("fast", null, POINT))
        .hasMessage("no number in 'fast'");
    assertThatThrownBy(() -> ValueReader.directionDeg("sideways", null, POINT))
        .hasMessage("'sideways' is neither degrees nor a compass direction");
    assertThatThrownBy(() -> ValueReader.pressureHpa("1000", "atm", POINT))
        .hasMessageStartingWith("unknown unit 'atm'");
  }
}
