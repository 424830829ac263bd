package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.citypulse.model.WeatherFeatures;
import java.time.Clock;
import java.time.Duration;

/** A location's latest weather with derived variables plus the age of the observation in seconds. */
public record WeatherView(
    @JsonUnwrapped WeatherFeatures features,
    @JsonProperty("age_seconds") Long ageSeconds) {

  /** {@code source:location}: what the page keys its cards and series by. */
  @JsonProperty("key")
  public String key() {
    return features.key();
  }

  static WeatherView of(WeatherFeatures features, Clock clock) {
    return new WeatherView(
        features,
        features.observedAt() == null
            ? null
            : Duration.between(features.observedAt(), clock.instant()).toSeconds());
  }
}
