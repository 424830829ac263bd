package io.citypulse.sources.http;

import java.net.URI;

/** Fetches one feed body; {@link FeedClient} is the real one. Never throws for I/O problems. */
@FunctionalInterface
public interface FeedFetcher {

  /**
   * @param etag the ETag of the body last read from this URI, sent as If-None-Match; null for none
   */
  FeedResponse fetch(URI uri, String etag);

  /**
   * A GET with more headers. This default sends only the URI and ETag, so fetchers written
   * before it (test scripts) keep working; {@link FeedClient} sends every header.
   */
  default FeedResponse fetch(FeedRequest request) {
    return fetch(request.uri(), request.etag());
  }
}
