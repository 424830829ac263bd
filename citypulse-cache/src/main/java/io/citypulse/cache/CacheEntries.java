package io.citypulse.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache entries of the model's records. Pure: no I/O.
 *
 * <p>The fields are the record's JSON fields ({@link Json}: snake_case, ISO-8601 UTC instants),
 * each as the text of its JSON value, so the hash says what the topic says; a null field is left
 * out (a hash cannot hold a null, and an absent field reads as null).
 *
 * <p>A record without the parts of its key or without an event time cannot be cached: {@code of}
 * throws {@link IllegalArgumentException}, for the caller to count and skip.
 */
public final class CacheEntries {
  private CacheEntries() {}

  /**
   * A station's state, keyed {@code system:station_code}; event time {@code last_reported}, else
   * {@code fetched_at} (a feed without {@code last_reported}); {@code fetched_at} orders two states
   * of one event time.
   */
  public static CacheEntry of(StationRecord record) {
    if (record.stationCode() == null) {
      throw new IllegalArgumentException("a station record without a station code: " + record);
    }
    Instant eventTime = record.lastReported() != null ? record.lastReported() : record.fetchedAt();
    return entry(CacheKind.STATION, record.key(), eventTime, record.fetchedAt(), record);
  }

  /** A postcode's totals, keyed by postcode ({@code system:postcode} with a system); {@code updated_at}. */
  public static CacheEntry of(PostcodeAvailability record) {
    if (record.postcode() == null) {
      throw new IllegalArgumentException("postcode totals without a postcode: " + record);
    }
    return entry(CacheKind.POSTCODE, record.key(), record.updatedAt(), null, record);
  }

  /** A weather location's features, keyed {@code source:location}; {@code observed_at}. */
  public static CacheEntry of(WeatherFeatures record) {
    if (record.location() == null) {
      throw new IllegalArgumentException("weather features without a location: " + record);
    }
    return entry(CacheKind.WEATHER, record.key(), record.observedAt(), null, record);
  }

  /** The entry of any of the three record types. */
  public static CacheEntry of(Object record) {
    if (record instanceof StationRecord station) {
      return of(station);
    }
    if (record instanceof PostcodeAvailability postcode) {
      return of(postcode);
    }
    if (record instanceof WeatherFeatures weather) {
      return of(weather);
    }
    throw new IllegalArgumentException("not a cached record type: "
        + (record == null ? "null" : record.getClass().getName()));
  }

  /** The entries of records of any of the three types, in order. */
  public static List<CacheEntry> ofAll(List<?> records) {
    return records.stream().map(CacheEntries::of).toList();
  }

  private static CacheEntry entry(
      CacheKind kind, String key, Instant eventTime, Instant fetchedAt, Object record) {
    if (eventTime == null) {
      throw new IllegalArgumentException("the " + kind.id() + " " + key + " has no event time");
    }
    JsonNode tree = Json.MAPPER.valueToTree(record);
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      if (!field.getValue().isNull()) {
        fields.put(field.getKey(), field.getValue().asText());
      }
    }
    return new CacheEntry(kind, key, eventTime, fetchedAt, fields, Json.writeString(record));
  }
}
