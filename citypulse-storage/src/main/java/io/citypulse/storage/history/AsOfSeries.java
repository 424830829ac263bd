package io.citypulse.storage.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the stored states a reader loaded into the requested series; the one place where the
 * "state as of t" rule lives, so PostgreSQL and Parquet give the same answer. Pure.
 */
public final class AsOfSeries {
  /** The sampled series' first column: the sampling instant. */
  public static final String AT_COLUMN = "at";

  private AsOfSeries() {}

  /**
   * Without a step: every state with {@code from <= time <= to}, by time. With a step: for each
   * {@code t = from, from + step, ... <= to}, the row {@code at = t} followed by the latest state
   * with {@code time <= t} (all cells null before the first known state).
   *
   * @param states in any order and possibly outside the range (a reader passes the last state
   *     before {@code from} for sampling); states with the same time keep their load order, which
   *     must be their arrival order: the first one wins, or the last one when {@link
   *     HistorySubject#laterRevises()}, as in the PostgreSQL history
   */
  public static TimeSeries build(HistoryRequest request, List<HistoryState> states) {
    HistorySubject subject = request.subject();
    List<HistoryState> distinct = distinctTimes(states, subject.laterRevises());
    if (!request.sampled()) {
      List<List<Object>> rows = new ArrayList<>();
      for (HistoryState state : distinct) {
        if (!state.time().isBefore(request.from()) && !state.time().isAfter(request.to())) {
          rows.add(row(null, state, subject));
        }
      }
      return new TimeSeries(subject.columns(), rows);
    }
    List<HistoryColumn> columns = new ArrayList<>();
    columns.add(new HistoryColumn(AT_COLUMN, HistoryColumn.Kind.TIME));
    columns.addAll(subject.columns());
    List<List<Object>> rows = new ArrayList<>();
    int next = 0; // first state not yet known at the current instant
    HistoryState current = null;
    for (Instant at : request.sampleTimes()) {
      while (next < distinct.size() && !distinct.get(next).time().isAfter(at)) {
        current = distinct.get(next++);
      }
      rows.add(row(at, current, subject));
    }
    return new TimeSeries(columns, rows);
  }

  /** Sorted by time (stable), one state per time. */
  static List<HistoryState> distinctTimes(List<HistoryState> states, boolean laterWins) {
    List<HistoryState> sorted = new ArrayList<>(states);
    sorted.sort(Comparator.comparing(HistoryState::time));
    List<HistoryState> distinct = new ArrayList<>(sorted.size());
    for (HistoryState state : sorted) {
      int last = distinct.size() - 1;
      if (last >= 0 && distinct.get(last).time().equals(state.time())) {
        if (laterWins) {
          distinct.set(last, state);
        }
      } else {
        distinct.add(state);
      }
    }
    return distinct;
  }

  private static List<Object> row(Instant at, HistoryState state, HistorySubject subject) {
    int width = subject.columns().size();
    List<Object> row = new ArrayList<>(width + 1);
    if (at != null) {
      row.add(at);
    }
    if (state == null) {
      for (int i = 0; i < width; i++) {
        row.add(null);
      }
      return row;
    }
    if (state.values().size() != width - 1) {
      throw new IllegalArgumentException("a " + subject.label() + " state has "
          + state.values().size() + " values for " + (width - 1) + " columns");
    }
    row.add(state.time());
    row.addAll(state.values());
    return row;
  }
}
