package io.citypulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherThresholdTest {

  @Test
  void parsesAListWithUnitlessNamesAndEveryComparison() {
    List<WeatherThreshold> parsed = WeatherThreshold.parseList(
        " temperature>35, wind_speed >= 20,humidity<=15.5 ,pressure_hpa<990, humidex>=38");
    assertThat(parsed)
        .extracting(WeatherThreshold::rule)
        .containsExactly(
            "temperature_c>35",
            "wind_speed_ms>=20",
            "humidity_pct<=15.5",
            "pressure_hpa<990",
            "heat_index>=38");
    assertThat(parsed.get(0).test(35)).isFalse();
    assertThat(parsed.get(0).test(35.1)).isTrue();
    assertThat(parsed.get(1).test(20)).isTrue();
    assertThat(parsed.get(3).test(990)).isFalse();
  }

  @Test
  void blankIsNone() {
    assertThat(WeatherThreshold.parseList("")).isEmpty();
    assertThat(WeatherThreshold.parseList("  ")).isEmpty();
    assertThat(WeatherThreshold.parseList(null)).isEmpty();
  }

  @Test
  void anUnknownFeatureIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature>35, temprature>30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "weather threshold #2 'temprature>30': unknown weather feature 'temprature'")
        .hasMessageContaining("temperature_c");
  }

  @Test
  void aMissingOrUnknownComparisonIsRefused() {
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature=35"))
        .hasMessageStartingWith(
            "weather threshold #1 'temperature=35': expected" + " <feature><op><number>");
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature 35"))
        .hasMessageContaining("'temperature 35': expected");
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature=>35"))
        .hasMessageContaining("'temperature=>35': expected");
  }

  @Test
  void aValueThatIsNotAFiniteNumberIsRefused() {
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature>hot"))
        .hasMessage("weather threshold #1 'temperature>hot': 'hot' is not a finite number");
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature>NaN"))
        .hasMessageContaining("'NaN' is not a finite number");
    assertThatThrownBy(() -> WeatherThreshold.parseList("wind_speed>=1e999"))
        .hasMessageContaining("'1e999' is not a finite number");
  }

  @Test
  void anEmptyEntryIsRefused() {
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature>35,,wind_speed>20"))
        .hasMessageStartingWith("weather threshold #2 '': empty entry");
    assertThatThrownBy(() -> WeatherThreshold.parseList("temperature>35,"))
        .hasMessageStartingWith("weather threshold #2 '': empty entry");
  }

  @Test
  void theSettingsRefuseABadListWhenBuilt() {
    assertThatThrownBy(() -> new AlertSettings(
            AlertSettings.DEFAULT_MIN_DURATION,
            AlertSettings.DEFAULT_CLEAR_AFTER,
            3,
            5,
            0,
            40,
            8,
            "dew_point<"))
        .hasMessageContaining("'dew_point<': expected");
  }
}
