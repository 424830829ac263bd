package io.citypulse.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names of the cache's Redis keys and what the write script is given. Pure: no I/O.
 *
 * <ul>
 *   <li>{@code <prefix>:<kind>:<key>}: a hash, the latest state; see {@link RedisCache}
 *   <li>{@code <prefix>:<kind>:<key>:history}: a list of past states' JSON, newest first
 *   <li>{@code <prefix>:<kind>s}: a sorted set of the kind's keys, scored by last write (ms)
 * </ul>
 */
public record CacheLayout(String prefix) {

  /** Hash field: the entry's event time, ISO-8601 UTC. */
  public static final String EVENT_TIME = "event_time";

  /** Hash field: the record's JSON, as on its topic. */
  public static final String JSON = "json";

  /** Hash field: the event time in epoch milliseconds, what the write script compares. */
  public static final String EVENT_MS = "_event_ms";

  /** Hash field: the fetch time in epoch milliseconds (0 without one), the tie-break. */
  public static final String FETCHED_MS = "_fetched_ms";

  public CacheLayout {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("the key prefix is blank");
    }
  }

  public String hashKey(CacheKind kind, String key) {
    return prefix + ":" + kind.id() + ":" + key;
  }

  public String historyKey(CacheKind kind, String key) {
    return hashKey(kind, key) + ":history";
  }

  /** {@code citypulse:stations}, {@code citypulse:postcodes}, {@code citypulse:weathers}. */
  public String indexKey(CacheKind kind) {
    return prefix + ":" + kind.id() + "s";
  }

  /** The keys the write script touches, in its {@code KEYS} order. */
  List<String> scriptKeys(CacheEntry entry) {
    return List.of(
        hashKey(entry.kind(), entry.key()),
        historyKey(entry.kind(), entry.key()),
        indexKey(entry.kind()));
  }

  /** The write script's {@code ARGV}; see {@code cache-write.lua}. */
  List<String> scriptArgs(CacheEntry entry, long ttlMillis, int historyLength, String channel) {
    String eventMs = Long.toString(entry.eventTime().toEpochMilli());
    String fetchedMs =
        Long.toString(entry.fetchedAt() == null ? 0 : entry.fetchedAt().toEpochMilli());
    List<String> args = new ArrayList<>(12 + 2 * entry.fields().size());
    args.add(eventMs);
    args.add(fetchedMs);
    args.add(entry.json());
    args.add(Long.toString(ttlMillis));
    args.add(Integer.toString(historyLength));
    args.add(channel);
    args.add(changeMessage(entry));
    args.add(entry.key());
    for (Map.Entry<String, String> field : entry.fields().entrySet()) {
      args.add(field.getKey());
      args.add(field.getValue());
    }
    args.add(EVENT_TIME);
    args.add(entry.eventTime().toString());
    args.add(JSON);
    args.add(entry.json());
    args.add(EVENT_MS);
    args.add(eventMs);
    args.add(FETCHED_MS);
    args.add(fetchedMs);
    return args;
  }

  /**
   * What is published on a change: {@code {"kind":"station","key":"velib:16107",
   * "event_time":"2026-...Z","hash":"citypulse:station:velib:16107"}}. Small on purpose: a
   * subscriber reads the hash for the values.
   */
  public String changeMessage(CacheEntry entry) {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("kind", entry.kind().id());
    message.put("key", entry.key());
    message.put("event_time", entry.eventTime().toString());
    message.put("hash", hashKey(entry.kind(), entry.key()));
    return message.toString();
  }
}
