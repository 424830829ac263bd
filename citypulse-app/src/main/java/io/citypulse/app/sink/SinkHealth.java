package io.citypulse.app.sink;

import java.time.Instant;

/**
 * Whether a sink's server takes writes: {@code retrying} with the time it started and the last
 * error while it is away (the batch in hand is retried, never dropped).
 */
public record SinkHealth(boolean retrying, Instant since, String lastError) {
  public static final SinkHealth OK = new SinkHealth(false, null, null);
}
