package io.citypulse.sources.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPInputStream;

/**
 * Fetches one feed document over http(s) or from a {@code file:} URL (to replay saved feeds).
 * Never throws for network trouble: every outcome is a {@link Fetch}.
 */
public final class FeedFetcher {
  private static final String USER_AGENT = "citypulse (+https://github.com/citypulse)";
  private static final int EXCERPT = 200;

  /** The outcome of one fetch. */
  public sealed interface Fetch {
    /** 200: a body, with the validator to send next time (ETag, or null). */
    record Ok(byte[] body, String etag) implements Fetch {}

    /** 304 Not Modified (or an unchanged file). */
    record NotModified() implements Fetch {}

    /** 429: wait at least {@code retryAfter} (from Retry-After; null if absent). */
    record RateLimited(Duration retryAfter) implements Fetch {}

    /** Any other failure: HTTP error status, timeout, connection or file error. */
    record Failed(String kind, String reason) implements Fetch {}
  }

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  public FeedFetcher(Duration timeout, Clock clock) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Fetches {@code uri}, sending {@code etag} as If-None-Match when not null. */
  public Fetch fetch(URI uri, String etag) {
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return fetchFile(Path.of(uri), etag);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json")
        .header("Accept-Encoding", "gzip");
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status == 304) {
        return new Fetch.NotModified();
      }
      if (status == 429) {
        return new Fetch.RateLimited(
            retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock));
      }
      byte[] body = decode(response);
      if (status != 200) {
        return new Fetch.Failed("http_" + status, "HTTP " + status + " from " + uri + ": "
            + excerpt(body));
      }
      return new Fetch.Ok(body, response.headers().firstValue("ETag").orElse(null));
    } catch (HttpTimeoutException e) {
      return new Fetch.Failed("timeout", "no answer from " + uri + " within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Fetch.Failed("io", "cannot fetch " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Fetch.Failed("interrupted", "interrupted while fetching " + uri);
    }
  }

  private static byte[] decode(HttpResponse<byte[]> response) throws IOException {
    boolean gzip = response.headers().firstValue("Content-Encoding")
        .map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
    if (!gzip) {
      return response.body();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      return in.readAllBytes();
    }
  }

  private static Fetch fetchFile(Path file, String etag) {
    try {
      String validator = Files.getLastModifiedTime(file).toMillis() + "-" + Files.size(file);
      if (validator.equals(etag)) {
        return new Fetch.NotModified();
      }
      return new Fetch.Ok(Files.readAllBytes(file), validator);
    } catch (IOException e) {
      return new Fetch.Failed("io", "cannot read " + file + ": " + e);
    }
  }

  /** Parses Retry-After: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null if absent/bad. */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty body)";
    }
    String text = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ");
    return body.length > EXCERPT ? text + "..." : text;
  }
}
