package io.citypulse.cache;

import java.time.Instant;

/**
 * The cache's health, for a status line: is it writing, since when, and what went wrong last.
 *
 * @param state OK, or RETRYING while a batch waits for Redis to come back
 * @param since when the state began (the cache's creation for the first OK)
 * @param lastError the last error seen (kept after recovery), without secrets; null if none yet
 * @param written entries that changed the cache, since the start
 * @param skipped entries that did not (replays and older states), since the start
 * @param retries attempts made again after a failure, since the start
 */
public record CacheStatus(
    State state, Instant since, String lastError, long written, long skipped, long retries) {

  public enum State {
    OK,
    RETRYING
  }
}
