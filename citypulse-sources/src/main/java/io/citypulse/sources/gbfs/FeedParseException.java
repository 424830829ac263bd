package io.citypulse.sources.gbfs;

/**
 * A whole feed body could not be read (not JSON, truncated, no {@code data.stations}...). The
 * message names the feed, what was wrong and a short excerpt of the body. Not final: {@link
 * StationlessSystemException} is the one kind a catalogue-wide run must tell apart (a system it
 * will never be able to count, rather than a body to try again).
 */
public class FeedParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String feed;
  private final String reason;
  private final String excerpt;

  public FeedParseException(String feed, String reason, String excerpt) {
    this(feed, reason, excerpt, null);
  }

  public FeedParseException(String feed, String reason, String excerpt, Throwable cause) {
    super(
        feed + ": " + reason
            + (excerpt == null || excerpt.isEmpty() ? "" : " (body: '" + excerpt + "')"),
        cause);
    this.feed = feed;
    this.reason = reason;
    this.excerpt = excerpt;
  }

  /** The feed name, e.g. {@code station_status}. */
  public String feed() {
    return feed;
  }

  /** What was wrong, without the excerpt. */
  public String reason() {
    return reason;
  }

  /** A short, single-line excerpt of the offending body (may be empty). */
  public String excerpt() {
    return excerpt;
  }
}
