package io.citypulse.storage.history;

import java.util.List;

/** The requested key (or the whole stream) has no stored history; the message says which keys do. */
public final class NoHistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Keys listed at most in the message. */
  public static final int KEYS_SHOWN = 10;

  public NoHistoryException(String message) {
    super(message);
  }

  /**
   * "no history for station 16107 of system velib between A and B; stations with history:
   * 10042, 16107 (first 10 of 1,503)".
   *
   * @param someKeys the first keys with history, in order (at most {@link #KEYS_SHOWN} are shown)
   * @param keyCount how many keys have history in all
   * @param where the store, e.g. "PostgreSQL at jdbc:postgresql://..."
   */
  public static NoHistoryException unknownKey(
      HistoryRequest request, List<String> someKeys, long keyCount, String where) {
    String subjects = request.subject().dataset().equals("weather")
        ? "locations"
        : request.subject().dataset();
    String scope = request.systemScope();
    String known;
    if (someKeys.isEmpty()) {
      known = "no " + request.subject().label() + scope + " has any history in " + where;
    } else {
      List<String> shown = someKeys.subList(0, Math.min(KEYS_SHOWN, someKeys.size()));
      known = subjects + " with history: " + String.join(", ", shown)
          + (keyCount > shown.size()
              ? String.format(" (first %d of %,d)", shown.size(), keyCount)
              : "");
    }
    return new NoHistoryException("no history for " + request.describe() + " between "
        + request.from() + " and " + request.to() + "; " + known);
  }

  /** A station of a system that has no history at all; lists the systems that do. */
  public static NoHistoryException unknownSystem(
      HistoryRequest request, List<String> systems, String where) {
    return new NoHistoryException("no history for " + request.describe() + ": no "
        + request.subject().label() + " of system "
        + request.system() + " has any history in " + where + "; "
        + (systems.isEmpty()
            ? "no " + request.subject().label() + " has any history there yet"
            : "systems with history: "
                + String.join(
                    ", ",
                    // A one-system run's per-area records are stored under no system.
                    systems.stream().map(s -> s.isEmpty() ? "(no system)" : s).toList())));
  }
}
