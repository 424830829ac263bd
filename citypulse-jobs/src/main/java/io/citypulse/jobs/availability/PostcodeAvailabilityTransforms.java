package io.citypulse.jobs.availability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;

/**
 * The pure Dataset-to-Dataset steps of the postcode availability job; each works on a static
 * Dataset as well as on a stream, so tests feed them small static Datasets.
 *
 * <ol>
 *   <li>Kafka rows (binary key/value) read and reduced to the newest record per station in each
 *       input partition ({@link LatestPerStationReducer});</li>
 *   <li>the one stateful operator: latest state of every station, totals of the postcodes that
 *       changed, as Kafka records (key = postcode, value = {@link PostcodeAvailability} JSON).</li>
 * </ol>
 *
 */
public final class PostcodeAvailabilityTransforms {
  private PostcodeAvailabilityTransforms() {}

  /** Rejection reasons of {@link StationRecordReader}, counted in {@link AvailabilityBatchCounts#rejected}. */
  public static final String TOMBSTONE = "tombstone";

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String MISSING_STATION_CODE = "missing_station_code";

  /** {@code key, value, partition, offset} of Kafka rows; partition and offset null if absent. */
  private static Dataset<Row> kafkaColumns(Dataset<Row> kafkaRows) {
    List<String> columns = Arrays.asList(kafkaRows.columns());
    Column partition = columns.contains("partition")
        ? col("partition").cast(DataTypes.IntegerType)
        : lit(null).cast(DataTypes.IntegerType);
    Column offset = columns.contains("offset")
        ? col("offset").cast(DataTypes.LongType)
        : lit(null).cast(DataTypes.LongType);
    return kafkaRows.select(
        col("key"), col("value"), partition.as("partition"), offset.as("offset"));
  }

  /**
   * The stateful step: keeps the latest state of every station and emits, for each postcode
   * where at least one station's state changed in the batch, its totals over the latest states
   * as a Kafka record: {@code key} = postcode, {@code value} = the {@link PostcodeAvailability}
   * JSON ({@code updated_at} = the freshest fetched_at, else last_reported, of the postcode's
   * stations), written by the project's one mapper ({@link Json}).
   *
   * <p>A record replaces a station's state only if (last_reported, fetched_at) is strictly
   * greater; an equal (duplicate, re-poll) or older (late) record is counted as stale and changes
   * nothing. Rows with a {@code rejection} are counted and dropped. Each batch's counts are added
   * to {@code counts}, a registered accumulator.
   *
   * <p>Why one group for all stations: the state must see a station's previous postcode to take
   * it out of that postcode's totals when it moves (UNKNOWN until the resolver places it, or
   * station information arriving after the status). Grouping by postcode would leave the station
   * counted in both. Spark forbids chaining a second stateful step in update mode, so this is a
   * single {@code flatMapGroupsWithState} over one key; its state is one binary value holding every
   * station ({@link StationStatesCodec}; about 1,500 for Vélib', ~50 KB), rewritten by each batch
   * that changes something.
   */
  public static Dataset<Row> latestStatePerPostcode(
      Dataset<Row> kafkaRows, AvailabilityCounts counts) {
    // groupBy on a column, not groupByKey on a function: a typed key function adds an
    // AppendColumnsWithObject operator whose serializer Spark re-generates in every task.
    return kafkaColumns(kafkaRows)
        .mapPartitions(new LatestPerStationReducer(), Encoders.row(LatestPerStationReducer.SCHEMA))
        .groupBy(lit(0).as("all_stations"))
        .as(Encoders.INT(), Encoders.row(LatestPerStationReducer.SCHEMA))
        .flatMapGroupsWithState(
            new PostcodeTotalsFunction(counts),
            OutputMode.Update(),
            Encoders.BINARY(),
            Encoders.row(PostcodeTotalsFunction.OUTPUT_SCHEMA),
            GroupStateTimeout.NoTimeout());
  }

  /** Reads one row of {@link #latestStatePerPostcode}'s output back as the model record. */
  public static PostcodeAvailability toAvailability(Row row) {
    return Json.read(row.<String>getAs("value"), PostcodeAvailability.class);
  }
}
