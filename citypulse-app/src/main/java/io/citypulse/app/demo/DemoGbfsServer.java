package io.citypulse.app.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;

/**
 * Serves a {@link SyntheticNetwork} as a GBFS 2.3 system on 127.0.0.1, so {@code citypulse demo} runs
 * the real poller against a real HTTP server with no internet.
 */
public final class DemoGbfsServer implements AutoCloseable {
  private static final String BASE_PATH = "/gbfs/";

  private final HttpServer server;
  private final SyntheticNetwork network;
  private final Clock clock;

  private DemoGbfsServer(HttpServer server, SyntheticNetwork network, Clock clock) {
    this.server = server;
    this.network = network;
    this.clock = clock;
  }

  /** Starts the server on 127.0.0.1 ({@code port} 0 picks a free one). */
  public static DemoGbfsServer start(SyntheticNetwork network, Clock clock, int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      DemoGbfsServer demo = new DemoGbfsServer(server, network, clock);
      server.createContext(BASE_PATH, demo::handle);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "demo-gbfs-server");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return demo;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo GBFS server on port " + port, e);
    }
  }

  /** The auto-discovery URL, {@code http://127.0.0.1:PORT/gbfs/gbfs.json}. */
  public URI discoveryUri() {
    return baseUri().resolve("gbfs.json");
  }

  private URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long now = clock.instant().getEpochSecond();
      network.advanceTo(clock.instant());
      String file = exchange.getRequestURI().getPath().substring(BASE_PATH.length());
      byte[] body = switch (file) {
        case "gbfs.json" -> Gbfs23Feeds.discovery(baseUri(), now);
        case "system_information.json" -> Gbfs23Feeds.systemInformation(now);
        case "vehicle_types.json" -> Gbfs23Feeds.vehicleTypes(now);
        case "station_information.json" -> Gbfs23Feeds.stationInformation(network, now);
        case "station_status.json" -> Gbfs23Feeds.stationStatus(network, now);
        default -> null;
      };
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
