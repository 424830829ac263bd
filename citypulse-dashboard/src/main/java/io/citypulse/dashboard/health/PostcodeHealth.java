package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the postcodes of a bike-share feed's stations stand now (a snapshot of the current
 * stations, not counters): {@code postcodes} in the feed's entry of {@code /api/health}.
 *
 * @param pending stations held back while they wait for the geocoder (at most
 *     {@code postcodes.pending-timeout})
 * @param resolvedBySource stations with a postcode by source: {@code feed}, {@code table},
 *     {@code geocoder}
 * @param unknownByReason stations under {@code UNKNOWN} by reason: {@code geocoder_unreachable}
 *     (no answer in time, or the geocoder is down), {@code no_address}, {@code no_coordinates},
 *     {@code not_in_table} (geocoder off)
 * @param geocoder {@code off}, {@code ok}, {@code rate_limited}, {@code open} (down: no request
 *     until {@code geocoder_retry_at}) or {@code probing}
 */
public record PostcodeHealth(
    @JsonProperty("pending") int pending,
    @JsonProperty("resolved") int resolved,
    @JsonProperty("unknown") int unknown,
    @JsonProperty("resolved_by_source") Map<String, Integer> resolvedBySource,
    @JsonProperty("unknown_by_reason") Map<String, Integer> unknownByReason,
    @JsonProperty("geocoder") String geocoder,
    @JsonProperty("geocoder_retry_at") Instant geocoderRetryAt) {

  public PostcodeHealth {
    resolvedBySource = resolvedBySource == null ? Map.of() : new TreeMap<>(resolvedBySource);
    unknownByReason = unknownByReason == null ? Map.of() : new TreeMap<>(unknownByReason);
  }
}
