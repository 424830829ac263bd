package io.citypulse.sources.ingest;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of {@link StationIngest}.
 *
 * @param feedUrl gbfs.json auto-discovery, or a station_status.json URL
 * @param system system id in record keys
 * @param stations which stations to publish
 * @param language preferred feed language
 * @param minInterval shortest time between status polls
 * @param maxInterval longest time between status polls
 * @param timeout HTTP timeout
 * @param backoffInitial first wait after a failure
 * @param backoffMax longest wait after failures
 */
public record IngestSettings(URI feedUrl, String system, StationFilter stations, String language,
    Duration minInterval, Duration maxInterval, Duration timeout, Duration backoffInitial,
    Duration backoffMax) {

  /** The poll interval for a feed's ttl: the ttl clamped to [minInterval, maxInterval]. */
  public Duration pollInterval(int ttlSeconds) {
    Duration ttl = Duration.ofSeconds(Math.max(0, ttlSeconds));
    if (ttl.compareTo(minInterval) < 0) {
      return minInterval;
    }
    return ttl.compareTo(maxInterval) > 0 ? maxInterval : ttl;
  }

  /** station_information changes rarely: refreshed on its ttl, but not more often than maxInterval. */
  public Duration informationInterval(int ttlSeconds) {
    Duration ttl = Duration.ofSeconds(Math.max(0, ttlSeconds));
    Duration hour = Duration.ofHours(1);
    if (ttl.compareTo(maxInterval) < 0) {
      return maxInterval;
    }
    return ttl.compareTo(hour) > 0 ? hour : ttl;
  }
}
