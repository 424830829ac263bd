package io.citypulse.searchnode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's HTTP calls to a node (tests may use java.net.http; the launcher may not). */
final class SearchHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private SearchHttp() {}

  static HttpResponse<String> get(URI node, String path) throws IOException {
    return send(HttpRequest.newBuilder(node.resolve(path)).GET());
  }

  static HttpResponse<String> put(URI node, String path, String json) throws IOException {
    return send(HttpRequest.newBuilder(node.resolve(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The document count of an index, as {@code _count} answers it. */
  static long count(URI node, String index) throws IOException {
    String body = get(node, "/" + index + "/_count").body();
    var matcher = java.util.regex.Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(body);
    if (!matcher.find()) {
      throw new IOException("no count in " + body);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
