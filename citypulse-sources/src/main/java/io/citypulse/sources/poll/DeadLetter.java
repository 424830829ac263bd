package io.citypulse.sources.poll;

import java.net.URI;
import java.time.Instant;

/**
 * Input that could not be read: a whole feed body (possibly cut to an excerpt) or one rejected
 * entry, with where it came from and why.
 */
public record DeadLetter(URI source, String reason, byte[] payload, Instant at) {}
