package io.citypulse.storage.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One stored state of a key, as a reader loaded it.
 *
 * @param time the state's time (the subject's time column)
 * @param values the cells of {@link HistorySubject#columns()} after the time column, normalized
 *     ({@link HistoryColumn.Kind#normalize}); may hold nulls
 */
public record HistoryState(Instant time, List<Object> values) {
  public HistoryState {
    Objects.requireNonNull(time, "time");
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }
}
