package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

  private static ColumnMapping load(String text, String name) {
    return ColumnMapping.load(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
  }

  @Test
  void yamlAndJsonFilesRenameColumnsCaseInsensitively() {
    ColumnMapping yaml = load("Temp: temperature_c\nwhen: observed_at\n", "m.yaml");
    ColumnMapping json = load("{\"Temp\": \"temperature_c\", \"when\": \"observed_at\"}", "m.json");
    Map<String, String> row =
        Map.of("temp", "21.5", "WHEN", "2025-10-18T12:00:00Z", "Location", "x");

    for (ColumnMapping mapping : List.of(yaml, json)) {
      Map<String, String> renamed = mapping.renamer(WeatherRows.FIELDS, w -> {}).apply(row);
      assertThat(renamed)
          .containsEntry("temperature_c", "21.5")
          .containsEntry("observed_at", "2025-10-18T12:00:00Z")
          .containsEntry("location", "x");
    }
  }

  @Test
  void unknownColumnsAreWarnedAboutOnceAndDropped() {
    List<String> warnings = new ArrayList<>();
    ColumnMapping.Renamer renamer =
        ColumnMapping.identity().renamer(WeatherRows.FIELDS, warnings::add);

    renamer.apply(Map.of("location", "a", "visibility", "10"));
    Map<String, String> second = renamer.apply(Map.of("location", "b", "visibility", "9"));

    assertThat(second).containsOnlyKeys("location");
    assertThat(warnings)
        .containsExactly(
            "column 'visibility' is not a known field and is ignored (a --mapping file can give its field)");
    assertThat(renamer.ignoredColumns()).containsExactly("visibility");
  }

  @Test
  void tomorrowIoBuiltInMapsItsNamesAndPrefersSeaLevelPressure() {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("location", "paris");
    row.put("time", "2025-10-18T12:00:00Z");
    row.put("temperature", "14.2");
    row.put("temperatureApparent", "13.1");
    row.put("humidity", "81");
    row.put("pressureSurfaceLevel", "1003.2");
    row.put("pressureSeaLevel", "1016.9");
    row.put("windSpeed", "3.4");
    row.put("windDirection", "220");
    row.put("windGust", "7.1");
    row.put("cloudCover", "100");
    row.put("precipitationIntensity", "0.4");
    row.put("weatherCode", "4000");
    List<String> warnings = new ArrayList<>();

    Map<String, String> renamed = ColumnMapping.builtIn("Tomorrow.IO")
        .renamer(WeatherRows.FIELDS, warnings::add)
        .apply(row);

    assertThat(warnings).isEmpty();
    assertThat(renamed)
        .containsEntry("observed_at", "2025-10-18T12:00:00Z")
        .containsEntry("temperature_c", "14.2")
        .containsEntry("feels_like_c", "13.1")
        .containsEntry("humidity_pct", "81")
        .containsEntry("pressure_hpa", "1016.9")
        .containsEntry("wind_speed_ms", "3.4")
        .containsEntry("wind_direction_deg", "220")
        .containsEntry("wind_gust_ms", "7.1")
        .containsEntry("clouds_pct", "100")
        .containsEntry("precipitation_mm", "0.4")
        .containsEntry("weather_code", "4000");
    assertThat(WeatherRows.fromRow(renamed)).isInstanceOf(RowResult.Ok.class);
  }

  @Test
  void badMappingFilesSayWhatIsWrong() {
    assertThatThrownBy(() -> load("[1, 2]", "m.json"))
        .hasMessageContaining("must be an object of \"foreign column\": \"field\" pairs");
    assertThatThrownBy(() -> load("{\"temp\": 3}", "m.json"))
        .hasMessageContaining("'temp' must map to a field name");
    assertThatThrownBy(() -> load("{\"temp\": ", "m.json"))
        .hasMessageStartingWith("mapping file 'm.json' is not valid JSON");
    assertThatThrownBy(() -> load("temp: [a, b]\n", "m.yaml"))
        .hasMessageContaining("'temp' must map to a field name");
    assertThatThrownBy(
            () -> load("temp: temperature\n", "m.yml").renamer(WeatherRows.FIELDS, w -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'temp' → 'temperature'");
    assertThatThrownBy(() -> ColumnMapping.builtIn("accuweather"))
        .hasMessageContaining("built-in mappings are [tomorrow.io]");
  }
}
