package io.citypulse.sources.postcode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the Géoplateforme {@code /geocodage/reverse} endpoint on 127.0.0.1, serving
 * answers in the service's GeoJSON format, recording every request.
 */
public final class GeocoderStub implements AutoCloseable {

  /** What to answer for a point. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(double lat, double lon);
  }

  public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
    public static Reply json(String body) {
      return new Reply(200, body, Map.of(), Duration.ZERO);
    }

    public static Reply status(int status, Map<String, String> headers) {
      return new Reply(status, "<html><body>" + status + "</body></html>", headers, Duration.ZERO);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<URI> requests = new CopyOnWriteArrayList<>();
  private volatile Responder responder = (lat, lon) -> Reply.json(emptyCollection());

  private GeocoderStub(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public static GeocoderStub start() throws IOException {
    return new GeocoderStub(0);
  }

  /** On a given port: a service that comes back where it was after refusing connections. */
  public static GeocoderStub start(int port) throws IOException {
    return new GeocoderStub(port);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void respond(Responder responder) {
    this.responder = responder;
  }

  /**
   * Answers every point with a Paris address: 75116 north of latitude 48.855, 75016 south of it
   * (the two postcodes of the 16th arrondissement).
   */
  public void answerParisEverywhere() {
    respond((lat, lon) ->
        Reply.json(addressAt(lat, lon, lat > 48.855 ? "75116" : "75016", "Paris", "75116")));
  }

  public int requestCount() {
    return requests.size();
  }

  public List<URI> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      requests.add(exchange.getRequestURI());
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Reply reply;
      if (!exchange.getRequestURI().getPath().equals("/geocodage/reverse")
          || !query.containsKey("lat")
          || !query.containsKey("lon")) {
        reply = Reply.status(404, Map.of());
      } else {
        reply = responder.reply(
            Double.parseDouble(query.get("lat")), Double.parseDouble(query.get("lon")));
      }
      if (!reply.delay().isZero()) {
        try {
          // The behaviour under test: a slow geocoder, answering after the reply's delay.
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              reply.status() == 200 ? "application/json; charset=utf-8" : "text/html");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      } catch (IOException clientGone) {
        // the client timed out first: expected in timeout tests
      }
    } finally {
      exchange.close();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return params;
  }

  public static String emptyCollection() {
    return "{\"type\":\"FeatureCollection\",\"features\":[]}";
  }

  /** One address feature as the Géoplateforme address index returns it, at the given point. */
  public static String addressAt(
      double lat, double lon, String postcode, String city, String citycode) {
    return String.format(
        Locale.ROOT,
        """
        {"type":"FeatureCollection","features":[{"type":"Feature",
          "geometry":{"type":"Point","coordinates":[%.6f,%.6f]},
          "properties":{"label":"1 Rue de Test %s %s","score":0.99,"housenumber":"1",
            "id":"%s_0001_00001","name":"1 Rue de Test","postcode":"%s","citycode":"%s",
            "x":648000.0,"y":6862000.0,"city":"%s","context":"75, Paris, Île-de-France",
            "type":"housenumber","importance":0.6,"street":"Rue de Test","_type":"address",
            "distance":5}}]}
        """,
        lon + 0.00003,
        lat + 0.00002,
        postcode,
        city,
        citycode,
        postcode,
        citycode,
        city);
  }
}
