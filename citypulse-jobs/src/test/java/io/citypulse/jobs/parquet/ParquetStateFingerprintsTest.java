package io.citypulse.jobs.parquet;

import static io.citypulse.jobs.parquet.HistoryRecords.tableRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.parquet.StateFingerprints.Fingerprint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetStateFingerprintsTest {
  private static final Instant T = Instant.parse("2025-10-18T08:00:00Z");
  private static final Instant PRODUCED = Instant.parse("2025-10-18T08:00:31Z");

  private static Row sample(ParquetStream stream) {
    Record record = switch (stream) {
      case STATIONS -> HistoryRecords.station("velib", "16107", 5, T, T.plusSeconds(30));
      case POSTCODES -> HistoryRecords.systemArea("sim-0001", "75004", 12, T);
      case WEATHER -> HistoryRecords.weather("paris", 11.5, T);
    };
    return tableRow(stream, record, PRODUCED, "2025-10-18");
  }

  private static Row with(Row row, int column, Object value) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i == column ? value : row.get(i);
    }
    return RowFactory.create(values);
  }

  private static int column(ParquetStream stream, String name) {
    return ParquetSchemas.table(stream).fieldIndex(name);
  }

  /** Another value of the same type, as close as the type allows. */
  private static Object changed(Object value) {
    if (value instanceof String s) {
      return s + "x";
    } else if (value instanceof Integer i) {
      return i + 1;
    } else if (value instanceof Long l) {
      return l + 1;
    } else if (value instanceof Double d) {
      return Math.nextUp(d);
    } else if (value instanceof Boolean b) {
      return !b;
    } else if (value instanceof Timestamp t) {
      return Timestamp.from(t.toInstant().plusNanos(1_000)); // one microsecond, Spark's precision
    }
    throw new AssertionError("no change for " + value);
  }

  @ParameterizedTest
  @EnumSource(ParquetStream.class)
  void theSameStateHasTheSameFingerprintWhateverTheKafkaTimestampAndDate(ParquetStream stream) {
    Row row = sample(stream);
    Row republished = with(
        with(row, column(stream, "kafka_timestamp"), Timestamp.from(PRODUCED.plusSeconds(3600))),
        column(stream, "date"),
        "2025-10-19");

    Fingerprint fingerprint = StateFingerprints.of(stream).fingerprint(row);
    assertThat(StateFingerprints.of(stream).fingerprint(sample(stream))).isEqualTo(fingerprint);
    assertThat(StateFingerprints.of(stream).fingerprint(republished)).isEqualTo(fingerprint);
    assertThat(StateFingerprints.of(stream)
            .fingerprint(with(row, column(stream, "kafka_timestamp"), null)))
        .isEqualTo(fingerprint);
  }

  @Test
  void aStationsFetchedAtIsNotPartOfItsState() {
    Row row = sample(ParquetStream.STATIONS);
    int fetchedAt = column(ParquetStream.STATIONS, "fetched_at");
    StateFingerprints fingerprints = StateFingerprints.of(ParquetStream.STATIONS);

    assertThat(fingerprints.fingerprint(with(row, fetchedAt, Timestamp.from(T.plusSeconds(7200)))))
        .isEqualTo(fingerprints.fingerprint(row));
    assertThat(fingerprints.fingerprint(with(row, fetchedAt, null)))
        .isEqualTo(fingerprints.fingerprint(row));
    assertThat(StateFingerprints.stateColumns(ParquetStream.STATIONS))
        .doesNotContain("fetched_at", "kafka_timestamp", "date")
        .contains("last_reported", "system", "station_code", "bikes_available", "name");
  }

  @ParameterizedTest
  @EnumSource(ParquetStream.class)
  void everyOtherColumnChangedOrNulledChangesTheFingerprintNotTheKeyHash(ParquetStream stream) {
    Row row = sample(stream);
    StateFingerprints fingerprints = StateFingerprints.of(stream);
    Set<Fingerprint> seen = new HashSet<>(List.of(fingerprints.fingerprint(row)));
    List<String> state = StateFingerprints.stateColumns(stream);
    List<String> expected = new ArrayList<>(List.of(ParquetSchemas.json(stream).fieldNames()));
    expected.removeAll(stream.republicationFields());
    assertThat(state).containsExactlyElementsOf(expected);

    for (String name : state) {
      int column = column(stream, name);
      assertThat(row.get(column)).as(name + " set in the sample").isNotNull();
      Row changed = with(row, column, changed(row.get(column)));
      Row nulled = with(row, column, null);
      assertThat(seen.add(fingerprints.fingerprint(changed)))
          .as(name + " changed")
          .isTrue();
      assertThat(seen.add(fingerprints.fingerprint(nulled))).as(name + " null").isTrue();
      if (!stream.identityFields().contains(name)) {
        assertThat(fingerprints.keyHash(changed)).as(name).isEqualTo(fingerprints.keyHash(row));
      }
    }
  }

  @Test
  void keyHashesDifferPerKeyAndValuesCannotSlideBetweenColumns() {
    StateFingerprints fingerprints = StateFingerprints.of(ParquetStream.STATIONS);
    Row a = tableRow(
        ParquetStream.STATIONS, HistoryRecords.station("velib", "A1", 5, T, T), PRODUCED, "d");
    Row slid = tableRow(
        ParquetStream.STATIONS, HistoryRecords.station("velibA", "1", 5, T, T), PRODUCED, "d");
    Row otherSystem = tableRow(
        ParquetStream.STATIONS, HistoryRecords.station("citibike", "A1", 5, T, T), PRODUCED, "d");

    assertThat(fingerprints.keyHash(slid)).isNotEqualTo(fingerprints.keyHash(a));
    assertThat(fingerprints.keyHash(otherSystem)).isNotEqualTo(fingerprints.keyHash(a));
    assertThat(fingerprints.fingerprint(slid)).isNotEqualTo(fingerprints.fingerprint(a));
    int commune = column(ParquetStream.STATIONS, "commune");
    assertThat(fingerprints.fingerprint(with(a, commune, "")))
        .isNotEqualTo(fingerprints.fingerprint(with(a, commune, null)));
  }

  @Test
  void timestampsAndInstantsOfTheSameTimeGiveTheSameFingerprint() {
    // Spark's Row encoder gives Instants instead of Timestamps with
    // spark.sql.datetime.java8API.enabled.
    Row row = sample(ParquetStream.POSTCODES);
    int updatedAt = column(ParquetStream.POSTCODES, "updated_at");
    StateFingerprints fingerprints = StateFingerprints.of(ParquetStream.POSTCODES);

    assertThat(fingerprints.fingerprint(with(row, updatedAt, T)))
        .isEqualTo(fingerprints.fingerprint(row));
    assertThat(fingerprints.fingerprint(with(row, updatedAt, T.plusNanos(1_000))))
        .isNotEqualTo(fingerprints.fingerprint(row));
  }

  @Test
  void twoSystemsAreasOfOneNameAreTwoKeysAndAOneSystemAreaAThird() {
    StateFingerprints fingerprints = StateFingerprints.of(ParquetStream.POSTCODES);
    Row a = tableRow(
        ParquetStream.POSTCODES, HistoryRecords.systemArea("a", "UNKNOWN", 5, T), PRODUCED, "d");
    Row b = tableRow(
        ParquetStream.POSTCODES, HistoryRecords.systemArea("b", "UNKNOWN", 5, T), PRODUCED, "d");
    Row none =
        tableRow(ParquetStream.POSTCODES, HistoryRecords.postcode("UNKNOWN", 5, T), PRODUCED, "d");

    assertThat(Set.of(fingerprints.keyHash(a), fingerprints.keyHash(b), fingerprints.keyHash(none)))
        .hasSize(3);
    assertThat(Set.of(
            fingerprints.fingerprint(a),
            fingerprints.fingerprint(b),
            fingerprints.fingerprint(none)))
        .hasSize(3);
  }
}
