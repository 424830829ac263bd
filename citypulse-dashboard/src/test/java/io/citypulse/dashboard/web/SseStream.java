package io.citypulse.dashboard.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test SSE client: reads the stream line by line and queues each dispatched event. */
final class SseStream implements AutoCloseable {
  record Event(String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile String retry;
  private volatile Stream<String> lines;

  SseStream(HttpClient client, URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
    response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(r -> {
      lines = r.body();
      Thread reader = new Thread(this::read, "sse-test-reader");
      reader.setDaemon(true);
      reader.start();
    });
  }

  HttpResponse<Stream<String>> response() throws Exception {
    return response.get(5, TimeUnit.SECONDS);
  }

  /** The next event, or null after {@code timeout}. */
  Event next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  String retry() {
    return retry;
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.close();
    }
    response.cancel(true);
  }

  // Per the SSE spec: "field: value" lines, a blank line dispatches, ':' starts a comment.
  private void read() {
    String[] name = {null};
    StringBuilder data = new StringBuilder();
    try {
      lines.forEach(line -> {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name[0] == null ? "message" : name[0], data.toString()));
          }
          name[0] = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name[0] = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        } else if (line.startsWith("retry:")) {
          retry = line.substring(6).strip();
        }
      });
    } catch (RuntimeException e) {
      // stream closed by the test or the server
    }
  }
}
