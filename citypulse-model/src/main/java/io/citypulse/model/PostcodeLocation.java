package io.citypulse.model;

/**
 * Where a station belongs: a postal code, its commune (may be null) and how it was found.
 */
public record PostcodeLocation(String postcode, String commune, Source source) {

  /** How a postcode was resolved, in the order the resolver tries them. */
  public enum Source { FEED, TABLE, GEOCODER, UNKNOWN }

  public static final PostcodeLocation UNKNOWN =
      new PostcodeLocation(StationRecord.UNKNOWN_POSTCODE, null, Source.UNKNOWN);

  public boolean isKnown() {
    return source != Source.UNKNOWN;
  }
}
