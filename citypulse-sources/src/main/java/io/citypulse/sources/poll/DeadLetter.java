package io.citypulse.sources.poll;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;

/**
 * Input that could not be read: a whole feed body (possibly cut to an excerpt) or one rejected
 * entry, with where it came from and why.
 */
public record DeadLetter(URI source, String reason, byte[] payload, Instant at) {

  /** Bodies are cut here: Kafka's default maximum message size is 1 MB. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  /** A dead letter of a whole body, cut to {@link #MAX_PAYLOAD_BYTES} (the reason says so). */
  public static DeadLetter ofBody(URI source, String reason, byte[] body, Instant at) {
    byte[] payload = body == null ? new byte[0] : body;
    if (payload.length <= MAX_PAYLOAD_BYTES) {
      return new DeadLetter(source, reason, payload, at);
    }
    return new DeadLetter(
        source,
        reason + " [payload cut to the first " + MAX_PAYLOAD_BYTES + " of " + payload.length
            + " bytes]",
        Arrays.copyOf(payload, MAX_PAYLOAD_BYTES),
        at);
  }
}
