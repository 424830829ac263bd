package io.citypulse.sources.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches feed bodies over http(s) with {@link HttpClient}, or from {@code file:} URIs so users
 * can replay saved feeds. Sends If-None-Match (and If-Modified-Since, a User-Agent and an Accept of
 * the caller's with {@link #fetch(FeedRequest)}), accepts gzip, applies timeouts, and turns every
 * failure into a {@link FeedResponse}: it never throws for network problems. Thread-safe.
 */
public final class FeedClient implements FeedFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(FeedClient.class);
  private static final int EXCERPT_LENGTH = 200;

  private final HttpClient http;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;
  private final String userAgent;

  /**
   * @param connectTimeout how long to wait for a TCP/TLS connection
   * @param requestTimeout how long to wait for the whole response once sent
   * @param clock reads "now" for Retry-After dates
   */
  public FeedClient(Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this(
        HttpClient.newBuilder()
            .connectTimeout(positive(connectTimeout, "connect timeout"))
            // Feeds move from http to https and between CDN hosts.
            .followRedirects(HttpClient.Redirect.NORMAL)
            // Small bodies, one at a time: HTTP/1.1 avoids h2c upgrade surprises with plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .build(),
        connectTimeout,
        requestTimeout,
        clock,
        defaultUserAgent());
  }

  /** With an HttpClient of your own (proxy, TLS settings). */
  public FeedClient(
      HttpClient http,
      Duration connectTimeout,
      Duration requestTimeout,
      Clock clock,
      String userAgent) {
    this.http = Objects.requireNonNull(http, "http");
    this.connectTimeout = positive(connectTimeout, "connect timeout");
    this.requestTimeout = positive(requestTimeout, "request timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
  }

  /** {@code citypulse/<version>}, the version stamped into the jar at build time. */
  public static String defaultUserAgent() {
    return "citypulse/" + Version.CURRENT;
  }

  @Override
  public FeedResponse fetch(URI uri, String etag) {
    return fetch(new FeedRequest(uri, etag, null, null, null));
  }

  @Override
  public FeedResponse fetch(FeedRequest request) {
    URI uri = request.uri();
    String etag = request.etag();
    try {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "http", "https" -> fetchHttp(request);
        case "file" -> fetchFile(uri, etag);
        default ->
          new FeedResponse.IoError(
              "unsupported URL scheme '" + scheme + "' in " + uri + " (use http, https or file)");
      };
    } catch (RuntimeException e) {
      // A bug or an unexpected JDK exception must not kill the poller either.
      // Without the query: weather APIs take their key there (appid=, apikey=).
      LOG.warn(
          "Unexpected failure fetching {}://{}{}",
          uri.getScheme(),
          uri.getRawAuthority(),
          uri.getRawPath(),
          e);
      return new FeedResponse.IoError(e.toString());
    }
  }

  private FeedResponse fetchHttp(FeedRequest wanted) {
    URI uri = wanted.uri();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(requestTimeout)
        .header("User-Agent", orDefault(wanted.userAgent(), userAgent))
        .header("Accept", orDefault(wanted.accept(), "application/json"))
        .header("Accept-Encoding", "gzip");
    if (wanted.etag() != null && !wanted.etag().isBlank()) {
      request.header("If-None-Match", wanted.etag());
    }
    if (wanted.lastModified() != null && !wanted.lastModified().isBlank()) {
      request.header("If-Modified-Since", wanted.lastModified());
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      // HttpRequest.timeout() stops waiting at the headers; a body that trickles in afterwards is
      // bounded here.
      response = future.get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new FeedResponse.Timeout("no complete response from " + uri + " within "
          + connectTimeout.plus(requestTimeout).toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new FeedResponse.IoError("interrupted while fetching " + uri);
    } catch (ExecutionException e) {
      return failure(uri, e.getCause() == null ? e : e.getCause());
    }
    return interpret(uri, response);
  }

  private FeedResponse interpret(URI uri, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 304) {
      return new FeedResponse.NotModified();
    }
    byte[] body;
    try {
      body = decode(
          response.body(), response.headers().firstValue("Content-Encoding").orElse(""));
    } catch (IOException e) {
      return new FeedResponse.IoError(
          "cannot decompress the body of " + uri + ": " + e.getMessage());
    }
    if (status >= 200 && status < 300) {
      return new FeedResponse.Ok(
          body,
          response.headers().firstValue("ETag").orElse(null),
          response.headers().firstValue("Last-Modified").orElse(null));
    }
    if (status == 429) {
      return new FeedResponse.RateLimited(RetryAfter.parse(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant())
          .orElse(null));
    }
    return new FeedResponse.HttpError(status, excerpt(body));
  }

  private FeedResponse failure(URI uri, Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new FeedResponse.Timeout(
          "no connection to " + uri.getHost() + " within " + connectTimeout.toMillis() + " ms");
    }
    if (cause instanceof HttpTimeoutException) {
      return new FeedResponse.Timeout(
          "no response from " + uri + " within " + requestTimeout.toMillis() + " ms");
    }
    if (cause instanceof ConnectException) {
      return new FeedResponse.IoError("cannot connect to " + uri.getHost()
          + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (" + describe(cause) + ")");
    }
    return new FeedResponse.IoError(describe(cause) + " fetching " + uri);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * A saved feed. Its ETag is derived from size and modification time, so replaying an unchanged
   * file answers NOT_MODIFIED like a server would.
   */
  private FeedResponse fetchFile(URI uri, String etag) {
    Path path;
    try {
      path = Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return new FeedResponse.IoError(
          "not a usable file URL: " + uri + " (" + e.getMessage() + ")");
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return new FeedResponse.IoError("not a regular file: " + path);
      }
      String fileTag =
          "\"" + attributes.size() + "-" + attributes.lastModifiedTime().toMillis() + "\"";
      if (fileTag.equals(etag)) {
        return new FeedResponse.NotModified();
      }
      byte[] body = Files.readAllBytes(path);
      if (path.getFileName().toString().endsWith(".gz")) {
        body = decode(body, "gzip");
      }
      return new FeedResponse.Ok(body, fileTag);
    } catch (NoSuchFileException e) {
      return new FeedResponse.IoError("no such file: " + path);
    } catch (IOException | UncheckedIOException e) {
      return new FeedResponse.IoError("cannot read " + path + ": " + describe(e));
    }
  }

  private static byte[] decode(byte[] body, String contentEncoding) throws IOException {
    if (!contentEncoding.trim().equalsIgnoreCase("gzip") || body.length == 0) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static String excerpt(byte[] body) {
    int length = Math.min(body.length, EXCERPT_LENGTH);
    String text = new String(body, 0, length, StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ")
        .trim();
    return body.length > EXCERPT_LENGTH ? text + "..." : text;
  }

  private static Duration positive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
    return duration;
  }

  /** The project version, filtered into a resource by Maven. */
  private static final class Version {
    static final String CURRENT = load();

    private static String load() {
      Properties properties = new Properties();
      try (InputStream in = FeedClient.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        LOG.debug("No version resource: {}", e.toString());
      }
      String version = properties.getProperty("version", "");
      return version.isBlank() || version.startsWith("${") ? "dev" : version;
    }
  }
}
