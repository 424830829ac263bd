package io.citypulse.app.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.files.ModelColumns;
import io.citypulse.files.StationRows;
import io.citypulse.files.WeatherRows;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a topic exported by {@code citypulse export} holds, which fixes the columns: the model's
 * order ({@link WeatherRows#COLUMNS}, {@link StationRows#COLUMNS}; the records' JSON property
 * order for features and postcodes).
 */
public enum ExportKind {
  WEATHER("weather", WeatherRows.COLUMNS),
  FEATURES("features", ModelColumns.of(WeatherFeatures.class)),
  STATIONS("stations", StationRows.COLUMNS),
  POSTCODES("postcodes", ModelColumns.of(PostcodeAvailability.class));

  private final String id;
  private final List<String> columns;

  ExportKind(String id, List<String> columns) {
    this.id = id;
    this.columns = columns;
  }

  public String id() {
    return id;
  }

  public List<String> columns() {
    return columns;
  }

  /**
   * The row of a record value: weather and stations go through their model record (so that
   * {@code import} reads back the same record), the others keep their JSON values.
   *
   * @throws IllegalArgumentException when the value is not a record of this kind
   */
  public Map<String, Object> row(byte[] value) {
    switch (this) {
      case WEATHER:
        return WeatherRows.toRow(Json.read(value, WeatherObservation.class));
      case STATIONS:
        return StationRows.toRow(Json.read(value, StationRecord.class));
      default:
        return jsonRow(value);
    }
  }

  private Map<String, Object> jsonRow(byte[] value) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (String column : columns) {
      JsonNode node = tree.get(column);
      Object cell;
      if (node == null || node.isNull()) {
        cell = null;
      } else if (node.isTextual()) {
        cell = node.asText();
      } else if (node.isBoolean()) {
        cell = node.booleanValue();
      } else if (node.isIntegralNumber()) {
        cell = node.longValue();
      } else if (node.isNumber()) {
        cell = node.doubleValue();
      } else {
        cell = node.toString();
      }
      row.put(column, cell);
    }
    return row;
  }

  /** {@code weather}, {@code features}, {@code stations} or {@code postcodes}. */
  public static ExportKind parse(String text) {
    for (ExportKind kind : values()) {
      if (kind.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + text + "': valid kinds are weather, features, stations, postcodes");
  }
}
