package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.citypulse.model.PostcodeAvailability;
import java.time.Clock;
import java.time.Duration;

/** A postcode's latest availability plus the age of its data in seconds at snapshot time. */
public record PostcodeView(
    @JsonUnwrapped PostcodeAvailability availability,
    @JsonProperty("age_seconds") Long ageSeconds) {

  static PostcodeView of(PostcodeAvailability availability, Clock clock) {
    return new PostcodeView(
        availability,
        availability.updatedAt() == null
            ? null
            : Duration.between(availability.updatedAt(), clock.instant()).toSeconds());
  }
}
