package io.citypulse.app.transfer;

import io.citypulse.files.RowResult;
import io.citypulse.files.StationRows;
import io.citypulse.files.WeatherRows;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What a file imported by {@code citypulse import} holds: weather observations or station states. */
public enum ImportKind {
  WEATHER("weather", WeatherRows.FIELDS),
  STATIONS("stations", StationRows.FIELDS);

  private final String id;
  private final Set<String> fields;

  ImportKind(String id, Set<String> fields) {
    this.id = id;
    this.fields = fields;
  }

  public String id() {
    return id;
  }

  /** The canonical column names a row of this kind may have. */
  public Set<String> fields() {
    return fields;
  }

  /** The record a row of canonical columns holds, or why not. */
  RowResult<?> convert(Map<String, String> row) {
    return this == WEATHER ? WeatherRows.fromRow(row) : StationRows.fromRow(row);
  }

  /**
   * {@code weather} or {@code stations}.
   *
   * @throws IllegalArgumentException naming the kinds
   */
  public static ImportKind parse(String text) {
    for (ImportKind kind : values()) {
      if (kind.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + text + "': valid kinds are weather, stations");
  }
}
