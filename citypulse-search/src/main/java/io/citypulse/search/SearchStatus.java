package io.citypulse.search;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of a {@link SearchIndexer}, for the status line.
 *
 * @param state {@link State#RETRYING} while a chunk waits for the cluster (away, overloaded, or
 *     items refused with 429/5xx)
 * @param since when the current state began (null before the first request)
 * @param lastError the last failure, without secrets; null when none happened yet
 * @param indexed documents the cluster accepted, in all
 * @param rejected documents refused for good (mapping conflicts...), in all
 * @param retries requests sent again (whole chunks or their refused items)
 * @param lastIndexed when a chunk last landed; null before
 */
public record SearchStatus(
    State state,
    Instant since,
    String lastError,
    long indexed,
    long rejected,
    long retries,
    Instant lastIndexed) {

  public enum State {
    OK,
    RETRYING
  }

  static final SearchStatus INITIAL = new SearchStatus(State.OK, null, null, 0, 0, 0, null);

  public boolean retrying() {
    return state == State.RETRYING;
  }

  /**
   * One part of a status line: {@code search 1200 indexed, 2 rejected, last 3 s ago}, and while
   * retrying {@code ... | RETRYING for 12 s: <last error>} (the error names the URL, never a
   * secret).
   */
  public String summary(Instant now) {
    StringBuilder line = new StringBuilder("search ").append(indexed).append(" indexed");
    if (rejected > 0) {
      line.append(", ").append(rejected).append(" rejected");
    }
    if (lastIndexed != null) {
      line.append(", last ").append(secondsBetween(lastIndexed, now)).append(" s ago");
    }
    if (retrying()) {
      line.append(" | RETRYING for ")
          .append(secondsBetween(since, now))
          .append(" s: ")
          .append(lastError);
    }
    return line.toString();
  }

  private static long secondsBetween(Instant from, Instant to) {
    return from == null ? 0 : Math.max(0, Duration.between(from, to).toSeconds());
  }
}
