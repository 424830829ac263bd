package io.citypulse.sources.http;

import java.net.URI;
import java.util.Objects;

/**
 * One GET with its conditional headers and the client's identity, for fetchers that need more
 * than {@link FeedFetcher#fetch(URI, String)}: the weather scraper sends If-Modified-Since, its
 * own User-Agent and an HTML Accept header.
 *
 * @param etag sent as If-None-Match; null for none
 * @param lastModified the Last-Modified of the body last read, sent back verbatim as
 *     If-Modified-Since (RFC 9110 13.1.3); null for none
 * @param userAgent overrides the client's User-Agent; null for the client's own
 * @param accept the Accept header; null for the client's default ({@code application/json})
 */
public record FeedRequest(
    URI uri, String etag, String lastModified, String userAgent, String accept) {

  public FeedRequest {
    Objects.requireNonNull(uri, "uri");
  }

  /** A plain GET, with the client's defaults. */
  public static FeedRequest of(URI uri) {
    return new FeedRequest(uri, null, null, null, null);
  }
}
