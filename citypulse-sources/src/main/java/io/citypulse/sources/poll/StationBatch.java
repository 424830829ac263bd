package io.citypulse.sources.poll;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The stations of one successful station_status poll.
 *
 * @param source the station_status URL
 * @param fetchedAt when the body was received (the poller's clock)
 * @param lastUpdated the feed's own last_updated, null if it has none
 */
public record StationBatch(
    URI source,
    Instant fetchedAt,
    Instant lastUpdated,
    String version,
    List<JoinedStation> stations) {

  public StationBatch {
    stations = List.copyOf(stations);
  }
}
