package io.citypulse.sources.http;

import java.net.URI;

/** Fetches one feed body; {@link FeedClient} is the real one. Never throws for I/O problems. */
@FunctionalInterface
public interface FeedFetcher {

  /**
   * @param etag the ETag of the body last read from this URI, sent as If-None-Match; null for none
   */
  FeedResponse fetch(URI uri, String etag);
}
