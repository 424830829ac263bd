package io.citypulse.dashboard.state;

/**
 * The streams the dashboard reads; the lower-case name is the SSE event name and the stream's name
 * in the statistics. Forecasts are read as a stream of their own (counted, lag measured) but shown
 * as part of their station: their changes go out as {@code station} events.
 */
public enum Kind {
  STATION,
  POSTCODE,
  WEATHER,
  FORECAST;

  /** {@code station}, {@code postcode}, {@code weather} or {@code forecast}. */
  public String eventName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
