package io.citypulse.jobs.availability;

import static io.citypulse.jobs.availability.StationRecords.station;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class LatestPerStationReducerTest {
  private static final int BIKES = 3;
  private static final int LAST_REPORTED = 8;

  private long offset;

  private Row kafka(StationRecord record) {
    return RowFactory.create(
        record.key().getBytes(StandardCharsets.UTF_8), Json.write(record), 0, offset++);
  }

  private Row kafka(String key, String value) {
    return RowFactory.create(
        key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        0,
        offset++);
  }

  private static long[] chain(Row row) {
    return (long[]) row.get(LatestPerStationReducer.CHAIN);
  }

  private static List<Row> reduce(Row... rows) {
    List<Row> out = new ArrayList<>();
    new LatestPerStationReducer().call(List.of(rows).iterator()).forEachRemaining(out::add);
    out.sort(Comparator.comparing(
        r -> r.isNullAt(LatestPerStationReducer.CHAIN) ? "~" : r.getString(0)));
    return out;
  }

  private static long micros(int minute) {
    return (StationRecords.T0.getEpochSecond() + 60L * minute) * 1_000_000L;
  }

  @Test
  void keepsTheFirstNewestRecordOfEachStationWithItsChainOfRecordBreakers() {
    List<Row> out = reduce(
        kafka(station("A", "75001", 1, 0, 5, 10, 1)),
        kafka(station("A", "75001", 2, 0, 5, 10, 2)), // newer fetch: breaks the record
        kafka(station("A", "75001", 9, 0, 5, 9, 9)), // older report: stale here already
        kafka(station("A", "75001", 3, 0, 5, 10, 2)), // equal key: stale, the first one stays
        kafka(station("B", "75002", 5, 0, 5, 1, 1)),
        kafka(station("A", "75001", 4, 0, 5, 11, 0))); // newer report

    assertThat(out).hasSize(3);
    Row a = out.get(0);
    assertThat(a.getString(0)).isEqualTo("velib:A");
    assertThat(a.<Integer>getAs(BIKES)).isEqualTo(4);
    assertThat(a.getLong(LAST_REPORTED)).isEqualTo(micros(11));
    assertThat(chain(a))
        .containsExactly(micros(10), micros(1), micros(10), micros(2), micros(11), micros(0));
    assertThat(chain(out.get(1))).containsExactly(micros(1), micros(1));
    Row summary = out.get(2);
    assertThat(summary.getLong(LatestPerStationReducer.STALE)).isEqualTo(2);
    assertThat(summary.getLong(LatestPerStationReducer.REJECTED)).isZero();
  }

  @Test
  void countsRejectedRecordsAndDescribesTheFirst() {
    List<Row> out = reduce(
        kafka("velib:x", "{not json"),
        kafka(station("A", "75001", 1, 0, 5, 1, 1)),
        kafka("velib:A", null));

    Row summary = out.get(1);
    assertThat(summary.getLong(LatestPerStationReducer.REJECTED)).isEqualTo(2);
    assertThat(summary.getString(LatestPerStationReducer.REJECTION)).isEqualTo("malformed_json");
    assertThat(summary.getString(0)).isEqualTo("velib:x");
    assertThat(summary.getLong(LatestPerStationReducer.OFFSET)).isZero();
  }

  @Test
  void noSummaryRowWhenEverythingWasApplied() {
    assertThat(reduce(
            kafka(station("A", "75001", 1, 0, 5, 1, 1)),
            kafka(station("B", "75001", 1, 0, 5, 1, 1))))
        .hasSize(2)
        .allSatisfy(
            row -> assertThat(row.isNullAt(LatestPerStationReducer.CHAIN)).isFalse());
  }

  @Test
  void countsTheChainKeysThatBeatTheStoredState() {
    List<Long> chain = List.of(100L, 1L, 100L, 2L, 101L, 0L);
    StationState stored = new StationState("a", "75001", null, 0, 0, 0, 0, 0, 100L, 1L);

    assertThat(StationChangesFunction.recordsNewerThan(chain, null)).isEqualTo(3);
    assertThat(StationChangesFunction.recordsNewerThan(chain, stored)).isEqualTo(2);
    assertThat(StationChangesFunction.recordsNewerThan(
            chain, new StationState("a", "75001", null, 0, 0, 0, 0, 0, 101L, 0L)))
        .isZero();
    assertThat(StationChangesFunction.recordsNewerThan(
            chain, new StationState("a", "75001", null, 0, 0, 0, 0, 0, null, null)))
        .isEqualTo(3);
  }
}
