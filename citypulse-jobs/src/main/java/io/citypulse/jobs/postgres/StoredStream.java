package io.citypulse.jobs.postgres;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.storage.sink.RecordTable;
import io.citypulse.storage.sink.RecordTables;
import java.util.Locale;

/** A result stream that the PostgreSQL sink stores: its record type and its tables. */
public enum StoredStream {
  STATIONS(StationRecord.class, RecordTables.STATIONS),
  POSTCODES(PostcodeAvailability.class, RecordTables.POSTCODES),
  WEATHER(WeatherFeatures.class, RecordTables.WEATHER);

  private final Class<?> recordType;
  private final RecordTable<?> table;

  StoredStream(Class<?> recordType, RecordTable<?> table) {
    this.recordType = recordType;
    this.table = table;
  }

  /** The name used in config ({@code storage.postgres.streams}) and query names. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The streaming query's name, also its checkpoint directory's. */
  public String queryName() {
    return "postgres-" + id();
  }

  public Class<?> recordType() {
    return recordType;
  }

  public RecordTable<?> table() {
    return table;
  }

  /** @throws IllegalArgumentException naming the known streams */
  public static StoredStream of(String id) {
    for (StoredStream stream : values()) {
      if (stream.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return stream;
      }
    }
    throw new IllegalArgumentException(
        "unknown stream '" + id + "' (stations, postcodes or weather)");
  }
}
