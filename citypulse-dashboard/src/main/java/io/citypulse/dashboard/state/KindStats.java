package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the dashboard has read of one stream: keys held, records applied, records ignored because
 * older than the state held, records that could not be read, and the newest data time seen.
 */
public record KindStats(
    @JsonProperty("keys") int keys,
    @JsonProperty("applied") long applied,
    @JsonProperty("stale") long stale,
    @JsonProperty("unreadable") long unreadable,
    @JsonProperty("newest") Instant newest) {}
