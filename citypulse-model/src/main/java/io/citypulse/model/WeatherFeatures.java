package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One observation with the variables derived from it: the value of the
 * {@code topic-weather-final} topic, keyed by {@link #key()}. Formulas and their sources are
 * documented in {@code io.citypulse.jobs.weather.WeatherFormulas} and the README. A derived value
 * is null when an input it needs is missing or when it is undefined (wind chill above 10 °C).
 *
 * @param localTime the observation time in the location's own zone, ISO-8601 without offset
 * @param timeOfDay {@code night} [0 h, 6 h), {@code morning}, {@code afternoon}, {@code evening},
 *     from {@link #localTime()}
 * @param temperatureChange1h temperature now minus the earliest observation of the last hour
 *     (event time), null when there is no earlier observation in that hour
 * @param observations1h observations of this location in the last hour, this one included
 */
@JsonPropertyOrder({
  "location",
  "city",
  "country",
  "lat",
  "lon",
  "observed_at",
  "local_time",
  "utc_offset_seconds",
  "time_of_day",
  "source",
  "temperature_c",
  "feels_like_c",
  "humidity_pct",
  "pressure_hpa",
  "wind_speed_ms",
  "wind_direction_deg",
  "wind_gust_ms",
  "clouds_pct",
  "precipitation_mm",
  "weather_code",
  "weather_description",
  "heat_index",
  "severity_index",
  "dew_point_c",
  "humidex_category",
  "wind_chill_c",
  "beaufort",
  "temperature_change_1h",
  "pressure_change_1h",
  "observations_1h"
})
public record WeatherFeatures(
    @JsonProperty("location") String location,
    @JsonProperty("city") String city,
    @JsonProperty("country") String country,
    @JsonProperty("lat") Double lat,
    @JsonProperty("lon") Double lon,
    @JsonProperty("observed_at") Instant observedAt,
    @JsonProperty("local_time") String localTime,
    @JsonProperty("utc_offset_seconds") Integer utcOffsetSeconds,
    @JsonProperty("time_of_day") String timeOfDay,
    @JsonProperty("source") String source,
    @JsonProperty("temperature_c") Double temperatureC,
    @JsonProperty("feels_like_c") Double feelsLikeC,
    @JsonProperty("humidity_pct") Double humidityPct,
    @JsonProperty("pressure_hpa") Double pressureHpa,
    @JsonProperty("wind_speed_ms") Double windSpeedMs,
    @JsonProperty("wind_direction_deg") Double windDirectionDeg,
    @JsonProperty("wind_gust_ms") Double windGustMs,
    @JsonProperty("clouds_pct") Double cloudsPct,
    @JsonProperty("precipitation_mm") Double precipitationMm,
    @JsonProperty("weather_code") String weatherCode,
    @JsonProperty("weather_description") String weatherDescription,
    @JsonProperty("heat_index") Double heatIndex,
    @JsonProperty("severity_index") Double severityIndex,
    @JsonProperty("dew_point_c") Double dewPointC,
    @JsonProperty("humidex_category") String humidexCategory,
    @JsonProperty("wind_chill_c") Double windChillC,
    @JsonProperty("beaufort") Integer beaufort,
    @JsonProperty("temperature_change_1h") Double temperatureChange1h,
    @JsonProperty("pressure_change_1h") Double pressureChange1h,
    @JsonProperty("observations_1h") int observations1h) {
  /** The record's Kafka key: {@code source:location} ({@link WeatherKey}). */
  public String key() {
    return WeatherKey.of(source, location);
  }
}
