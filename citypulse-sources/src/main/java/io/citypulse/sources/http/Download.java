package io.citypulse.sources.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads one http(s) resource as a stream (for {@code citypulse import URL}): the body is read
 * as it arrives, never held whole, so a 1 GB file takes no more memory than a small one.
 */
public final class Download {
  private static final int EXCERPT = 200;

  private Download() {}

  /**
   * An open body: read it, then close it.
   *
   * @param length the Content-Length, or -1 when the server did not say
   */
  public record Body(URI uri, InputStream in, long length) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Whether {@code location} names an http or https URL rather than a file. */
  public static boolean isUrl(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * Opens {@code uri}, following redirects.
   *
   * @param connectTimeout to get a connection
   * @param headersTimeout to get the response status and headers; the body then streams for as long
   *     as it takes
   * @throws IOException with a readable message: unreachable host, timeout, HTTP error status (with
   *     the start of the error body)
   */
  public static Body open(URI uri, Duration connectTimeout, Duration headersTimeout)
      throws IOException {
    Objects.requireNonNull(uri, "uri");
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(headersTimeout)
        .header("User-Agent", FeedClient.defaultUserAgent() + " import")
        .GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new IOException("cannot connect to " + hostOf(uri) + " within " + connectTimeout, e);
    } catch (HttpTimeoutException e) {
      throw new IOException(uri + " did not answer within " + headersTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    } catch (IOException e) {
      throw new IOException("cannot download " + uri + ": " + describe(e), e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String excerpt;
      try (InputStream body = response.body()) {
        excerpt = new String(body.readNBytes(EXCERPT), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ")
            .trim();
      }
      throw new IOException("cannot download " + uri + ": HTTP " + status
          + (excerpt.isEmpty() ? "" : " (" + excerpt + ")"));
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    return new Body(uri, response.body(), length);
  }

  private static String hostOf(URI uri) {
    return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
