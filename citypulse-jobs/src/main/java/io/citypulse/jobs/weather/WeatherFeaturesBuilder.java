package io.citypulse.jobs.weather;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Builds the output record of one observation: its fields, the derived values and its trend. */
public final class WeatherFeaturesBuilder {
  private WeatherFeaturesBuilder() {}

  /**
   * The observation's fields unchanged; {@code local_time} = observed_at + utc_offset_seconds as
   * ISO-8601 without offset (seconds always written: {@code 2025-07-15T14:00:00}); the formulas
   * of {@link WeatherFormulas}; derived numbers and the trend rounded to 2 decimals
   * ({@link WeatherFormulas#round2}). The humidex category is taken from the unrounded humidex.
   */
  public static WeatherFeatures build(WeatherObservation o, WeatherTrend trend) {
    LocalDateTime local = WeatherFormulas.localTime(o.observedAt(), o.utcOffsetSeconds());
    Double humidex = WeatherFormulas.heatIndex(o.temperatureC(), o.humidityPct());
    return new WeatherFeatures(
        o.location(),
        o.city(),
        o.country(),
        o.lat(),
        o.lon(),
        o.observedAt(),
        local == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local),
        o.utcOffsetSeconds(),
        local == null ? null : WeatherFormulas.timeOfDay(local.getHour()),
        o.source(),
        o.temperatureC(),
        o.feelsLikeC(),
        o.humidityPct(),
        o.pressureHpa(),
        o.windSpeedMs(),
        o.windDirectionDeg(),
        o.windGustMs(),
        o.cloudsPct(),
        o.precipitationMm(),
        o.weatherCode(),
        o.weatherDescription(),
        WeatherFormulas.round2(humidex),
        WeatherFormulas.round2(
            WeatherFormulas.severityIndex(o.windSpeedMs(), o.pressureHpa(), o.humidityPct())),
        WeatherFormulas.round2(WeatherFormulas.dewPoint(o.temperatureC(), o.humidityPct())),
        WeatherFormulas.humidexCategory(humidex),
        WeatherFormulas.round2(WeatherFormulas.windChill(o.temperatureC(), o.windSpeedMs())),
        WeatherFormulas.beaufort(o.windSpeedMs()),
        WeatherFormulas.round2(trend.temperatureChange()),
        WeatherFormulas.round2(trend.pressureChange()),
        trend.observations());
  }
}
