package io.citypulse.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationRecord;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTableTest {

  @Test
  void currentUpsertOnlyMovesForwardInTime() {
    String sql = RecordTables.STATIONS.upsertCurrentSql();
    assertThat(sql)
        .startsWith("INSERT INTO station_current (system, station_code, station_id,")
        .contains(
            "ON CONFLICT (system, station_code) DO UPDATE SET station_id = EXCLUDED.station_id")
        .contains("batch_id = EXCLUDED.batch_id, written_at = now()")
        .endsWith("WHERE station_current.last_reported < EXCLUDED.last_reported")
        .doesNotContain("system = EXCLUDED.system");
    // 18 record columns + query_name + batch_id
    assertThat(sql.chars().filter(ch -> ch == '?').count()).isEqualTo(20);
  }

  @Test
  void historyIgnoresARowAlreadyThere() {
    assertThat(RecordTables.WEATHER.insertHistorySql())
        .startsWith("INSERT INTO weather_history (location, city,")
        .endsWith("ON CONFLICT (source, location, observed_at) DO NOTHING");
    assertThat(RecordTables.WEATHER.historyKey())
        .containsExactly("source", "location", "observed_at");
  }

  @Test
  void postcodeHistoryIsRevisedOnlyWhenTheValuesAtTheSameTimeDiffer() {
    String sql = RecordTables.POSTCODES.insertHistorySql();
    assertThat(sql)
        .contains(
            "ON CONFLICT (system, postcode, updated_at) DO UPDATE SET commune = EXCLUDED.commune")
        .contains(
            "WHERE (postcode_availability_history.commune, postcode_availability_history.stations,")
        .contains(") IS DISTINCT FROM (EXCLUDED.commune, EXCLUDED.stations,")
        .doesNotContain("updated_at = EXCLUDED.updated_at");
    assertThat(RecordTables.POSTCODES.upsertCurrentSql())
        .endsWith("WHERE postcode_availability_current.updated_at <= EXCLUDED.updated_at");
  }

  @Test
  void stationTimeFallsBackToFetchedAtAndRecordsWithoutKeyAreRejected() {
    StationRecord noReport = new StationRecord(
        "velib",
        "1",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        null,
        null,
        null,
        true,
        true,
        true,
        null,
        Records.T0);
    assertThat(RecordTables.stationTime(noReport)).isEqualTo(Records.T0);
    assertThat(RecordTables.STATIONS.problem().of(noReport)).isNull();
    StationRecord noCode = new StationRecord(
        "velib",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        null,
        null,
        null,
        true,
        true,
        true,
        Records.T0,
        Records.T0);
    assertThat(RecordTables.STATIONS.problem().of(noCode)).isEqualTo("no station_code");
    assertThat(RecordTables.WEATHER.problem().of(Records.weather("paris", 10, null)))
        .isEqualTo("no observed_at");
    assertThat(RecordTables.POSTCODES.problem().of(Records.postcode(null, 1, Records.T0)))
        .isEqualTo("no postcode");
  }

  @Test
  void aKeyThatIsNotAColumnIsRefused() {
    assertThatThrownBy(() -> new RecordTable<String>(
            "s",
            "c",
            "h",
            List.of("id"),
            "t",
            List.of(new Column<String>("t", Types.VARCHAR, v -> v)),
            false,
            v -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
  }
}
