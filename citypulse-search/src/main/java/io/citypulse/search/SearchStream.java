package io.citypulse.search;

/** The three result streams indexed for search, each with the base name of its indices. */
public enum SearchStream {
  /** Station states ({@code StationRecord}), one document per station and reported time. */
  STATIONS("stations"),
  /** Per-postcode totals ({@code PostcodeAvailability}), one per area and update time. */
  POSTCODES("postcodes"),
  /** Weather features ({@code WeatherFeatures}), one per source, location and observation. */
  WEATHER("weather");

  private final String baseName;

  SearchStream(String baseName) {
    this.baseName = baseName;
  }

  /** The part of the index name after the prefix, e.g. {@code stations}. */
  public String baseName() {
    return baseName;
  }
}
