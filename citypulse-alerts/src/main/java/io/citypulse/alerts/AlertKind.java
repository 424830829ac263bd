package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an alert is about; lower case in JSON ({@code station_empty}...). */
public enum AlertKind {
  STATION_EMPTY,
  STATION_FULL,
  POSTCODE_LOW_BIKES,
  WEATHER_HUMIDEX,
  WEATHER_BEAUFORT,
  WEATHER_THRESHOLD,
  FEED_STALE,
  JOB_FAILING;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
