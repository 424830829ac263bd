package io.citypulse.jobs.weather;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;

import io.citypulse.jobs.spark.KafkaDeadLetters;
import io.citypulse.model.WeatherObservation;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Dataset-to-Dataset steps of the weather job; each works on a static Dataset as well as on a
 * stream.
 *
 * <ol>
 *   <li>{@link #parse}: Kafka rows to one row per record, valid or with a rejection reason;</li>
 *   <li>{@link #features}: the valid ones, event time = observed_at with a watermark, through the
 *       per-location state ({@link WeatherTrendFunction}) to Kafka records of
 *       {@code topic-weather-final};</li>
 *   <li>{@link #deadLetters}: the rejected ones to Kafka records of the dead-letter topic;</li>
 *   <li>{@link #kafkaRecords}: both, as one Dataset for one Kafka sink (a {@code topic} column
 *       per row).</li>
 * </ol>
 */
public final class WeatherFeaturesTransforms {
  private WeatherFeaturesTransforms() {}

  /**
   * Observed metrics of {@link #features}, per micro-batch in
   * {@code StreamingQueryProgress.observedMetrics()}: {@value #EMITTED}, {@value #DUPLICATES} and
   * {@value #LATE_IN_STATE} (longs; the last counts late rows that reached the state function,
   * normally 0 as Spark drops them first and reports them as the state operator's
   * {@code numRowsDroppedByWatermark}).
   */
  public static final String FEATURE_METRICS = "weather_features";

  public static final String EMITTED = "emitted";
  public static final String DUPLICATES = "duplicates";
  public static final String LATE_IN_STATE = "late_in_state";

  /**
   * Observed metrics of {@link #deadLetters}: {@value #REJECTED} (long) and
   * {@value #REJECTION_EXAMPLE} (string, null when nothing was rejected).
   */
  public static final String REJECTION_METRICS = "weather_rejections";

  public static final String REJECTED = KafkaDeadLetters.REJECTED;
  public static final String REJECTION_EXAMPLE = KafkaDeadLetters.REJECTION_EXAMPLE;

  /** Dead-letter headers (the names {@code DeadLetterPublisher} of citypulse-sources uses). */
  public static final String HEADER_REASON = io.citypulse.model.DeadLetterHeaders.REASON;

  public static final String HEADER_DETAIL = io.citypulse.model.DeadLetterHeaders.DETAIL;
  public static final String HEADER_SOURCE = io.citypulse.model.DeadLetterHeaders.SOURCE;
  public static final String HEADER_TIMESTAMP = io.citypulse.model.DeadLetterHeaders.TIMESTAMP;

  /** Output of {@link #parse}. */
  static final StructType PARSED_SCHEMA = new StructType()
      .add("weather_key", DataTypes.StringType)
      .add("observed_at_us", DataTypes.LongType)
      .add("key", DataTypes.BinaryType)
      .add("value", DataTypes.BinaryType)
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("kafka_timestamp", DataTypes.StringType)
      .add("rejection", DataTypes.StringType)
      .add("detail", DataTypes.StringType);

  /** The columns {@link WeatherTrendFunction} receives, in order. */
  static final List<String> OBSERVATION_COLUMNS =
      List.of("weather_key", "event_time", "value", "partition", "offset");

  /**
   * Parses every Kafka row ({@code key}, {@code value}; {@code topic}, {@code partition},
   * {@code offset}, {@code timestamp} when present) with {@link WeatherObservationParser}:
   * {@link #PARSED_SCHEMA}, {@code rejection} null for a valid observation.
   */
  public static Dataset<Row> parse(Dataset<Row> kafkaRows) {
    List<String> columns = Arrays.asList(kafkaRows.columns());
    Dataset<Row> kafka = kafkaRows.select(
        col("key").cast(DataTypes.BinaryType).as("key"),
        col("value").cast(DataTypes.BinaryType).as("value"),
        optional(columns, "topic", DataTypes.StringType),
        optional(columns, "partition", DataTypes.IntegerType),
        optional(columns, "offset", DataTypes.LongType),
        optional(columns, "timestamp", DataTypes.TimestampType));
    return kafka.map(
        (MapFunction<Row, Row>) WeatherFeaturesTransforms::parseRow, Encoders.row(PARSED_SCHEMA));
  }

  private static Column optional(
      List<String> columns, String name, org.apache.spark.sql.types.DataType type) {
    Column column = columns.contains(name) ? col(name).cast(type) : lit(null).cast(type);
    return column.as(name);
  }

  private static Row parseRow(Row kafka) {
    byte[] value = kafka.isNullAt(1) ? null : (byte[]) kafka.get(1);
    WeatherObservationParser.Parsed parsed = WeatherObservationParser.parse(value);
    WeatherObservation o = parsed.observation();
    Object timestamp = kafka.get(5);
    Instant kafkaTimestamp = timestamp == null
        ? null
        : timestamp instanceof Timestamp ts ? ts.toInstant() : (Instant) timestamp;
    return RowFactory.create(
        o == null ? null : o.key(),
        o == null ? null : WeatherWindow.micros(o.observedAt()),
        kafka.get(0),
        value,
        kafka.get(2),
        kafka.get(3),
        kafka.get(4),
        kafkaTimestamp == null ? null : kafkaTimestamp.toString(),
        parsed.rejection(),
        parsed.detail());
  }

  /**
   * The stateful step on the valid rows of {@link #parse}: event time = {@code observed_at} with
   * a watermark of {@code allowedLateness}, grouped by {@code source:location} (two sources of one
   * place keep two trends), {@link WeatherTrendFunction} with
   * an event-time timeout, in append mode (each observation is emitted once and never revised).
   * Returns Kafka records: {@code topic} = {@code outputTopic}, {@code key} = {@code source:location},
   * {@code value} = WeatherFeatures JSON, {@code headers} null. Counts are published as the
   * observed metrics {@value #FEATURE_METRICS}.
   *
   * <p>Why {@code flatMapGroupsWithState} and not {@code transformWithState}: the latter keeps its
   * state in column families, which only the RocksDB state store provides (the HDFS-backed one
   * fails with UNSUPPORTED_FEATURE.STATE_STORE_MULTIPLE_COLUMN_FAMILIES), and the sessions of
   * citypulse use the HDFS-backed store ({@code SparkSessions.local}: no native library to load).
   * One value per location (a few dozen points) is all this state needs.
   *
   * <p>The watermark is global: Spark takes the newest event time over all locations. A location
   * whose source lags the others by more than the allowed lateness has its observations dropped
   * as late. Spark drops rows at or before the watermark of the previous batch; rows older than
   * that but arriving in the same batch as a newer one are accepted (late data within the
   * threshold is guaranteed to be processed, later data may or may not be).
   */
  public static Dataset<Row> features(
      Dataset<Row> parsed, String outputTopic, Duration allowedLateness, Duration trendWindow) {
    Dataset<Row> observations = parsed
        .filter(col("rejection").isNull())
        .select(
            col("weather_key"),
            timestamp_micros(col("observed_at_us")).as("event_time"),
            col("value"),
            col("partition"),
            col("offset"))
        .withWatermark("event_time", allowedLateness.toMillis() + " milliseconds");
    Dataset<Row> out = observations
        .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroupsWithState(
            new WeatherTrendFunction(trendWindow),
            OutputMode.Append(),
            Encoders.bean(WeatherState.class),
            Encoders.row(WeatherTrendFunction.OUTPUT_SCHEMA),
            GroupStateTimeout.EventTimeTimeout());
    return out.observe(
            FEATURE_METRICS,
            count(col("value")).as(EMITTED),
            coalesce(sum(col("duplicates")), lit(0L)).as(DUPLICATES),
            coalesce(sum(col("late")), lit(0L)).as(LATE_IN_STATE))
        .filter(col("value").isNotNull())
        .select(
            lit(outputTopic).as("topic"),
            col("weather_key").cast(DataTypes.BinaryType).as("key"),
            col("value").cast(DataTypes.BinaryType).as("value"),
            lit(null).cast(KafkaDeadLetters.headersType()).as("headers"));
  }

  /**
   * The rejected rows of {@link #parse} as Kafka records of {@code deadLetterTopic}: the original
   * key and value (null for a tombstone), headers {@value #HEADER_REASON} (a reason constant of
   * {@link WeatherObservationParser}), {@value #HEADER_DETAIL}, {@value #HEADER_SOURCE}
   * ({@code topic/partition@offset}) and {@value #HEADER_TIMESTAMP} (the input record's Kafka
   * timestamp, ISO-8601). Counts are published as the observed metrics {@value #REJECTION_METRICS}.
   */
  public static Dataset<Row> deadLetters(Dataset<Row> parsed, String deadLetterTopic) {
    return KafkaDeadLetters.records(parsed, deadLetterTopic, REJECTION_METRICS);
  }

  /**
   * Everything the job writes, for one Kafka sink: {@link #features} of the valid rows and
   * {@link #deadLetters} of the others, from one {@link #parse} of {@code kafkaRows}.
   *
   * <p>Why one query with a {@code topic} column rather than a second query for dead letters:
   * features and dead letters of a batch are committed together in one checkpoint, so a restart
   * redoes or skips them together, and there is one consumer of the input and one checkpoint to
   * manage instead of two. Both branches read the same offset range of the batch (the source may
   * be scanned once per branch), which costs nothing at a few records per minute.
   */
  public static Dataset<Row> kafkaRecords(
      Dataset<Row> kafkaRows,
      String outputTopic,
      String deadLetterTopic,
      Duration allowedLateness,
      Duration trendWindow) {
    Dataset<Row> parsed = parse(kafkaRows);
    return features(parsed, outputTopic, allowedLateness, trendWindow)
        .unionByName(deadLetters(parsed, deadLetterTopic));
  }
}
