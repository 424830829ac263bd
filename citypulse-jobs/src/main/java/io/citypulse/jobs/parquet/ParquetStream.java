package io.citypulse.jobs.parquet;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.Topics;
import io.citypulse.model.WeatherFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * The result streams kept as Parquet history: the model record each topic carries, where it goes
 * under the base directory, how it is partitioned and which fields a readable record must have.
 */
public enum ParquetStream {
  STATIONS(
      StationRecord.class,
      Topics.STATIONS,
      "stations",
      List.of("system", "date"),
      List.of("system", "station_code"),
      List.of(),
      List.of("last_reported", "fetched_at"),
      List.of("fetched_at")),
  POSTCODES(
      PostcodeAvailability.class,
      Topics.POSTCODE_AVAILABILITY,
      "postcodes",
      List.of("date"),
      List.of("postcode"),
      List.of("system"),
      List.of("updated_at"),
      List.of()),
  WEATHER(
      WeatherFeatures.class,
      Topics.WEATHER_FEATURES,
      "weather",
      List.of("date"),
      List.of("location"),
      List.of(),
      List.of("observed_at"),
      List.of());

  /**
   * Suffix of the checkpoint names: v2 keeps a state (the last written state per key), which a
   * checkpoint of the stateless v1 query does not have; Spark cannot add it to one.
   */
  private static final String CHECKPOINT_VERSION = "-v2";

  private final Class<? extends Record> recordType;
  private final String defaultTopic;
  private final String subDirectory;
  private final List<String> partitionColumns;
  private final List<String> keyFields;
  private final List<String> scopeFields;
  private final List<String> timeFields;
  private final List<String> republicationFields;

  ParquetStream(
      Class<? extends Record> recordType,
      String defaultTopic,
      String subDirectory,
      List<String> partitionColumns,
      List<String> keyFields,
      List<String> scopeFields,
      List<String> timeFields,
      List<String> republicationFields) {
    this.recordType = recordType;
    this.defaultTopic = defaultTopic;
    this.subDirectory = subDirectory;
    this.partitionColumns = partitionColumns;
    this.keyFields = keyFields;
    this.scopeFields = scopeFields;
    this.timeFields = timeFields;
    this.republicationFields = republicationFields;
  }

  /** The model record whose JSON the topic carries. */
  public Class<? extends Record> recordType() {
    return recordType;
  }

  /** The topic's default name ({@link Topics}). */
  public String defaultTopic() {
    return defaultTopic;
  }

  /** Directory under the base path, e.g. {@code stations}. */
  public String subDirectory() {
    return subDirectory;
  }

  /** Hive-style partition directories, outermost first. */
  public List<String> partitionColumns() {
    return partitionColumns;
  }

  /** Fields that identify a record: a record without one of them is not written. */
  public List<String> keyFields() {
    return keyFields;
  }

  /**
   * Fields that tell two keys apart when present but may be null: a per-area record's system
   * (catalogue-wide runs; none with one system). The repeat filter keys by these and {@link
   * #keyFields()}.
   */
  public List<String> identityFields() {
    List<String> identity = new ArrayList<>(scopeFields);
    identity.addAll(keyFields);
    return List.copyOf(identity);
  }

  /**
   * The time the {@code date} partition comes from: the first non-null of these fields. A record
   * where all are null is not written.
   */
  public List<String> timeFields() {
    return timeFields;
  }

  /**
   * Fields that a re-publication of an unchanged state changes: the GBFS poller forgets what it
   * published when it restarts and publishes every station again with a new {@code fetched_at}
   * (same {@code last_reported} and counts). They are left out of the state a record carries, so
   * such a re-publication is recognised as a repeat and not written again. {@code kafka_timestamp}
   * (and {@code date}, derived from the time fields) are never part of the state.
   */
  public List<String> republicationFields() {
    return republicationFields;
  }

  /** The streaming query's name, e.g. {@code parquet-stations}. */
  public String queryName() {
    return ParquetHistoryJob.QUERY_NAME_PREFIX + subDirectory;
  }

  /**
   * The name of the query's checkpoint directory, e.g. {@code parquet-stations-v2}: not the query
   * name, because a checkpoint of the earlier stateless query (named {@code parquet-stations})
   * cannot be resumed by this stateful one.
   */
  public String checkpointName() {
    return queryName() + CHECKPOINT_VERSION;
  }
}
