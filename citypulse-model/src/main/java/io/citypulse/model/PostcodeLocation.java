package io.citypulse.model;

/**
 * Where a station belongs: a postal code, its commune (may be null) and how it was found.
 */
public record PostcodeLocation(String postcode, String commune, Source source) {

  /**
   * How a postcode was resolved, in the order the resolver tries them. PENDING: the geocoder has
   * not answered yet; such a station is held back rather than published under UNKNOWN, so that
   * consumers of both topics do not see a transient UNKNOWN bucket for stations about to be
   * placed. The resolver answers PENDING for at most {@code postcodes.pending-timeout}, then
   * UNKNOWN until the geocoder answers: a station is never held back for ever.
   */
  public enum Source {
    FEED,
    TABLE,
    GEOCODER,
    UNKNOWN,
    PENDING
  }

  public static final PostcodeLocation UNKNOWN =
      new PostcodeLocation(StationRecord.UNKNOWN_POSTCODE, null, Source.UNKNOWN);

  /** Not resolved yet; ask again shortly (the ingest re-asks every second). */
  public static final PostcodeLocation PENDING =
      new PostcodeLocation(StationRecord.UNKNOWN_POSTCODE, null, Source.PENDING);

  public boolean isKnown() {
    return source != Source.UNKNOWN && source != Source.PENDING;
  }

  public boolean isPending() {
    return source == Source.PENDING;
  }
}
