package io.citypulse.dashboard.state;

import io.citypulse.alerts.Alert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the alerts panel shows, folded from the alerts topic: the open episodes (raised, not yet
 * cleared) and the most recent records, newest first. The map marks the stations with an open
 * alert ({@link #stationsWithOpenAlerts}).
 *
 * <p>Records are folded in topic order. A raised record opens its episode ({@link
 * Alert#episodeKey}), a cleared one closes it; a cleared record of an episode never seen open
 * (the topic was read from its middle) only goes to the history. A record older than the open
 * episode it would close or replace (its {@code since} before the open one's) is history only:
 * a replay cannot close a newer episode.
 *
 * <p>Thread-safe: the feed thread applies, the web threads read.
 */
public final class AlertBoard {
  /** Records kept in the history. */
  public static final int HISTORY = 200;

  private static final String STATION_PREFIX = "station:";

  private final Map<String, Alert> open = new LinkedHashMap<>();
  private final Deque<Alert> recent = new ArrayDeque<>();
  private final int historySize;

  public AlertBoard() {
    this(HISTORY);
  }

  AlertBoard(int historySize) {
    this.historySize = historySize;
  }

  /** Folds one record in; returns whether the open set changed. */
  public synchronized boolean apply(Alert alert) {
    recent.addFirst(alert);
    while (recent.size() > historySize) {
      recent.removeLast();
    }
    String key = alert.episodeKey();
    Alert current = open.get(key);
    if (current != null && alert.since().isBefore(current.since())) {
      return false;
    }
    if (alert.isRaised()) {
      open.put(key, alert);
      return true;
    }
    return open.remove(key) != null;
  }

  /** The open episodes' raised records, newest raise first. */
  public synchronized List<Alert> open() {
    List<Alert> out = new ArrayList<>(open.values());
    out.sort(Comparator.comparing(Alert::at).reversed().thenComparing(Alert::subject));
    return out;
  }

  /** The last {@link #HISTORY} records, newest first (in the order they were read). */
  public synchronized List<Alert> recent() {
    return List.copyOf(recent);
  }

  /** {@code system:code} of every station with an open alert, sorted. */
  public synchronized Set<String> stationsWithOpenAlerts() {
    Set<String> out = new TreeSet<>();
    for (Alert alert : open.values()) {
      if (alert.subject().startsWith(STATION_PREFIX)) {
        out.add(alert.subject().substring(STATION_PREFIX.length()));
      }
    }
    return out;
  }
}
