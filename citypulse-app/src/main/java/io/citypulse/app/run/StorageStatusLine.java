package io.citypulse.app.run;

import io.citypulse.app.sink.TopicSink;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Formats the storage status line that run and demo print when a sink is on (pure, tested). */
final class StorageStatusLine {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  /** A batch in hand for longer than this is reported: PostgreSQL is slow or unreachable. */
  static final Duration STALLED = Duration.ofSeconds(5);

  private StorageStatusLine() {}

  /**
   * @param postgres each PostgreSQL sink's status, by stream id, in display order
   * @param parquetRows rows appended to the Parquet history so far, by stream id (empty: off)
   */
  static String format(
      Instant now,
      Map<String, PostgresSinkStatus.Snapshot> postgres,
      Map<String, Long> parquetRows) {
    return format(now, postgres, parquetRows, java.util.List.of());
  }

  /**
   * @param sinks the topic sinks (search index, cache): "| redis stations 1503, weather 14
   *     written, lag 0", and "| RETRYING: Redis at ... away for 12 s (Connection refused)"
   */
  static String format(
      Instant now,
      Map<String, PostgresSinkStatus.Snapshot> postgres,
      Map<String, Long> parquetRows,
      java.util.List<TopicSink.Snapshot> sinks) {
    StringBuilder line = new StringBuilder(CLOCK.format(now)).append(" UTC | storage");
    if (!postgres.isEmpty()) {
      line.append(" | postgres");
      String separator = " ";
      Instant lastCommit = null;
      Instant stalledSince = null;
      long deadLetters = 0;
      for (Map.Entry<String, PostgresSinkStatus.Snapshot> e : postgres.entrySet()) {
        PostgresSinkStatus.Snapshot s = e.getValue();
        line.append(separator).append(e.getKey()).append(' ').append(s.recordsStored());
        separator = ", ";
        lastCommit = latest(lastCommit, s.lastCommit());
        if (s.stalled(now, STALLED)) {
          stalledSince = earliest(stalledSince, s.writingSince());
        }
        deadLetters += s.deadLetters();
      }
      line.append(" stored");
      if (lastCommit != null) {
        line.append(", last write ").append(ago(now, lastCommit));
      }
      if (deadLetters > 0) {
        line.append(", dead letters ").append(deadLetters);
      }
      if (stalledSince != null) {
        line.append(" | RETRYING: PostgreSQL unreachable or slow for ")
            .append(Duration.between(stalledSince, now).toSeconds())
            .append(" s");
      }
    }
    if (!parquetRows.isEmpty()) {
      line.append(" | parquet");
      String separator = " ";
      for (Map.Entry<String, Long> e : parquetRows.entrySet()) {
        line.append(separator).append(e.getKey()).append(' ').append(e.getValue());
        separator = ", ";
      }
      line.append(" appended");
    }
    for (TopicSink.Snapshot sink : sinks) {
      line.append(" | ").append(sink.name());
      String separator = " ";
      for (Map.Entry<String, Long> e : sink.written().entrySet()) {
        line.append(separator).append(e.getKey()).append(' ').append(e.getValue());
        separator = ", ";
      }
      line.append(" written, lag ").append(sink.lag());
      if (sink.refused() > 0) {
        line.append(", dead letters ").append(sink.refused());
      }
      if (sink.health().retrying()) {
        line.append(" | RETRYING: ")
            .append(sink.target())
            .append(" away for ")
            .append(Math.max(0, Duration.between(sink.health().since(), now).toSeconds()))
            .append(" s (")
            .append(sink.health().lastError())
            .append(')');
      }
    }
    return line.toString();
  }

  private static String ago(Instant now, Instant then) {
    long seconds = Math.max(0, Duration.between(then, now).toSeconds());
    return seconds + " s ago";
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
