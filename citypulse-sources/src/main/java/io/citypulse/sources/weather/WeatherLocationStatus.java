package io.citypulse.sources.weather;

import java.time.Instant;

/**
 * One location of a {@link WeatherPoller}, for status lines and the health panel.
 *
 * @param lastSuccess when the source last answered with an observation
 * @param lastObservedAt the observation time of the last valid observation
 * @param lastPublishedAt the observation time of the last one handed to the listener
 * @param consecutiveFailures failed fetches since the last success
 * @param skippedBecause why the location is no longer polled (unknown to the source), else null
 * @param nextPollAt when it is due next; null once skipped
 */
public record WeatherLocationStatus(
    String location,
    Instant lastSuccess,
    Instant lastObservedAt,
    Instant lastPublishedAt,
    Instant lastErrorAt,
    String lastError,
    int consecutiveFailures,
    String skippedBecause,
    Instant nextPollAt) {}
