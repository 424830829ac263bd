package io.citypulse.sources.gbfs;

/**
 * The discovery file was read, and it says the system has no stations: a feed of free-floating
 * vehicles ({@code free_bike_status}, {@code vehicle_status}), or a discovery that lists no {@code
 * station_status}. Asking again will not change that, so a catalogue-wide run sets the system
 * aside (with this reason) instead of backing off and retrying it for ever.
 */
public final class StationlessSystemException extends FeedParseException {
  private static final long serialVersionUID = 1L;

  public StationlessSystemException(String feed, String reason, String excerpt) {
    super(feed, reason, excerpt);
  }
}
