package io.citypulse.app.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import io.citypulse.sources.synthetic.SyntheticWorld;
import io.citypulse.sources.synthetic.SyntheticWorld.SystemSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link SyntheticWorld} on 127.0.0.1 for {@code demo --set demo.systems=N}: each system
 * at {@code /world/<system id>/} in its own GBFS version, as {@code sample-feed --systems} writes
 * it, but live: bikes move every tick, so a catalogue-wide run sees its systems change. {@link
 * #writeCatalogue} writes the matching {@code systems.csv}.
 *
 * <p>A system's files are rendered at most once per second (a poll reads three or four of them),
 * and its network is built when first asked for.
 */
public final class DemoWorldServer implements AutoCloseable {
  private static final String BASE_PATH = "/world/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final SyntheticWorld world;
  private final Clock clock;
  private final Duration tick;
  private final Map<String, SystemSpec> systems = new ConcurrentHashMap<>();
  private final Map<String, SyntheticNetwork> networks = new ConcurrentHashMap<>();
  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  /** A system's files as of one second. */
  private record Rendered(long second, Map<String, byte[]> files) {}

  private DemoWorldServer(
      HttpServer server,
      ExecutorService executor,
      SyntheticWorld world,
      Clock clock,
      Duration tick) {
    this.server = server;
    this.executor = executor;
    this.world = world;
    this.clock = clock;
    this.tick = tick;
    world.systems().forEach(system -> systems.put(system.systemId(), system));
  }

  /** Starts the server on 127.0.0.1 ({@code port} 0 picks a free one). */
  public static DemoWorldServer start(SyntheticWorld world, Clock clock, Duration tick, int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "demo-world-server");
        thread.setDaemon(true);
        return thread;
      });
      DemoWorldServer demo = new DemoWorldServer(server, executor, world, clock, tick);
      server.createContext(BASE_PATH, demo::handle);
      server.setExecutor(executor);
      server.start();
      return demo;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo world server on port " + port, e);
    }
  }

  /** Where the systems are served, {@code http://127.0.0.1:PORT/world/}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
  }

  /** Writes the world's catalogue, its Auto-Discovery URLs on this server, to {@code file}. */
  public void writeCatalogue(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, world.catalogue(baseUri()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo catalogue " + file, e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] parts =
          exchange.getRequestURI().getPath().substring(BASE_PATH.length()).split("/", -1);
      SystemSpec system = parts.length == 2 ? systems.get(parts[0]) : null;
      byte[] body = system == null ? null : files(system).get(parts[1]);
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

  private Map<String, byte[]> files(SystemSpec system) {
    long second = clock.instant().getEpochSecond();
    Rendered files = rendered.compute(system.systemId(), (id, current) -> {
      if (current != null && current.second() == second) {
        return current;
      }
      SyntheticNetwork network = networks.computeIfAbsent(
          id, unused -> SyntheticWorld.network(system, clock.instant(), tick));
      network.advanceTo(clock.instant());
      return new Rendered(
          second,
          SyntheticWorld.feeds(
              system, network, SyntheticWorld.systemBase(baseUri(), system), second));
    });
    return files.files();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
