package io.citypulse.sources.http;

import java.time.Duration;

/** The outcome of one feed fetch. Network problems are outcomes too: fetching never throws. */
public sealed interface FeedResponse {

  /** Outcome kinds, for counters and switches. */
  enum Kind {
    OK,
    NOT_MODIFIED,
    RATE_LIMITED,
    HTTP_ERROR,
    TIMEOUT,
    IO_ERROR
  }

  Kind kind();

  /** One line for logs and status output. */
  String describe();

  default boolean isFailure() {
    return kind() != Kind.OK && kind() != Kind.NOT_MODIFIED;
  }

  /**
   * A body (decompressed); {@code etag} is the response's ETag, {@code lastModified} its
   * Last-Modified header as sent, each null when absent.
   */
  record Ok(byte[] body, String etag, String lastModified) implements FeedResponse {

    /** Without a Last-Modified. */
    public Ok(byte[] body, String etag) {
      this(body, etag, null);
    }

    @Override
    public Kind kind() {
      return Kind.OK;
    }

    @Override
    public String describe() {
      return "200 OK, " + body.length + " bytes" + (etag == null ? "" : ", ETag " + etag);
    }
  }

  /** 304: the body sent with this ETag is still current. */
  record NotModified() implements FeedResponse {
    @Override
    public Kind kind() {
      return Kind.NOT_MODIFIED;
    }

    @Override
    public String describe() {
      return "304 not modified";
    }
  }

  /** 429; {@code retryAfter} from the Retry-After header, null when absent or unreadable. */
  record RateLimited(Duration retryAfter) implements FeedResponse {
    @Override
    public Kind kind() {
      return Kind.RATE_LIMITED;
    }

    @Override
    public String describe() {
      return "429 rate limited"
          + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s");
    }
  }

  /** Any other non-2xx status, with the start of the body. */
  record HttpError(int status, String bodyExcerpt) implements FeedResponse {
    @Override
    public Kind kind() {
      return Kind.HTTP_ERROR;
    }

    @Override
    public String describe() {
      return "HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt);
    }
  }

  /** Connect or request timeout. */
  record Timeout(String message) implements FeedResponse {
    @Override
    public Kind kind() {
      return Kind.TIMEOUT;
    }

    @Override
    public String describe() {
      return "timeout: " + message;
    }
  }

  /** Connection refused, DNS failure, reset, unreadable file, bad gzip... */
  record IoError(String message) implements FeedResponse {
    @Override
    public Kind kind() {
      return Kind.IO_ERROR;
    }

    @Override
    public String describe() {
      return "I/O error: " + message;
    }
  }
}
