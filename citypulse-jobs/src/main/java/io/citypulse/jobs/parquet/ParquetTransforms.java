package io.citypulse.jobs.parquet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pure Dataset-to-Dataset steps of the Parquet history job, from Kafka rows ({@code value},
 * {@code partition}, {@code offset}, {@code timestamp}) to the history's columns
 * ({@link ParquetSchemas#table}). They work on static Datasets as well as on streams.
 */
public final class ParquetTransforms {
  private ParquetTransforms() {}

  /** Why a record is not written, null when it is; a column of {@link #parsed}. */
  public static final String REJECTION = "_rejection";
  /** Kafka partition and offset, kept by {@link #parsed} to name an unreadable record. */
  public static final String PARTITION = "_partition";

  public static final String OFFSET = "_offset";

  /** Rejection of a null value (a tombstone). */
  public static final String TOMBSTONE = "tombstone";
  /** Rejection prefix of a missing required field, e.g. {@code missing station_code}. */
  public static final String MISSING = "missing ";

  /**
   * from_json puts the raw value in this field when it cannot parse it entirely: malformed JSON,
   * not an object, or a field of the wrong type (e.g. {@code "bikes_available":"three"}). Without
   * it, Spark's partial results would keep such a record with the bad field silently null.
   */
  private static final String UNPARSED = "_unparsed_value";

  private static final String RECORD = "_record";
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Rejection of a value that is not the stream's JSON record. */
  public static String unparseable(ParquetStream stream) {
    return "not a " + stream.recordType().getSimpleName() + " JSON value";
  }

  /**
   * Parses each Kafka value into the stream's columns ({@link ParquetSchemas#table}), plus
   * {@link #REJECTION}, {@link #PARTITION} and {@link #OFFSET}. Nothing is dropped here.
   */
  public static Dataset<Row> parsed(Dataset<Row> kafkaRows, ParquetStream stream) {
    Column record = from_json(
        col("value").cast(DataTypes.StringType),
        ParquetSchemas.json(stream).add(UNPARSED, DataTypes.StringType),
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", UNPARSED));
    Dataset<Row> withRecord = kafkaRows.select(
        col("value"), col("partition"), col("offset"), col("timestamp"), record.as(RECORD));

    List<Column> columns = new ArrayList<>();
    for (StructField field : ParquetSchemas.json(stream).fields()) {
      columns.add(field(field.name()).as(field.name()));
    }
    columns.add(col("timestamp").cast(DataTypes.TimestampType).as(ParquetSchemas.KAFKA_TIMESTAMP));
    columns.add(utcDate(time(stream)).as(ParquetSchemas.DATE));
    columns.add(rejection(stream).as(REJECTION));
    columns.add(col("partition").cast(DataTypes.IntegerType).as(PARTITION));
    columns.add(col("offset").cast(DataTypes.LongType).as(OFFSET));
    return withRecord.select(columns.toArray(Column[]::new));
  }

  /**
   * The rows to write, with the history's columns in {@link ParquetSchemas#table} order: readable
   * records that do not repeat the last state written for their key (see
   * {@link RepeatFilterFunction}). Every row is counted in {@code counts} (a registered
   * accumulator) as written, repeated or unreadable.
   *
   * <p>The repeat filter is one {@code flatMapGroupsWithState} over a single group, the pattern
   * the availability job measured as the cheapest: {@code groupBy} on a literal rather than
   * {@code groupByKey} on a function (a typed key function adds an operator whose serializer Spark
   * generates again in every task), the state one binary value ({@link LastWrittenStates}) rather
   * than one state-store entry per key. It also puts every row of a batch in one task, so the
   * file sink writes one file per partition directory per batch. Append mode with no timeout: the
   * state lives in the query's checkpoint, so a batch replayed after a crash decides the same.
   * On a static Dataset each call starts from an empty state.
   */
  public static Dataset<Row> historyRows(
      Dataset<Row> kafkaRows, ParquetStream stream, ParquetCounts counts) {
    Dataset<Row> parsed = parsed(kafkaRows, stream);
    StructType output = new StructType(
        Arrays.copyOf(parsed.schema().fields(), ParquetSchemas.table(stream).size()));
    return parsed
        .groupBy(lit(0).as("all_keys"))
        .as(Encoders.INT(), Encoders.row(parsed.schema()))
        .flatMapGroupsWithState(
            new RepeatFilterFunction(stream, List.of(parsed.columns()), counts),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.row(output),
            GroupStateTimeout.NoTimeout());
  }

  /** The UTC date ({@code yyyy-MM-dd}) of a timestamp, whatever the session time zone. */
  static Column utcDate(Column timestamp) {
    // date_format and to_date use the session time zone; days since the epoch do not.
    return date_from_unix_date(
            floor(unix_micros(timestamp).divide(MICROS_PER_DAY)).cast(DataTypes.IntegerType))
        .cast(DataTypes.StringType);
  }

  private static Column field(String name) {
    return col(RECORD).getField(name);
  }

  private static Column time(ParquetStream stream) {
    return coalesce(
        stream.timeFields().stream().map(ParquetTransforms::field).toArray(Column[]::new));
  }

  private static Column rejection(ParquetStream stream) {
    Column reason = when(col("value").isNull(), lit(TOMBSTONE))
        .when(field(UNPARSED).isNotNull(), lit(unparseable(stream)));
    for (String name : ParquetSchemas.requiredFields(stream)) {
      reason = reason.when(field(name).isNull(), lit(MISSING + name));
    }
    return reason.when(
        time(stream).isNull(), lit(MISSING + String.join(" and ", stream.timeFields())));
  }
}
