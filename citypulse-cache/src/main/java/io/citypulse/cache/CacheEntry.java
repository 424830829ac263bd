package io.citypulse.cache;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One record as the cache stores it: what it is, its key, when it happened, its fields as strings
 * and its JSON. Built by {@link CacheEntries}; pure data.
 *
 * <p>Two entries of one key are ordered by {@code (eventTime, fetchedAt)}: the newer wins, an
 * older one is ignored. {@code fetchedAt} orders the states of a station that did not report
 * again between two polls (same {@code last_reported}), as the jobs do; the other kinds have none
 * (null, ordered as the epoch).
 *
 * @param kind station, postcode or weather
 * @param key the record's Kafka key, e.g. {@code velib:16107}
 * @param eventTime when the state was true: the record's event time
 * @param fetchedAt what orders two states of one event time; null when the kind has none
 * @param fields the record's fields, snake_case, as strings; a null field is left out
 * @param json the record's JSON, as on its topic
 */
public record CacheEntry(
    CacheKind kind,
    String key,
    Instant eventTime,
    Instant fetchedAt,
    Map<String, String> fields,
    String json) {

  /**
   * Hash fields the cache writes itself, so no record field may have these names: the event
   * time, the JSON, and the two numbers the write script compares.
   */
  public static final Set<String> RESERVED_FIELDS = Set.of(
      CacheLayout.EVENT_TIME, CacheLayout.JSON, CacheLayout.EVENT_MS, CacheLayout.FETCHED_MS);

  public CacheEntry {
    if (kind == null) {
      throw new IllegalArgumentException("a cache entry needs a kind");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a " + kind.id() + " entry needs a key");
    }
    if (eventTime == null) {
      throw new IllegalArgumentException(
          "the " + kind.id() + " entry " + key + " has no event time");
    }
    if (json == null) {
      throw new IllegalArgumentException("the " + kind.id() + " entry " + key + " has no JSON");
    }
    for (String reserved : RESERVED_FIELDS) {
      if (fields.containsKey(reserved)) {
        throw new IllegalArgumentException("the " + kind.id() + " entry " + key
            + " has a field named " + reserved + ", which the cache writes itself");
      }
    }
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** An entry whose kind has no second ordering time. */
  public CacheEntry(
      CacheKind kind, String key, Instant eventTime, Map<String, String> fields, String json) {
    this(kind, key, eventTime, null, fields, json);
  }
}
