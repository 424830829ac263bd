package io.citypulse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on 127.0.0.1 (random port) serving canned or computed responses per path and
 * recording every request. Unknown paths answer 404. Thread-safe.
 */
public final class LocalHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Function<RecordedRequest, Response>> handlers =
      new ConcurrentHashMap<>();
  private final Map<String, List<RecordedRequest>> requests = new ConcurrentHashMap<>();

  private LocalHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  public static LocalHttpServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      // One thread per exchange: a delayed response must not hold up the others.
      ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-http-server");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
      LocalHttpServer local = new LocalHttpServer(server, executor);
      server.createContext("/", local::handle);
      server.start();
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a local HTTP server", e);
    }
  }

  /** The absolute URI of {@code path} on this server, e.g. {@code http://127.0.0.1:PORT/gbfs.json}. */
  public URI uri(String path) {
    String normalized = path.startsWith("/") ? path : "/" + path;
    return URI.create("http://127.0.0.1:" + port() + normalized);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Serves {@code responses} in order to successive requests on {@code path}; the last one is
   * repeated forever. Replaces any earlier setup for that path.
   */
  public void respond(String path, Response... responses) {
    if (responses.length == 0) {
      throw new IllegalArgumentException("at least one response is needed for " + path);
    }
    List<Response> sequence = List.of(responses);
    AtomicInteger served = new AtomicInteger();
    handlers.put(
        normalize(path),
        request -> sequence.get(Math.min(served.getAndIncrement(), sequence.size() - 1)));
  }

  /** Computes the response for each request on {@code path}. Replaces any earlier setup for that path. */
  public void respondWith(String path, Function<RecordedRequest, Response> handler) {
    handlers.put(normalize(path), handler);
  }

  /** The requests received on {@code path} (query excluded from the match), oldest first. */
  public List<RecordedRequest> requests(String path) {
    return List.copyOf(requests.getOrDefault(normalize(path), List.of()));
  }

  /** How many requests {@code path} received. */
  public int requestCount(String path) {
    return requests.getOrDefault(normalize(path), List.of()).size();
  }

  /** Stops the server at once, interrupting responses still being delayed. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      RecordedRequest request = record(exchange);
      requests
          .computeIfAbsent(request.path(), p -> new CopyOnWriteArrayList<>())
          .add(request);
      Function<RecordedRequest, Response> handler = handlers.get(request.path());
      Response response;
      try {
        response = handler == null
            ? Response.status(404).body("no response set up for " + request.path())
            : handler.apply(request);
      } catch (RuntimeException e) {
        LOG.warn("Handler for {} failed", request.path(), e);
        response = Response.status(500).body("handler failed: " + e);
      }
      send(exchange, response);
    } catch (IOException e) {
      // The client gave up (e.g. its timeout fired during a delayed response): nothing to answer.
      LOG.debug("Client went away: {}", e.toString());
    }
  }

  private static RecordedRequest record(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = exchange.getRequestURI();
    return new RecordedRequest(
        exchange.getRequestMethod(),
        uri.getPath(),
        uri.getRawQuery(),
        exchange.getRequestHeaders(),
        body);
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    if (!response.delay().isZero()) {
      try {
        Thread.sleep(response.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // server closing
      }
    }
    response
        .headers()
        .forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
    byte[] body = response.bodyUnsafe();
    boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
    // -1 means "no body"; 204 and 304 must not carry a Content-Length of 0 with a body either.
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String normalize(String path) {
    int query = path.indexOf('?');
    String withoutQuery = query >= 0 ? path.substring(0, query) : path;
    return withoutQuery.startsWith("/") ? withoutQuery : "/" + withoutQuery;
  }
}
