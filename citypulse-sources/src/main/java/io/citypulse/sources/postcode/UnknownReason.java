package io.citypulse.sources.postcode;

import java.util.Locale;

/** Why a station is published under {@code UNKNOWN}: shown by the status line, health and metrics. */
public enum UnknownReason {
  /**
   * The geocoder did not answer within {@code postcodes.pending-timeout}, or is known to be down
   * (circuit open). Provisional: the station moves to its postcode when the geocoder answers.
   */
  GEOCODER_UNREACHABLE,
  /** The geocoder answered: no address with a postcode near the station (cached, definitive). */
  NO_ADDRESS,
  /** No feed or table postcode, and no usable coordinates to geocode. */
  NO_COORDINATES,
  /** No feed or table postcode, and the geocoder is switched off. */
  NOT_IN_TABLE;

  /** Lower-case id used in JSON and metric labels, e.g. {@code geocoder_unreachable}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Words for the status line, e.g. {@code geocoder unreachable}. */
  public String words() {
    return id().replace('_', ' ');
  }
}
