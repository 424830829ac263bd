package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.sink.RecordTables;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSeriesReaderTest {

  @Test
  void oneQueryPerTableRanksTheStatesOfTheWindowPerKey() {
    assertThat(RecentSeriesReader.recentSql(
            RecordTables.POSTCODES, RecentSeriesReader.POSTCODE_COLUMNS))
        .isEqualTo(
            "SELECT postcode, updated_at, bikes_available, mechanical, ebike, docks_available FROM (SELECT postcode,"
                + " updated_at, bikes_available, mechanical, ebike, docks_available, row_number() OVER (PARTITION BY"
                + " postcode ORDER BY updated_at DESC) AS newest_first FROM postcode_availability_history WHERE"
                + " updated_at >= ?) recent WHERE newest_first <= ? ORDER BY postcode, updated_at");
    assertThat(
            RecentSeriesReader.recentSql(RecordTables.WEATHER, RecentSeriesReader.WEATHER_COLUMNS))
        .startsWith(
            "SELECT location, observed_at, temperature_c, humidity_pct, wind_speed_ms, precipitation_mm FROM")
        .contains("FROM weather_history WHERE observed_at >= ?");
  }

  @Test
  void stationsAreKeyedBySystemAndCodeSoTheyAreNotReadHere() {
    assertThatThrownBy(() -> RecentSeriesReader.recentSql(
            RecordTables.STATIONS, java.util.List.of("bikes_available")))
        .hasMessageContaining("one key column expected");
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
