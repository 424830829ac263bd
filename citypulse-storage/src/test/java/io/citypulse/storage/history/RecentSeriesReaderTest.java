package io.citypulse.storage.history;

import static java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
import static java.sql.Types.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.StationRecord;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.sink.Column;
import io.citypulse.storage.sink.RecordTable;
import io.citypulse.storage.sink.RecordTables;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSeriesReaderTest {

  @Test
  void oneQueryPerTableRanksTheStatesOfTheWindowPerKey() {
    assertThat(RecentSeriesReader.recentSql(
            RecordTables.POSTCODES, RecentSeriesReader.POSTCODE_COLUMNS))
        .isEqualTo(
            "SELECT k, updated_at, bikes_available, mechanical, ebike, docks_available FROM (SELECT CASE WHEN"
                + " system = '' THEN postcode ELSE system || ':' || postcode END AS k, updated_at,"
                + " bikes_available, mechanical, ebike, docks_available, row_number() OVER (PARTITION BY"
                + " system, postcode ORDER BY updated_at DESC) AS newest_first FROM postcode_availability_history"
                + " WHERE updated_at >= ?) recent WHERE newest_first <= ? ORDER BY k, updated_at");
    assertThat(
            RecentSeriesReader.recentSql(RecordTables.WEATHER, RecentSeriesReader.WEATHER_COLUMNS))
        .startsWith(
            "SELECT k, observed_at, temperature_c, humidity_pct, wind_speed_ms, precipitation_mm FROM")
        .contains("SELECT CASE WHEN source = '' THEN 'unknown' ELSE source END || ':' || location"
            + " AS k,")
        .contains("PARTITION BY source, location ORDER BY observed_at DESC")
        .contains("FROM weather_history WHERE observed_at >= ?");
  }

  @Test
  void aTableKeyedByTwoColumnsOtherThanSystemIsRefused() {
    RecordTable<StationRecord> twoKeys = new RecordTable<>(
        "two keys",
        "two_current",
        "two_history",
        List.of("station_code", "name"),
        "last_reported",
        List.of(
            new Column<StationRecord>("station_code", VARCHAR, StationRecord::stationCode),
            new Column<StationRecord>("name", VARCHAR, StationRecord::name),
            new Column<StationRecord>(
                "last_reported", TIMESTAMP_WITH_TIMEZONE, StationRecord::lastReported)),
        false,
        r -> null);
    assertThatThrownBy(() -> RecentSeriesReader.recentSql(twoKeys, List.of("name")))
        .hasMessageContaining(
            "one key column (or system and one, or source and location) expected");
  }

  private static String server(String jdbcUrl) {
    return new RecentSeriesReader(new JdbcTarget(jdbcUrl, null, null)).server();
  }

  @Test
  void theServerIsNamedWithoutParametersOrCredentials() {
    assertThat(server("jdbc:postgresql://db.example:5433/city?user=u&password=s3cret"))
        .isEqualTo("db.example:5433/city");
    assertThat(server("jdbc:postgresql://u:s3cret@db.example/city")).isEqualTo("db.example/city");
    assertThat(server("jdbc:postgresql:city")).isEqualTo("city");
    assertThat(new RecentSeriesReader(
                new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/citypulse", "u", "pw"))
            .description())
        .isEqualTo("PostgreSQL at 127.0.0.1:5432/citypulse");
  }

  @Test
  void aBoundBelowOneIsRefused() {
    RecentSeriesReader reader =
        new RecentSeriesReader(new JdbcTarget("jdbc:postgresql://127.0.0.1:1/x", null, null));
    assertThatThrownBy(() -> reader.read(Instant.EPOCH, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
