package io.citypulse.sources.synthetic;

/**
 * What a generated feed announces in its envelope: the GBFS {@code version} (null for the Vélib'
 * dialect, which has none) and the {@code ttl}. Each renderer has its defaults; a {@link
 * SyntheticWorld} system gives its own.
 */
record FeedHeader(String version, int ttlSeconds) {}
