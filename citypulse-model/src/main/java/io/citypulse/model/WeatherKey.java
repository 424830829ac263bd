package io.citypulse.model;

/**
 * Kafka keys of weather records ({@code topic-weather}, {@code topic-weather-final}):
 * {@code <source>:<location>}. Several sources may observe one location at once (Tomorrow.io and a
 * scraped page both for Dakar); keyed by source and location, each keeps its own trend and its own
 * current row, and a compacted topic keeps the latest of each.
 */
public final class WeatherKey {
  /** The source part of the key of a record that names none. */
  public static final String UNKNOWN_SOURCE = "unknown";

  private WeatherKey() {}

  /** {@code source:location}; a null or blank source is {@value #UNKNOWN_SOURCE}. */
  public static String of(String source, String location) {
    return (source == null || source.isBlank() ? UNKNOWN_SOURCE : source) + ":" + location;
  }
}
