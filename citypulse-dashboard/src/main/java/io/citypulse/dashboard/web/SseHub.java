package io.citypulse.dashboard.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.dashboard.state.StationsInView;
import io.citypulse.dashboard.view.Cluster;
import io.citypulse.dashboard.view.StationIndex;
import io.citypulse.dashboard.view.Viewport;
import io.citypulse.model.Json;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@code /api/events} streams. Each client gets a full {@code snapshot} on connect, then
 * one {@code station|postcode|weather} event per changed key per flush. Event ids are not used:
 * a browser reconnecting to a restarted server would send an id of the old process (measured), so
 * every (re)connect starts from a snapshot instead.
 *
 * <p>A page that names itself ({@code /api/events?client=ID}) is a <em>view client</em>: its
 * snapshot carries no station, and it gets only what its map view needs, as last asked with
 * {@code /api/stations?bbox=...&zoom=...&system=...&client=ID} ({@link #answerView}): a {@code
 * station} event for a changed station in the view when the view shows stations; when it shows
 * clusters, one {@code clusters} event per flush with the clusters whose cells hold changed
 * stations (and those left empty, {@code removed}), or {@code reload} when the view now holds few
 * enough stations to show them one by one; and a {@code systems} event with the totals of the
 * systems that changed. Before it asked for a view, it gets no station news at all. Likewise the
 * areas of a catalogue-wide run (records naming a system): a view client gets the {@code postcode}
 * events of its view's system only, and its snapshot holds none (it asks {@code
 * /api/postcodes?system=}). A page without an id gets every event, as before views existed.
 */
