package io.citypulse.bench.world;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A static file server for a generated world, inside the bench's JVM: GET (and HEAD) of the
 * regular files under one directory on 127.0.0.1, nothing else; every other path is 404, every
 * other method 405. JSON files go out as {@code application/json}.
 *
 * <p>Like {@code python3 -m http.server}, with which the README's world run was measured, it
 * sends no {@code ETag} by default, so every poll downloads and parses the whole feed: the
 * pipeline's heaviest case. With {@code etags} it sends one (size and modification time) and
 * answers a matching {@code If-None-Match} with 304, as nginx or a CDN would.
 *
 * <p>{@code sample-feed --minutes} replaces each file through a rename while this serves it: a
 * request reads either the old file or the new one, whole.
 */
public final class WorldFileServer implements AutoCloseable {
  /** Worker threads: the pipeline polls up to 16 systems at once by default. */
  public static final int THREADS = 16;

  private final Path root;
  private final boolean etags;
  private final HttpServer server;
  private final ExecutorService workers;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong notFound = new AtomicLong();
  private final AtomicLong notModified = new AtomicLong();

  private WorldFileServer(Path root, boolean etags) throws IOException {
    this.root = root.toRealPath();
    this.etags = etags;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    this.workers = Executors.newFixedThreadPool(THREADS, r -> {
      Thread thread = new Thread(r, "world-file-server");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    server.createContext("/", this::handle);
  }

  /** Serves {@code root} (which must exist) on a free port of 127.0.0.1. */
  public static WorldFileServer start(Path root, boolean etags) throws IOException {
    WorldFileServer fileServer = new WorldFileServer(root, etags);
    fileServer.server.start();
    return fileServer;
  }

  /** {@code http://127.0.0.1:PORT/}: the base URL to give {@code sample-feed --base-url}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  public long requests() {
    return requests.get();
  }

  public long notFound() {
    return notFound.get();
  }

  public long notModified() {
    return notModified.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Optional<Path> file = resolve(root, exchange.getRequestURI().getPath());
      byte[] body = null;
      String etag = null;
      if (file.isPresent()) {
        try {
          // A rename between the two reads would pair new bytes with an old tag: read the
          // attributes again after the bytes and try once more if they moved.
          for (int attempt = 0; attempt < 3 && body == null; attempt++) {
            String before = tag(file.get());
            byte[] read = Files.readAllBytes(file.get());
            if (before.equals(tag(file.get()))) {
              body = read;
              etag = before;
            }
          }
        } catch (IOException gone) {
          body = null;
        }
      }
      if (body == null) {
        notFound.incrementAndGet();
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType(file.get()));
      if (etags) {
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
          notModified.incrementAndGet();
          exchange.sendResponseHeaders(304, -1);
          return;
        }
      }
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String tag(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return "\"" + attributes.size() + "-" + attributes.lastModifiedTime().toMillis() + "-"
        + attributes.fileKey() + "\"";
  }

  /**
   * The regular file under {@code root} a request path names, or empty: no path outside {@code
   * root} (no {@code ..}, no symbolic link leading out), no directory, nothing missing.
   *
   * @param root a real path (absolute, links resolved)
   * @param requestPath the decoded path of the request URI, {@code /sim-0001/gbfs.json}
   */
  static Optional<Path> resolve(Path root, String requestPath) {
    if (requestPath == null || !requestPath.startsWith("/") || requestPath.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Path candidate;
    try {
      candidate = root.resolve(requestPath.substring(1)).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    if (!candidate.startsWith(root) || !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      // A link inside root may still point out of it: the real path decides.
      return candidate.toRealPath().startsWith(root) ? Optional.of(candidate) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String contentType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return "application/json";
    }
    return name.endsWith(".csv") ? "text/csv; charset=utf-8" : "application/octet-stream";
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
