package io.citypulse.jobs.availability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Before the shuffle, reduces one input partition of a micro-batch to at most one row per station
 * (its newest record) plus one summary row, so the single-group stateful step sees about one row
 * per station however many records the batch holds. This is what lets a large backlog go through
 * in parallel and in bounded memory.
 *
 * <p>Counting stays exact: a record can only be accepted by the stateful step if it is strictly
 * newer than every earlier record of its station, so each station row carries the keys
 * (last_reported, fetched_at) of those "record-breaking" records, in Kafka order (its
 * {@code chain}); the stateful step counts how many of them beat the stored state. Every other
 * valid record is stale already here. Rows of one Kafka partition arrive in offset order, and a
 * station's records share a partition, so this matches applying every record one by one.
 *
 * <p>Input: Kafka rows {@link #KAFKA_COLUMNS} ({@code partition} and {@code offset} may be null),
 * read with {@link StationRecordReader}; output: {@link #SCHEMA}.
 */
final class LatestPerStationReducer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The Kafka columns read, in this order. */
  static final String[] KAFKA_COLUMNS = {"key", "value", "partition", "offset"};

  static final int REJECTION = 12;
  static final int OFFSET = 11;
  /** Interleaved (last_reported, fetched_at) keys of the station's record-breaking records. */
  static final int CHAIN = 13;

  static final int STALE = 14;
  static final int REJECTED = 15;
  /** The station's system and place: what its area key is made of besides its postcode. */
  static final int SYSTEM = 16;

  static final int LAT = 17;
  static final int LON = 18;

  /**
   * The input columns, then {@code chain} (null on the summary row), {@code stale_records} and
   * {@code rejected_records} (non-zero on the summary row only). The summary row describes the
   * partition's first rejected record, if any, in its input columns.
   */
  static final StructType SCHEMA = new StructType()
      .add("station_key", DataTypes.StringType)
      .add("postcode", DataTypes.StringType)
      .add("commune", DataTypes.StringType)
      .add("bikes_available", DataTypes.IntegerType)
      .add("mechanical", DataTypes.IntegerType)
      .add("ebike", DataTypes.IntegerType)
      .add("docks_available", DataTypes.IntegerType)
      .add("capacity", DataTypes.IntegerType)
      .add("last_reported_us", DataTypes.LongType)
      .add("fetched_at_us", DataTypes.LongType)
      .add("kafka_partition", DataTypes.IntegerType)
      .add("kafka_offset", DataTypes.LongType)
      .add("rejection", DataTypes.StringType)
      .add("chain", DataTypes.createArrayType(DataTypes.LongType, false))
      .add("stale_records", DataTypes.LongType, false)
      .add("rejected_records", DataTypes.LongType, false)
      .add("system", DataTypes.StringType)
      .add("lat", DataTypes.DoubleType)
      .add("lon", DataTypes.DoubleType);

  /** The newest record of a station so far and the keys of its record-breaking records. */
  private static final class Latest {
    Object[] values;
    long lastReported;
    long fetchedAt;
    long[] chain = new long[4];
    int chainLength;

    void add(Object[] candidate, long candidateLastReported, long candidateFetchedAt) {
      values = candidate;
      lastReported = candidateLastReported;
      fetchedAt = candidateFetchedAt;
      if (chainLength + 2 > chain.length) {
        chain = Arrays.copyOf(chain, chain.length * 2);
      }
      chain[chainLength++] = candidateLastReported;
      chain[chainLength++] = candidateFetchedAt;
    }

    boolean isBeatenBy(long otherLastReported, long otherFetchedAt) {
      return StationState.isNewer(otherLastReported, otherFetchedAt, lastReported, fetchedAt);
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    StationRecordReader reader = new StationRecordReader();
    Map<String, Latest> byStation = new HashMap<>();
    long stale = 0;
    long rejected = 0;
    Object[] firstRejected = null;
    while (rows.hasNext()) {
      Row row = rows.next();
      reader.read((byte[]) row.get(0), (byte[]) row.get(1));
      Integer partition = row.isNullAt(2) ? null : ((Number) row.get(2)).intValue();
      Long offset = row.isNullAt(3) ? null : ((Number) row.get(3)).longValue();
      if (reader.rejection != null) {
        rejected++;
        if (firstRejected == null) {
          firstRejected = values(reader, partition, offset);
        }
        continue;
      }
      long lastReported = StationState.orOldest(reader.lastReportedMicros);
      long fetchedAt = StationState.orOldest(reader.fetchedAtMicros);
      Latest latest = byStation.get(reader.stationKey);
      if (latest == null) {
        latest = new Latest();
        byStation.put(reader.stationKey, latest);
        latest.add(values(reader, partition, offset), lastReported, fetchedAt);
      } else if (latest.isBeatenBy(lastReported, fetchedAt)) {
        latest.add(values(reader, partition, offset), lastReported, fetchedAt);
      } else {
        stale++;
      }
    }
    List<Row> out = new ArrayList<>(byStation.size() + 1);
    for (Latest latest : byStation.values()) {
      out.add(row(latest.values, Arrays.copyOf(latest.chain, latest.chainLength), 0, 0));
    }
    if (stale > 0 || rejected > 0) {
      out.add(row(
          firstRejected == null ? new Object[SCHEMA.size()] : firstRejected,
          null,
          stale,
          rejected));
    }
    return out.iterator();
  }

  /** The record's values in the columns of {@link #SCHEMA}, chain and counts left empty. */
  private static Object[] values(StationRecordReader r, Integer partition, Long offset) {
    Object[] values = new Object[SCHEMA.size()];
    values[0] = r.stationKey;
    values[1] = r.postcode;
    values[2] = r.commune;
    values[3] = r.bikesAvailable;
    values[4] = r.mechanical;
    values[5] = r.ebike;
    values[6] = r.docksAvailable;
    values[7] = r.capacity;
    values[8] = r.lastReportedMicros;
    values[9] = r.fetchedAtMicros;
    values[10] = partition;
    values[11] = offset;
    values[REJECTION] = r.rejection;
    values[SYSTEM] = r.system;
    values[LAT] = r.lat;
    values[LON] = r.lon;
    return values;
  }

  private static Row row(Object[] values, long[] chain, long stale, long rejected) {
    Object[] all = values.clone();
    all[CHAIN] = chain;
    all[STALE] = stale;
    all[REJECTED] = rejected;
    return RowFactory.create(all);
  }
}
