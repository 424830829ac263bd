package io.citypulse.cache;

/**
 * What one {@link RedisCache#write} did with its entries.
 *
 * <p>After a retry, an entry that the failed attempt had already written counts as replayed: it
 * was published once, by that attempt, and not again.
 *
 * @param changed entries that changed the cache (hash rewritten, history pushed, change published)
 * @param replayed entries the cache already held (same time, same JSON): nothing written
 * @param older entries older than what the cache holds for their key: ignored
 */
public record WriteOutcome(long changed, long replayed, long older) {
  public static final WriteOutcome NONE = new WriteOutcome(0, 0, 0);

  public WriteOutcome plus(WriteOutcome other) {
    return new WriteOutcome(
        changed + other.changed, replayed + other.replayed, older + other.older);
  }

  /** Entries handled: changed, replayed and older. */
  public long total() {
    return changed + replayed + older;
  }

  /** Entries that did not change the cache. */
  public long skipped() {
    return replayed + older;
  }
}
