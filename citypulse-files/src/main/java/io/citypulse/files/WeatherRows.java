package io.citypulse.files;

import io.citypulse.model.WeatherObservation;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link WeatherObservation} ↔ row, with the {@code topic-weather} JSON field names as columns, so
 * that an export reads back into equal observations. Only types and required columns are checked
 * here; ranges are the sources' {@code WeatherValidator}'s business.
 */
public final class WeatherRows {
  private WeatherRows() {}

  /**
   * The columns in the topic's field order (the record's {@code @JsonPropertyOrder}, declared
   * once in the model): the order writers should use.
   */
  public static final List<String> COLUMNS = ModelColumns.of(WeatherObservation.class);

  /** The columns as a set, for a {@link ColumnMapping.Renamer}. */
  public static final Set<String> FIELDS = new LinkedHashSet<>(COLUMNS);

  /** The columns a row must have: the topic's key and the observation time. */
  public static final List<String> REQUIRED = List.of("location", "observed_at");

  /**
   * The observation a row of canonical columns holds (apply a {@link ColumnMapping} first), or
   * every reason it does not: each bad value and each missing required column.
   */
  public static RowResult<WeatherObservation> fromRow(Map<String, String> row) {
    Cells cells = new Cells(row);
    WeatherObservation observation = new WeatherObservation(
        cells.requiredText("location"),
        cells.text("city"),
        cells.text("country"),
        cells.number("lat"),
        cells.number("lon"),
        cells.requiredInstant("observed_at"),
        cells.integer("utc_offset_seconds"),
        cells.number("temperature_c"),
        cells.number("feels_like_c"),
        cells.number("humidity_pct"),
        cells.number("pressure_hpa"),
        cells.number("wind_speed_ms"),
        cells.number("wind_direction_deg"),
        cells.number("wind_gust_ms"),
        cells.number("clouds_pct"),
        cells.number("precipitation_mm"),
        cells.text("weather_code"),
        cells.text("weather_description"),
        cells.text("source"),
        cells.instant("fetched_at"));
    return cells.problems().isEmpty()
        ? new RowResult.Ok<>(observation)
        : new RowResult.Invalid<>(cells.problems());
  }

  /** The observation as a row in {@link #COLUMNS} order, typed values, nulls included. */
  public static Map<String, Object> toRow(WeatherObservation o) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("location", o.location());
    row.put("city", o.city());
    row.put("country", o.country());
    row.put("lat", o.lat());
    row.put("lon", o.lon());
    row.put("observed_at", o.observedAt());
    row.put("utc_offset_seconds", o.utcOffsetSeconds());
    row.put("temperature_c", o.temperatureC());
    row.put("feels_like_c", o.feelsLikeC());
    row.put("humidity_pct", o.humidityPct());
    row.put("pressure_hpa", o.pressureHpa());
    row.put("wind_speed_ms", o.windSpeedMs());
    row.put("wind_direction_deg", o.windDirectionDeg());
    row.put("wind_gust_ms", o.windGustMs());
    row.put("clouds_pct", o.cloudsPct());
    row.put("precipitation_mm", o.precipitationMm());
    row.put("weather_code", o.weatherCode());
    row.put("weather_description", o.weatherDescription());
    row.put("source", o.source());
    row.put("fetched_at", o.fetchedAt());
    return row;
  }
}
