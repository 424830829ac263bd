package io.citypulse.sources.poll;

import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers fetches from a script per URL (the last answer repeats), and records them. Stands for
 * the network in unit tests of the polling logic; the ITs use a real HTTP server.
 */
final class ScriptedFetcher implements FeedFetcher {
  record Request(URI uri, String etag) {}

  private final Map<URI, Deque<FeedResponse>> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();

  ScriptedFetcher on(URI uri, FeedResponse... responses) {
    scripts.put(uri, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  static FeedResponse ok(byte[] body) {
    return new FeedResponse.Ok(body, null);
  }

  static FeedResponse ok(byte[] body, String etag) {
    return new FeedResponse.Ok(body, etag);
  }

  static FeedResponse ok(String body) {
    return new FeedResponse.Ok(body.getBytes(StandardCharsets.UTF_8), null);
  }

  @Override
  public synchronized FeedResponse fetch(URI uri, String etag) {
    requests.add(new Request(uri, etag));
    Deque<FeedResponse> script = scripts.get(uri);
    if (script == null || script.isEmpty()) {
      return new FeedResponse.HttpError(404, "not scripted: " + uri);
    }
    return script.size() > 1 ? script.poll() : script.peek();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Request> requests(URI uri) {
    return requests.stream().filter(r -> r.uri().equals(uri)).toList();
  }
}
