package io.citypulse.jobs.alerts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;

import io.citypulse.alerts.AlertSettings;
import io.citypulse.jobs.spark.KafkaDeadLetters;
import io.citypulse.model.DeadLetterHeaders;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Dataset-to-Dataset steps of the alerts job; each works on a static Dataset as well as on a
 * stream.
 *
 * <ol>
 *   <li>{@link #parse}: Kafka rows of the input topics to one row per subject reading (a health
 *       report gives one per feed and job), or one row with a rejection reason;</li>
 *   <li>{@link #alerts}: the readings, event time with a watermark, grouped by subject through
 *       {@link AlertFunction} to Kafka records of the alerts topic, keyed by subject;</li>
 *   <li>{@link #deadLetters}: the rejected ones to the dead-letter topic, with reason headers;</li>
 *   <li>{@link #kafkaRecords}: both, for one Kafka sink (one checkpoint commits both).</li>
 * </ol>
 */
public final class AlertTransforms {
  private AlertTransforms() {}

  /** Observed metrics of {@link #alerts}: {@value #RAISED}, {@value #CLEARED}, {@value #OUT_OF_ORDER}. */
  public static final String ALERT_METRICS = "alerts";

  public static final String RAISED = "raised";
  public static final String CLEARED = "cleared";
  public static final String OUT_OF_ORDER = "out_of_order";

  /** Observed metrics of {@link #deadLetters}: {@value #REJECTED}, {@value #REJECTION_EXAMPLE}. */
  public static final String REJECTION_METRICS = "alert_rejections";

  public static final String REJECTED = KafkaDeadLetters.REJECTED;
  public static final String REJECTION_EXAMPLE = KafkaDeadLetters.REJECTION_EXAMPLE;

  /** Output of {@link #parse}. */
  static final StructType PARSED_SCHEMA = new StructType()
      .add("subject", DataTypes.StringType)
      .add("event_us", DataTypes.LongType)
      .add("input", DataTypes.StringType)
      .add("value", DataTypes.BinaryType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("key", DataTypes.BinaryType)
      .add("topic", DataTypes.StringType)
      .add("kafka_timestamp", DataTypes.StringType)
      .add("rejection", DataTypes.StringType)
      .add("detail", DataTypes.StringType);

  /** Positions in the rows {@link AlertFunction} receives ({@link #alerts}' select). */
  static final int INPUT_INDEX = 2;

  static final int VALUE_INDEX = 3;
  static final int PARTITION_INDEX = 4;
  static final int OFFSET_INDEX = 5;

  /**
   * Parses every Kafka row ({@code key}, {@code value}, {@code topic}; {@code partition},
   * {@code offset}, {@code timestamp} when present) by its topic's kind.
   */
  public static Dataset<Row> parse(Dataset<Row> kafkaRows, Map<String, String> kindsByTopic) {
    List<String> columns = Arrays.asList(kafkaRows.columns());
    Dataset<Row> kafka = kafkaRows.select(
        col("key").cast(DataTypes.BinaryType).as("key"),
        col("value").cast(DataTypes.BinaryType).as("value"),
        col("topic").cast(DataTypes.StringType).as("topic"),
        optional(columns, "partition", DataTypes.IntegerType),
        optional(columns, "offset", DataTypes.LongType),
        optional(columns, "timestamp", DataTypes.TimestampType));
    Map<String, String> kinds = new HashMap<>(kindsByTopic);
    return kafka.flatMap(
        (FlatMapFunction<Row, Row>) row -> parseRow(row, kinds).iterator(),
        Encoders.row(PARSED_SCHEMA));
  }

  /** The topic-to-kind map of {@code settings}' inputs. */
  static Map<String, String> kindsByTopic(AlertJobSettings settings) {
    Map<String, String> out = new HashMap<>();
    putIfSet(out, settings.stationsTopic(), AlertInput.Kind.STATION);
    putIfSet(out, settings.postcodeTopic(), AlertInput.Kind.POSTCODE);
    putIfSet(out, settings.weatherTopic(), AlertInput.Kind.WEATHER);
    putIfSet(out, settings.healthTopic(), AlertInput.Kind.HEALTH);
    return out;
  }

  private static void putIfSet(Map<String, String> out, String topic, AlertInput.Kind kind) {
    if (topic != null && !topic.isBlank()) {
      out.put(topic, kind.name());
    }
  }

  private static Column optional(List<String> columns, String name, DataType type) {
    Column column = columns.contains(name) ? col(name).cast(type) : lit(null).cast(type);
    return column.as(name);
  }

  private static List<Row> parseRow(Row kafka, Map<String, String> kinds) {
    byte[] value = kafka.isNullAt(1) ? null : (byte[]) kafka.get(1);
    String topic = kafka.getString(2);
    Object timestamp = kafka.get(5);
    Instant kafkaTime = timestamp == null
        ? null
        : timestamp instanceof Timestamp ts ? ts.toInstant() : (Instant) timestamp;
    String kafkaTimestamp = kafkaTime == null ? null : kafkaTime.toString();
    String kind = kinds.get(topic);
    if (kind == null) {
      return List.of(rejected(kafka, kafkaTimestamp, "unknown_topic", "not an input: " + topic));
    }
    AlertInput.Parsed parsed = AlertInput.parse(AlertInput.Kind.valueOf(kind), value);
    if (parsed.rejection() != null) {
      return List.of(rejected(
          kafka, kafkaTimestamp, parsed.rejection().reason(), parsed.rejection().detail()));
    }
    List<Row> out = new ArrayList<>(parsed.readings().size());
    for (AlertInput.Reading reading : parsed.readings()) {
      out.add(RowFactory.create(
          reading.subject(),
          ChronoUnit.MICROS.between(Instant.EPOCH, reading.at()),
          kind,
          value,
          kafka.get(3),
          kafka.get(4),
          kafka.get(0),
          topic,
          kafkaTimestamp,
          null,
          null));
    }
    return out;
  }

  private static Row rejected(Row kafka, String kafkaTimestamp, String reason, String detail) {
    return RowFactory.create(
        null,
        null,
        null,
        kafka.get(1),
        kafka.get(3),
        kafka.get(4),
        kafka.get(0),
        kafka.getString(2),
        kafkaTimestamp,
        reason,
        detail);
  }

  /**
   * The stateful step on the readings of {@link #parse}: event time with a watermark of {@code
   * allowedLateness}, grouped by subject, {@link AlertFunction} with an event-time timeout, in
   * append mode (an alert record is never revised). Returns Kafka records: {@code topic} = {@code
   * outputTopic}, {@code key} = the subject, {@code value} = Alert JSON.
   *
   * <p>The watermark is taken after the union of the inputs (one watermark operator, the newest
   * event time of any input minus the lateness), not per input: Spark's default policy for several
   * watermarks is their minimum, and a quiet input (no weather for an hour) would hold every
   * station's timeouts back.
   */
  public static Dataset<Row> alerts(
      Dataset<Row> parsed, String outputTopic, Duration allowedLateness, AlertSettings settings) {
    Dataset<Row> readings = parsed
        .filter(col("rejection").isNull())
        .select(
            col("subject"),
            timestamp_micros(col("event_us")).as("event_time"),
            col("input"),
            col("value"),
            coalesce(col("partition"), lit(Integer.MAX_VALUE)).as("partition"),
            coalesce(col("offset"), lit(Long.MAX_VALUE)).as("offset"))
        .withWatermark("event_time", allowedLateness.toMillis() + " milliseconds");
    Dataset<Row> out = readings
        .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroupsWithState(
            new AlertFunction(settings),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.row(AlertFunction.OUTPUT_SCHEMA),
            GroupStateTimeout.EventTimeTimeout());
    return out.observe(
            ALERT_METRICS,
            coalesce(sum(col("raised")), lit(0L)).as(RAISED),
            coalesce(sum(col("cleared")), lit(0L)).as(CLEARED),
            coalesce(sum(col("out_of_order")), lit(0L)).as(OUT_OF_ORDER))
        .filter(col("value").isNotNull())
        .select(
            lit(outputTopic).as("topic"),
            col("subject").cast(DataTypes.BinaryType).as("key"),
            col("value").cast(DataTypes.BinaryType).as("value"),
            lit(null).cast(KafkaDeadLetters.headersType()).as("headers"));
  }

  /**
   * The rejected rows of {@link #parse} as records of {@code deadLetterTopic}: the original key
   * and value, {@link DeadLetterHeaders} (reason, detail, {@code topic/partition@offset}, the input
   * record's Kafka timestamp).
   */
  public static Dataset<Row> deadLetters(Dataset<Row> parsed, String deadLetterTopic) {
    return KafkaDeadLetters.records(parsed, deadLetterTopic, REJECTION_METRICS);
  }

  /** {@link #alerts} and {@link #deadLetters} of one {@link #parse}, for one Kafka sink. */
  public static Dataset<Row> kafkaRecords(Dataset<Row> kafkaRows, AlertJobSettings settings) {
    Dataset<Row> parsed = parse(kafkaRows, kindsByTopic(settings));
    return alerts(parsed, settings.outputTopic(), settings.allowedLateness(), settings.rules())
        .unionByName(deadLetters(parsed, settings.deadLetterTopic()));
  }
}
