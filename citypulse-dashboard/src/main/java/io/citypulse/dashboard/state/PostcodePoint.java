package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.model.PostcodeAvailability;
import java.time.Instant;

/**
 * One sparkline point of a postcode: its totals at {@code at} (the record's updated_at);
 * {@code mechanical} and {@code ebike} are null when no station of the postcode gives a breakdown.
 */
public record PostcodePoint(
    @JsonProperty("at") Instant at,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("mechanical") Long mechanical,
    @JsonProperty("ebike") Long ebike,
    @JsonProperty("docks_available") long docksAvailable) {

  static PostcodePoint of(PostcodeAvailability a) {
    return new PostcodePoint(
        a.updatedAt(), a.bikesAvailable(), a.mechanical(), a.ebike(), a.docksAvailable());
  }
}
