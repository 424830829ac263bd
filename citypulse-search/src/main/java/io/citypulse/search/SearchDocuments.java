package io.citypulse.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds the search documents of the model records.
 *
 * <p>The id is {@code <key>@<event time, ISO-8601 UTC>}, e.g. {@code velib:16107@2026-12-06T10:15:00Z}:
 * the same record always gets the same id, so indexing it again (a replay, a restart that
 * re-reads uncommitted offsets, a chunk retried after a lost response) overwrites the document
 * instead of adding a second one; a new state of the same key (a later event time) is a new
 * document, so the index keeps the history that dashboards plot over time.
 *
 * <p>The document is the record's JSON fields (snake_case, as on the topics; nulls and
 * non-finite numbers left out, which the engines treat as missing) plus {@code key}, {@code
 * @timestamp} (the event time) and, when the record has valid coordinates, {@code geo_location}
 * as a {@code geo_point} {@code {"lat":..,"lon":..}}. Not {@code location}: weather records
 * already have a {@code location} field, the name of the place.
 */
public final class SearchDocuments {
  /** The geo_point field of stations and weather documents. */
  public static final String GEO_FIELD = "geo_location";

  public static final String TIME_FIELD = "@timestamp";
  public static final String KEY_FIELD = "key";

  /** Lucene's limit on a document id, in UTF-8 bytes. */
  private static final int MAX_ID_BYTES = 512;

  private SearchDocuments() {}

  /**
   * A station state; event time {@code last_reported}, or {@code fetched_at} when the feed gives
   * none.
   *
   * @throws IllegalArgumentException when the record has neither time (it cannot get a stable id)
   */
  public static SearchDocument of(StationRecord station, IndexNaming naming) {
    Instant eventTime =
        station.lastReported() != null ? station.lastReported() : station.fetchedAt();
    if (eventTime == null) {
      throw new IllegalArgumentException(
          "station " + station.key() + " has neither last_reported nor fetched_at");
    }
    return build(
        SearchStream.STATIONS,
        station,
        station.key(),
        eventTime,
        station.lat(),
        station.lon(),
        naming);
  }

  /**
   * Totals of one postcode (area); event time {@code updated_at}.
   *
   * @throws IllegalArgumentException when {@code updated_at} is null
   */
  public static SearchDocument of(PostcodeAvailability totals, IndexNaming naming) {
    if (totals.updatedAt() == null) {
      throw new IllegalArgumentException("postcode totals " + totals.key() + " have no updated_at");
    }
    return build(
        SearchStream.POSTCODES, totals, totals.key(), totals.updatedAt(), null, null, naming);
  }

  /**
   * Weather features of one source and location; event time {@code observed_at}.
   *
   * @throws IllegalArgumentException when {@code observed_at} is null
   */
  public static SearchDocument of(WeatherFeatures weather, IndexNaming naming) {
    if (weather.observedAt() == null) {
      throw new IllegalArgumentException("weather " + weather.key() + " has no observed_at");
    }
    return build(
        SearchStream.WEATHER,
        weather,
        weather.key(),
        weather.observedAt(),
        weather.lat(),
        weather.lon(),
        naming);
  }

  /** {@code key@eventTime}; a key too long for an id is replaced by its SHA-256 (still stable). */
  public static String id(String key, Instant eventTime) {
    String id = key + "@" + eventTime;
    if (id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES) {
      return id;
    }
    return "sha256:" + sha256(key) + "@" + eventTime;
  }

  private static SearchDocument build(
      SearchStream stream,
      Object record,
      String key,
      Instant eventTime,
      Double lat,
      Double lon,
      IndexNaming naming) {
    ObjectNode source = Json.MAPPER.createObjectNode();
    source.put(KEY_FIELD, key);
    source.put(TIME_FIELD, eventTime.toString());
    JsonNode fields = Json.MAPPER.valueToTree(record);
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()
          || (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))) {
        continue;
      }
      source.set(field.getKey(), value);
    }
    if (validCoordinates(lat, lon)) {
      source.putObject(GEO_FIELD).put("lat", lat).put("lon", lon);
    }
    return new SearchDocument(
        stream, naming.index(stream, eventTime), id(key, eventTime), Json.writeString(source));
  }

  /**
   * A geo_point outside these ranges fails the whole document (mapper_parsing_exception); such
   * a station is still indexed, without a place on the map.
   */
  static boolean validCoordinates(Double lat, Double lon) {
    return lat != null
        && lon != null
        && Double.isFinite(lat)
        && Double.isFinite(lon)
        && Math.abs(lat) <= 90
        && Math.abs(lon) <= 180;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
