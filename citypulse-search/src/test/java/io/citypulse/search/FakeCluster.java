package io.citypulse.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server on 127.0.0.1 that answers with recorded-format OpenSearch/Elasticsearch
 * bodies, for the edge cases a real node will not produce on demand (429 items, a truncated
 * answer, 413, 401). Routes are {@code "METHOD /path"} (query excluded); each holds a queue of
 * answers, the last one repeated. Unrouted requests get 404.
 */
final class FakeCluster implements AutoCloseable {
  record Request(String method, String path, String query, String authorization, String body) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Function<Request, Answer>>> routes = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeCluster(HttpServer server) {
    this.server = server;
  }

  static FakeCluster start() {
    return start(0);
  }

  static FakeCluster start(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      FakeCluster cluster = new FakeCluster(server);
      server.createContext("/", cluster::handle);
      server.start();
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code route} with these, in order, the last one for every later request. */
  @SafeVarargs
  final FakeCluster on(String route, Function<Request, Answer>... answers) {
    routes.put(route, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  FakeCluster on(String route, int status, String body) {
    return on(route, request -> new Answer(status, body));
  }

  List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          body);
      requests.add(request);
      Deque<Function<Request, Answer>> queue = routes.get(request.method() + " " + request.path());
      Answer answer;
      if (queue == null) {
        answer = new Answer(404, "{\"error\":{\"type\":\"not_routed\",\"reason\":\"fake\"}}");
      } else {
        synchronized (queue) {
          answer = (queue.size() > 1 ? queue.poll() : queue.peek()).apply(request);
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