final class SseHub {
  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);
  /** EventSource waits ~3 s before reconnecting by default; 1 s keeps a restart short for users. */
  static final int RETRY_MILLIS = 1000;

  /** A page's own random id: long enough not to be guessed, short enough to log. */
  /**
   * A world of stations changes every system every few seconds: their totals go out once a second
   * at most (about 1,000 systems, 200 KB of JSON, at 2,000 changes a second), not with each flush.
   */
  static final long SYSTEMS_INTERVAL_NANOS = 1_000_000_000L;

  static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  private final DashboardState state;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final Map<String, ViewClient> viewClients = new HashMap<>();
  /** Systems changed since the last {@code systems} event, sent at most every {@link #SYSTEMS_INTERVAL_NANOS}. */
  private final Set<String> systemsToSend = new LinkedHashSet<>();

  private long systemsSentAt = System.nanoTime() - SYSTEMS_INTERVAL_NANOS;
  private final Counter snapshots;
  private final MeterRegistry registry;

  /** A page that asks for its view: what it shows now. */
  private static final class ViewClient {
    final SseClient client;
    Viewport view;
    boolean clustered;
    int level;

    ViewClient(SseClient client) {
      this.client = client;
    }
  }

  /** The {@code clusters} event: clusters to draw anew, cells left without a station. */
  record ClusterUpdate(
      @JsonProperty("clusters") List<Cluster> clusters,
      @JsonProperty("removed") List<String> removed) {}

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
    String id = client.ctx().queryParam("client");
    boolean viewClient = id != null && CLIENT_ID.matcher(id).matches();
    client.onClose(() -> {
      clients.remove(client);
      forget(id, client);
    });
    try {
      // Javalin has no API for the retry field: written raw before the first event.
      OutputStream out = client.ctx().res().getOutputStream();
      out.write(("retry: " + RETRY_MILLIS + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      LOG.debug("SSE client gone before its snapshot: {}", e.toString());
      return;
    }
    if (viewClient) {
      viewClients.put(id, new ViewClient(client));
    }
    // Counted before the snapshot is sent: a page that has its snapshot is a connected page.
    clients.add(client);
    client.sendEvent("snapshot", Json.writeString(state.snapshot(!viewClient)));
    snapshots.increment();
  }

  /**
   * The stations or clusters of {@code view}; when {@code clientId} names an open stream, from
   * now on that stream gets the updates of this view only. Under the hub's lock: a flush comes
   * wholly before (its changes are in the answer) or wholly after (it is filtered by this view).
   */
  synchronized StationsInView answerView(Viewport view, String clientId) {
    StationsInView answer = state.stationsInView(view);
    ViewClient client = clientId == null ? null : viewClients.get(clientId);
    if (client != null) {
      client.view = view;
      client.clustered = answer.clustered();
      client.level = answer.level();
    }
    return answer;
  }

  /** Sends the current state of each changed key to the clients that need it. */
  synchronized void flush(List<Change> changes) {
    if ((changes.isEmpty() && systemsToSend.isEmpty()) || clients.isEmpty()) {
      return;
    }
    // A copy: a client found gone while sending is dropped from the map.
    List<ViewClient> views = List.copyOf(viewClients.values());
    Set<SseClient> viewStreams = Collections.newSetFromMap(new IdentityHashMap<>());
    views.forEach(view -> viewStreams.add(view.client));
    Map<ViewClient, Set<String>> touchedCells = new HashMap<>();
    // Kept across flushes until sent (see SYSTEMS_INTERVAL_NANOS).
    Set<String> touchedSystems = systemsToSend;
    for (Change change : changes) {
      // Looked up and written once per change, whoever receives it.
      Lazy<Optional<String>> json = new Lazy<>(() -> state.view(change).map(Json::writeString));
      String event = change.kind().eventName();
      int sent = 0;
      if (change.kind() == Kind.POSTCODE) {
        // A catalogue-wide run's area goes to the pages showing its system only (and to
        // streams without a view, as before views existed).
        String system =
            state.postcode(change.key()).map(v -> v.availability().system()).orElse(null);
        for (SseClient client : clients) {
          if (system == null
              || !viewStreams.contains(client)
              || showsSystem(views, client, system)) {
            sent += send(client, event, json.get());
          }
        }
      } else if (change.kind() != Kind.STATION) {
        for (SseClient client : clients) {
          sent += send(client, event, json.get());
        }
      } else {
        for (SseClient client : clients) {
          if (!viewStreams.contains(client)) {
            sent += send(client, event, json.get());
          }
        }
        if (!views.isEmpty()) {
          Optional<StationIndex.Placement> placement = state.placement(change.key());
          if (placement.isPresent()) {
            touchedSystems.add(placement.get().system());
            sent += sendToViews(views, placement.get(), event, json, touchedCells);
          }
        }
      }
      if (sent > 0) {
        events(event).increment(sent);
      }
    }
    touchedCells.forEach(this::sendClusters);
    long now = System.nanoTime();
    if (!touchedSystems.isEmpty() && now - systemsSentAt >= SYSTEMS_INTERVAL_NANOS) {
      systemsSentAt = now;
      Optional<String> totals =
          Optional.of(Json.writeString(state.systemsWithoutBounds(touchedSystems)));
      touchedSystems.clear();
      int sent = 0;
      for (ViewClient client : views) {
        sent += send(client.client, "systems", totals);
      }
      events("systems").increment(sent);
    }
  }

  private static boolean showsSystem(List<ViewClient> views, SseClient client, String system) {
    for (ViewClient view : views) {
      if (view.client == client) {
        return view.view != null && system.equals(view.view.system());
      }
    }
    return false;
  }

  /** Sends every client a fresh snapshot: after the series were seeded from the history store. */
  synchronized void resendSnapshot() {
    if (clients.isEmpty()) {
      return;
    }
    Lazy<String> full = new Lazy<>(() -> Json.writeString(state.snapshot(true)));
    Lazy<String> withoutStations = new Lazy<>(() -> Json.writeString(state.snapshot(false)));
    for (SseClient client : clients) {
      send(
          client,
          "snapshot",
          Optional.of(isViewClient(client) ? withoutStations.get() : full.get()));
    }
    snapshots.increment(clients.size());
  }

  /** A comment line every few seconds keeps proxies and idle-timeouts from closing quiet streams. */
  synchronized void heartbeat() {
    for (SseClient client : clients) {
      if (client.terminated()) {
        drop(client);
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
    viewClients.clear();
  }

  // ---------------------------------------------------------------------------------------------

  private int sendToViews(
      List<ViewClient> views,
      StationIndex.Placement placement,
      String event,
      Lazy<Optional<String>> json,
      Map<ViewClient, Set<String>> touchedCells) {
    int sent = 0;
    for (ViewClient client : views) {
      if (client.view == null) {
        continue;
      }
      if (client.clustered) {
        if (placement.inClustersOf(client.view, client.level)) {
          touchedCells
              .computeIfAbsent(client, c -> new LinkedHashSet<>())
              .add(placement.cell(client.level));
        }
      } else if (placement.in(client.view)) {
        sent += send(client.client, event, json.get());
      }
    }
    return sent;
  }

  /** The view's clusters again (one query), of which those whose cells changed are sent. */
  private void sendClusters(ViewClient client, Set<String> cells) {
    StationsInView now = state.stationsInView(client.view);
    if (!now.clustered()) {
      // Few enough stations now to show them one by one: the page asks for its view again.
      send(client.client, "reload", Optional.of("{}"));
      events("reload").increment();
      return;
    }
    List<Cluster> changed = new ArrayList<>();
    Set<String> removed = new LinkedHashSet<>(cells);
    for (Cluster cluster : now.clusters()) {
      if (removed.remove(cluster.id())) {
        changed.add(cluster);
      }
    }
    send(
        client.client,
        "clusters",
        Optional.of(Json.writeString(new ClusterUpdate(changed, List.copyOf(removed)))));
    events("clusters").increment();
  }

  private boolean isViewClient(SseClient client) {
    return viewClients.values().stream().anyMatch(view -> view.client == client);
  }

  /** A page reconnecting under the same id may already hold the entry: only its own is removed. */
  private synchronized void forget(String id, SseClient client) {
    ViewClient held = id == null ? null : viewClients.get(id);
    if (held != null && held.client == client) {
      viewClients.remove(id);
    }
  }

  private void drop(SseClient client) {
    clients.remove(client);
    viewClients.values().removeIf(view -> view.client == client);
  }

  /** 1 when sent, 0 when the client is gone or there is nothing to send. */
  private int send(SseClient client, String event, Optional<String> json) {
    if (client.terminated()) {
      drop(client);
      return 0;
    }
    if (json.isEmpty()) {
      return 0;
    }
    client.sendEvent(event, json.get());
    return 1;
  }

  private Counter events(String event) {
    return Counter.builder("citypulse.dashboard.sse.events")
        .description("Server-sent events sent, per event name")
        .tag("event", event)
        .register(registry);
  }

  /** A value computed on first use, at most once. */
  private static final class Lazy<T> {
    private final Supplier<T> supplier;
    private T value;
    private boolean done;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    T get() {
      if (!done) {
        value = supplier.get();
        done = true;
      }
      return value;
    }
  }
}
