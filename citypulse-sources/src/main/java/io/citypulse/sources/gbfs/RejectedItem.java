package io.citypulse.sources.gbfs;

/**
 * One entry of a feed that could not be normalised; the rest of the feed was still read.
 *
 * @param rawJson the entry as JSON text (shortened when very long)
 * @param reason what was wrong, e.g. {@code num_bikes_available is negative: -3}
 */
public record RejectedItem(String rawJson, String reason) {}
