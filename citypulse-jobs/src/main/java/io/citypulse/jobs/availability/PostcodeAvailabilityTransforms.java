package io.citypulse.jobs.availability;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.Topics;
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
 *   <li>the two stateful steps, keyed by station then by postcode: latest state of every
 *       station, totals of the postcodes that changed, as Kafka records (key = postcode, value =
 *       {@link PostcodeAvailability} JSON).</li>
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
   * The stateful steps: keeps the latest state of every station and emits, for each postcode
   * where at least one station's state changed in the batch, its totals over the latest states
   * as a Kafka record: {@code key} = postcode, {@code value} = the {@link PostcodeAvailability}
   * JSON, written by the project's one mapper ({@link Json}).
   *
   * <p>A record replaces a station's state only if (last_reported, fetched_at) is strictly
   * greater; an equal (duplicate, re-poll) or older (late) record is counted as stale and changes
   * nothing. Rows with a {@code rejection} are counted and dropped. Each batch's counts are added
   * to {@code counts}, a registered accumulator.
   *
   * <p>Two keyed steps, both spread over {@code spark.sql.shuffle.partitions}:
   * <ol>
   *   <li>the station step ({@link StationChangesFunction}), keyed by station: the station's
   *       latest state; a replacing record sends its previous share (-1) and its new one (+1),
   *       each to its own area;</li>
   *   <li>the area step ({@link AreaTotalsFunction}), keyed by area: the running totals of the
   *       area, updated by the batch's changes and emitted.</li>
   * </ol>
   *
   * <p>Why this design (docs/benchmarks.md, "Partitioned state"): until issue 16 all stations were
   * one state group, so that a station moving between postcodes could be taken out of the old one:
   * one task, one blob of every station rewritten by each batch, a cost that grew with the whole
   * network (5-6.5 s per batch at 1,000,000 stations) and could not use a second core or a
   * cluster. Grouping by postcode alone cannot see a station's previous postcode; departure records
   * from the source would be lost with the source's memory on a restart. Keyed by station, the
   * state holds the previous postcode and sends the departure itself, in the same batch and the
   * same checkpoint as the arrival, so a move stays exact through restarts and kill -9, and each
   * batch reads and writes only the stations and areas it changes. Measured against the single
   * group on a quiet 2-core machine: on par at 100,000 stations, 1.7 times the latency at 1,500
   * (the second stateful step and its shuffle cost ~250 ms per batch); a variant keeping 64 blob
   * buckets instead of one key per station was no faster under load. The changes are
   * summed per area within each partition ({@link ChangesCombiner}) so that the second shuffle
   * carries one row per area, not two per station. Both steps are {@code flatMapGroupsWithState}
   * in Append mode: Spark chains stateful operators only in Append mode, and nothing here waits
   * for a watermark (no timeouts), so every batch's output is final when written.
   */
  public static Dataset<Row> latestStatePerPostcode(
      Dataset<Row> kafkaRows, AvailabilityCounts counts) {
    return latestStatePerArea(
        kafkaRows, counts, AreaGrouping.POSTCODES, Topics.POSTCODE_AVAILABILITY);
  }

  /**
   * {@link #latestStatePerPostcode} with the areas and per-system totals of {@code grouping};
   * each output row also names its {@code topic}: {@code areaTopic}, or the grouping's system
   * totals topic.
   */
  public static Dataset<Row> latestStatePerArea(
      Dataset<Row> kafkaRows, AvailabilityCounts counts, AreaGrouping grouping, String areaTopic) {
    // groupBy on a column, not groupByKey on a function: a typed key function adds an
    // AppendColumnsWithObject operator whose serializer Spark re-generates in every task.
    Dataset<Row> changes = kafkaColumns(kafkaRows)
        .mapPartitions(new LatestPerStationReducer(), Encoders.row(LatestPerStationReducer.SCHEMA))
        // Summary rows (stale and rejected counts) may have no station key.
        .groupBy(coalesce(col("station_key"), lit("")).as("station"))
        .as(Encoders.STRING(), Encoders.row(LatestPerStationReducer.SCHEMA))
        .flatMapGroupsWithState(
            new StationChangesFunction(counts, grouping),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.row(StationChangesFunction.SCHEMA),
            GroupStateTimeout.NoTimeout());
    return changes
        .mapPartitions(new ChangesCombiner(), Encoders.row(StationChangesFunction.SCHEMA))
        .groupBy(col("group"))
        .as(Encoders.STRING(), Encoders.row(StationChangesFunction.SCHEMA))
        .flatMapGroupsWithState(
            new AreaTotalsFunction(counts, areaTopic, grouping.systemTotalsTopic()),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.row(AreaTotalsFunction.OUTPUT_SCHEMA),
            GroupStateTimeout.NoTimeout());
  }

  /** Reads one row of {@link #latestStatePerPostcode}'s output back as the model record. */
  public static PostcodeAvailability toAvailability(Row row) {
    return Json.read(row.<String>getAs("value"), PostcodeAvailability.class);
  }
}
