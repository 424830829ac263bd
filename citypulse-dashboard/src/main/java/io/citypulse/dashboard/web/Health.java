package io.citypulse.dashboard.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.dashboard.state.KindStats;
import java.time.Instant;
import java.util.Map;

/**
 * The body of {@code /api/health}: {@code up} once the server answers; per stream what was read.
 * Feed-side health (last poll, errors, lag) is added by the app, which owns the pollers.
 */
public record Health(
    @JsonProperty("status") String status,
    @JsonProperty("at") Instant at,
    @JsonProperty("streams") Map<String, KindStats> streams,
    @JsonProperty("sse_clients") int sseClients) {}
