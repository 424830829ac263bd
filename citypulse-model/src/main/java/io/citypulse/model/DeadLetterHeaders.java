package io.citypulse.model;

/**
 * Header names of records on the dead-letter topic, the same whoever writes them (pollers,
 * Spark jobs, storage sinks), so one consumer can read them all.
 */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  /** Why the input was rejected (a short reason constant). */
  public static final String REASON = "reason";
  /** Details of the rejection, for people. */
  public static final String DETAIL = "detail";
  /** Where the input came from: a URL, or {@code topic/partition@offset}. */
  public static final String SOURCE = "source";
  /** When the input was received, ISO-8601. */
  public static final String TIMESTAMP = "timestamp";
}
