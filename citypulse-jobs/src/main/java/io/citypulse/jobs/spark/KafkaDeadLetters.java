package io.citypulse.jobs.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.citypulse.model.DeadLetterHeaders;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The dead letters of a streaming job that writes to Kafka, as records of its Kafka sink: one
 * shape for every job (the weather features, the alerts), so that {@code citypulse tail} and the
 * dead-letter readers see the same headers whichever job refused a record.
 */
public final class KafkaDeadLetters {
  private KafkaDeadLetters() {}

  /** Observed metric of the rejected rows' count. */
  public static final String REJECTED = "rejected";

  /** Observed metric of one rejection, "reason at topic/partition@offset", for the log. */
  public static final String REJECTION_EXAMPLE = "rejection_example";

  /**
   * The rows of {@code parsed} with a non-null {@code rejection} as records of {@code topic}: the
   * original {@code key} and {@code value} (null for a tombstone), headers {@link
   * DeadLetterHeaders} reason ({@code rejection}), detail ({@code detail}), source ({@code
   * topic/partition@offset}) and timestamp ({@code kafka_timestamp}). Their count and an example
   * are published as the observed metrics {@code metricsName} ({@link #REJECTED}, {@link
   * #REJECTION_EXAMPLE}).
   */
  public static Dataset<Row> records(Dataset<Row> parsed, String topic, String metricsName) {
    Column source = concat_ws(
        "",
        coalesce(col("topic"), lit("?")),
        lit("/"),
        coalesce(col("partition").cast(DataTypes.StringType), lit("?")),
        lit("@"),
        coalesce(col("offset").cast(DataTypes.StringType), lit("?")));
    Column example = concat_ws(" ", col("rejection"), lit("at"), source);
    return parsed
        .filter(col("rejection").isNotNull())
        .observe(metricsName, count(lit(1)).as(REJECTED), max(example).as(REJECTION_EXAMPLE))
        .select(
            lit(topic).as("topic"),
            col("key"),
            col("value"),
            array(
                    header(DeadLetterHeaders.REASON, col("rejection")),
                    header(DeadLetterHeaders.DETAIL, col("detail")),
                    header(DeadLetterHeaders.SOURCE, source),
                    header(DeadLetterHeaders.TIMESTAMP, col("kafka_timestamp")))
                .as("headers"));
  }

  /** The Kafka sink's {@code headers} type: array of (key string, value binary). */
  public static ArrayType headersType() {
    return DataTypes.createArrayType(
        new StructType().add("key", DataTypes.StringType).add("value", DataTypes.BinaryType));
  }

  private static Column header(String name, Column value) {
    return struct(
        lit(name).as("key"), coalesce(value, lit("")).cast(DataTypes.BinaryType).as("value"));
  }
}
