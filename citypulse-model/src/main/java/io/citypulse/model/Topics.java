package io.citypulse.model;

/** Default topic names; every one can be renamed in config ({@code topics.*}). */
public final class Topics {
  private Topics() {}

  /** Enriched station states, keyed by {@link StationKey}, compacted. */
  public static final String STATIONS = "velib-projet";

  /** Per-postcode availability, keyed by postcode, compacted. */
  public static final String POSTCODE_AVAILABILITY = "velib-projet-final-data";

  /** Feed bodies and records that could not be parsed, with the reason in headers. */
  public static final String DEAD_LETTERS = "citypulse-dead-letters";
}
