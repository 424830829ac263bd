package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;

/** One sparkline point of a weather location at {@code at} (the observation time). */
public record WeatherPoint(
    @JsonProperty("at") Instant at,
    @JsonProperty("temperature_c") Double temperatureC,
    @JsonProperty("humidity_pct") Double humidityPct,
    @JsonProperty("wind_speed_ms") Double windSpeedMs,
    @JsonProperty("precipitation_mm") Double precipitationMm) {

  static WeatherPoint of(WeatherFeatures w) {
    return new WeatherPoint(
        w.observedAt(), w.temperatureC(), w.humidityPct(), w.windSpeedMs(), w.precipitationMm());
  }
}
