package io.citypulse.app.sink;

import io.citypulse.cache.CacheEntries;
import io.citypulse.cache.CacheEntry;
import io.citypulse.cache.CacheStatus;
import io.citypulse.cache.RedisCache;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis cache as a sink: each record becomes the latest state of its key (a hash with a TTL),
 * an entry of the key's capped history and a message on the change channel. The cache itself
 * ignores replays and older states, so a batch written twice changes nothing.
 */
public final class CacheSinkWriter implements SinkWriter {
  private final RedisCache cache;

  public CacheSinkWriter(RedisCache cache) {
    this.cache = cache;
  }

  @Override
  public String describe() {
    return "Redis at " + cache.settings().redacted();
  }

  @Override
  public List<Refusal> write(List<SinkRecord> batch) throws InterruptedException {
    List<CacheEntry> entries = new ArrayList<>(batch.size());
    List<Refusal> refused = new ArrayList<>();
    for (SinkRecord record : batch) {
      try {
        entries.add(CacheEntries.of(record.value()));
      } catch (IllegalArgumentException e) {
        refused.add(new Refusal(record, "cannot be cached", e.getMessage()));
      }
    }
    if (!entries.isEmpty()) {
      cache.write(entries);
    }
    return refused;
  }

  @Override
  public SinkHealth health() {
    CacheStatus status = cache.status();
    return status.state() == CacheStatus.State.RETRYING
        ? new SinkHealth(true, status.since(), status.lastError())
        : SinkHealth.OK;
  }

  @Override
  public void close() {
    cache.close();
  }
}
