package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class LatestPerStationReducerTest {

  private static Row record(String station, int bikes, Long lastReported, Long fetchedAt, long offset) {
    return RowFactory.create(station, "75001", "Paris", bikes, bikes, 0, 10, 20, lastReported,
        fetchedAt, 0, offset, null);
  }

  private static Row rejected(String rejection, long offset) {
    return RowFactory.create("velib:bad", null, null, null, null, null, null, null, null, null, 0,
        offset, rejection);
  }

  private static long[] chain(Row row) {
    return (long[]) row.get(LatestPerStationReducer.CHAIN);
  }

  private static List<Row> reduce(Row... rows) {
    List<Row> out = new ArrayList<>();
    new LatestPerStationReducer().call(List.of(rows).iterator()).forEachRemaining(out::add);
    out.sort(Comparator.comparing(r -> r.isNullAt(0) ? "~" : r.getString(0)));
    return out;
  }

  @Test
  void keepsTheFirstNewestRecordOfEachStationWithItsChainOfRecordBreakers() {
    List<Row> out = reduce(
        record("a", 1, 100L, 1L, 0),
        record("a", 2, 100L, 2L, 1),   // newer fetch: breaks the record
        record("a", 9, 99L, 9L, 2),    // older report: stale here already
        record("a", 3, 100L, 2L, 3),   // equal key: stale, the first one stays
        record("b", 5, null, null, 4),
        record("a", 4, 101L, 0L, 5));  // newer report

    assertThat(out).hasSize(3);
    Row a = out.get(0);
    assertThat(a.getInt(3)).isEqualTo(4);
    assertThat(chain(a)).containsExactly(100L, 1L, 100L, 2L, 101L, 0L);
    Row b = out.get(1);
    assertThat(chain(b))
        .containsExactly(LatestPerStationReducer.OLDEST, LatestPerStationReducer.OLDEST);
    Row summary = out.get(2);
    assertThat(summary.isNullAt(LatestPerStationReducer.CHAIN)).isTrue();
    assertThat(summary.getLong(LatestPerStationReducer.STALE)).isEqualTo(2);
    assertThat(summary.getLong(LatestPerStationReducer.REJECTED)).isZero();
  }

  @Test
  void countsRejectedRecordsAndDescribesTheFirst() {
    List<Row> out = reduce(rejected("malformed_json", 7), record("a", 1, 1L, 1L, 8), rejected("tombstone", 9));

    Row summary = out.get(1);
    assertThat(summary.getLong(LatestPerStationReducer.REJECTED)).isEqualTo(2);
    assertThat(summary.getString(LatestPerStationReducer.REJECTION)).isEqualTo("malformed_json");
    assertThat(summary.getLong(LatestPerStationReducer.OFFSET)).isEqualTo(7);
  }

  @Test
  void noSummaryRowWhenEverythingWasApplied() {
    assertThat(reduce(record("a", 1, 1L, 1L, 0), record("b", 1, 1L, 1L, 1))).hasSize(2)
        .allSatisfy(row -> assertThat(row.isNullAt(LatestPerStationReducer.CHAIN)).isFalse());
  }

  @Test
  void countsTheChainKeysThatBeatTheStoredState() {
    List<Long> chain = List.of(100L, 1L, 100L, 2L, 101L, 0L);
    StationState stored = new StationState("a", "75001", null, 0, 0, 0, 0, 0, 100L, 1L);

    assertThat(PostcodeTotalsFunction.recordsNewerThan(chain, null)).isEqualTo(3);
    assertThat(PostcodeTotalsFunction.recordsNewerThan(chain, stored)).isEqualTo(2);
    assertThat(PostcodeTotalsFunction.recordsNewerThan(chain,
        new StationState("a", "75001", null, 0, 0, 0, 0, 0, 101L, 0L))).isZero();
    assertThat(PostcodeTotalsFunction.recordsNewerThan(chain,
        new StationState("a", "75001", null, 0, 0, 0, 0, 0, null, null))).isEqualTo(3);
  }
}
