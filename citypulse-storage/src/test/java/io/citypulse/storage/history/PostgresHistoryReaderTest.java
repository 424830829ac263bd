package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresHistoryReaderTest {

  @Test
  void theRangeQueryFiltersOnThePrimaryKeyColumnsInOrder() {
    assertThat(PostgresHistoryReader.statesSql(HistorySubject.POSTCODE, false))
        .isEqualTo(
            "(SELECT updated_at, commune, stations, bikes_available, mechanical, ebike, untyped_bikes, docks_available,"
                + " capacity"
                + " FROM postcode_availability_history WHERE system = ? AND postcode = ? AND updated_at >= ?"
                + " AND updated_at <= ?"
                + " ORDER BY updated_at LIMIT ?)");
  }

  @Test
  void aSampledQueryAddsTheLastStateBeforeFrom() {
    String sql = PostgresHistoryReader.statesSql(HistorySubject.STATION, true);
    assertThat(sql)
        .startsWith("(SELECT last_reported, name, bikes_available,")
        .contains("FROM station_history WHERE system = ? AND station_code = ? AND last_reported < ?"
            + " ORDER BY last_reported DESC LIMIT 1) UNION ALL (SELECT")
        .endsWith("ORDER BY last_reported LIMIT ?) ORDER BY last_reported");
    assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(8);
  }
}
