package io.citypulse.dashboard.state;

/** The three streams the dashboard shows; the lower-case name is the SSE event name. */
public enum Kind {
  STATION,
  POSTCODE,
  WEATHER;

  /** {@code station}, {@code postcode} or {@code weather}. */
  public String eventName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
