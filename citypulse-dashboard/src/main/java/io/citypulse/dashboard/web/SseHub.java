package io.citypulse.dashboard.web;

import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.model.Json;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@code /api/events} streams. Each client gets a full {@code snapshot} on connect, then
 * one {@code station|postcode|weather} event per changed key per flush. Event ids are not used:
 * a browser reconnecting to a restarted server would send an id of the old process (measured), so
 * every (re)connect starts from a snapshot instead.
 */
final class SseHub {
  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);
  /** EventSource waits ~3 s before reconnecting by default; 1 s keeps a restart short for users. */
  static final int RETRY_MILLIS = 1000;

  private final DashboardState state;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final Counter snapshots;
  private final MeterRegistry registry;

  SseHub(DashboardState state, MeterRegistry registry) {
    this.state = state;
    this.registry = registry;
    this.snapshots = events("snapshot");
    registry.gauge("citypulse.dashboard.sse.clients", clients, Set::size);
  }

  int clientCount() {
    return clients.size();
  }

  /**
   * Registers and greets a client. Under the hub's lock so that no change flushed meanwhile
   * reaches this client before its snapshot (which already contains that change).
   */
  synchronized void connect(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    try {
      // Javalin has no API for the retry field: written raw before the first event.
      OutputStream out = client.ctx().res().getOutputStream();
      out.write(("retry: " + RETRY_MILLIS + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      LOG.debug("SSE client gone before its snapshot: {}", e.toString());
      return;
    }
    // Counted before the snapshot is sent: a page that has its snapshot is a connected page.
    clients.add(client);
    client.sendEvent("snapshot", Json.writeString(state.snapshot()));
    snapshots.increment();
  }

  /** Sends the current state of each changed key to every client. */
  synchronized void flush(List<Change> changes) {
    if (changes.isEmpty() || clients.isEmpty()) {
      return;
    }
    for (Change change : changes) {
      state.view(change).ifPresent(view -> {
        String json = Json.writeString(view);
        String event = change.kind().eventName();
        for (SseClient client : clients) {
          send(client, event, json);
        }
        events(event).increment(clients.size());
      });
    }
  }

  /** Sends every client a fresh snapshot: after the series were seeded from the history store. */
  synchronized void resendSnapshot() {
    if (clients.isEmpty()) {
      return;
    }
    String json = Json.writeString(state.snapshot());
    for (SseClient client : clients) {
      send(client, "snapshot", json);
    }
    snapshots.increment(clients.size());
  }

  /** A comment line every few seconds keeps proxies and idle-timeouts from closing quiet streams. */
  synchronized void heartbeat() {
    for (SseClient client : clients) {
      if (client.terminated()) {
        clients.remove(client);
      } else {
        client.sendComment("keep-alive");
      }
    }
  }

  synchronized void closeAll() {
    for (SseClient client : clients) {
      client.close();
    }
    clients.clear();
  }

  private void send(SseClient client, String event, String json) {
    if (client.terminated()) {
      clients.remove(client);
      return;
    }
    client.sendEvent(event, json);
  }

  private Counter events(String event) {
    return Counter.builder("citypulse.dashboard.sse.events")
        .description("Server-sent events sent, per event name")
        .tag("event", event)
        .register(registry);
  }
}
