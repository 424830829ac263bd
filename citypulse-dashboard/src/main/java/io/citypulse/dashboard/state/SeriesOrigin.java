package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * Where the sparkline series come from, so the page can say "history from PostgreSQL" or "since
 * the dashboard started".
 *
 * @param server the history store as {@code host:port/database} (never credentials); null for {@link Source#TOPICS}
 * @param from start of the history window asked for; null unless history was asked for
 * @param postcodePoints stored postcode points merged into the series
 * @param weatherPoints stored weather points merged into the series
 */
public record SeriesOrigin(
    @JsonProperty("source") Source source,
    @JsonProperty("server") String server,
    @JsonProperty("from") Instant from,
    @JsonProperty("postcode_points") int postcodePoints,
    @JsonProperty("weather_points") int weatherPoints) {

  /** The states of the series' origin; lower-case in JSON. */
  public enum Source {
    /** No history store: only what the dashboard read from the topics since it started. */
    TOPICS,
    /** The history store is being read; until then, topic points only. */
    LOADING,
    /** Stored history merged in (possibly zero points, if the store had none in the window). */
    HISTORY,
    /** The history store could not be read (logged once): topic points only. */
    UNAVAILABLE;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final SeriesOrigin TOPICS_ONLY = new SeriesOrigin(Source.TOPICS, null, null, 0, 0);

  /** The default: no history store configured. */
  public static SeriesOrigin topics() {
    return TOPICS_ONLY;
  }

  public static SeriesOrigin loading(String server, Instant from) {
    return new SeriesOrigin(Source.LOADING, server, from, 0, 0);
  }

  public static SeriesOrigin history(
      String server, Instant from, int postcodePoints, int weatherPoints) {
    return new SeriesOrigin(Source.HISTORY, server, from, postcodePoints, weatherPoints);
  }

  public static SeriesOrigin unavailable(String server, Instant from) {
    return new SeriesOrigin(Source.UNAVAILABLE, server, from, 0, 0);
  }

  /** A caption for the charts, e.g. "history from PostgreSQL" or "since the dashboard started". */
  @JsonProperty("caption")
  public String caption() {
    return switch (source) {
      case TOPICS -> "since the dashboard started";
      case LOADING -> "since the dashboard started (loading history from PostgreSQL)";
      case HISTORY ->
        postcodePoints + weatherPoints > 0
            ? "history from PostgreSQL"
            : "since the dashboard started (no history stored in PostgreSQL for this window)";
      case UNAVAILABLE -> "since the dashboard started (PostgreSQL history unavailable)";
    };
  }
}
