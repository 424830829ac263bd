package io.citypulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One current-weather observation of one location, normalised from any source: the value of the
 * {@code topic-weather} topic, keyed by {@link #key()}. Units are SI-ish and fixed whatever
 * the source sends: °C, %, hPa, m/s, degrees, mm. Fields a source does not provide are null.
 *
 * @param location stable key of the configured location, e.g. {@code paris} or {@code dakar}
 * @param observedAt when the source measured it (UTC), not when we fetched it
 * @param utcOffsetSeconds the location's offset from UTC at {@code observedAt}, for local time
 * @param weatherCode the source's own code (OpenWeatherMap id, WMO code, Tomorrow.io code)
 * @param source {@code openweathermap}, {@code open-meteo}, {@code tomorrow.io} or {@code generator}
 */
@JsonPropertyOrder({
  "location",
  "city",
  "country",
  "lat",
  "lon",
  "observed_at",
  "utc_offset_seconds",
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
  "source",
  "fetched_at"
})
public record WeatherObservation(
    @JsonProperty("location") String location,
    @JsonProperty("city") String city,
    @JsonProperty("country") String country,
    @JsonProperty("lat") Double lat,
    @JsonProperty("lon") Double lon,
    @JsonProperty("observed_at") Instant observedAt,
    @JsonProperty("utc_offset_seconds") Integer utcOffsetSeconds,
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
    @JsonProperty("source") String source,
    @JsonProperty("fetched_at") Instant fetchedAt) {
  /** The record's Kafka key: {@code source:location} ({@link WeatherKey}). */
  public String key() {
    return WeatherKey.of(source, location);
  }
}
