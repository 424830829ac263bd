package io.citypulse.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.storage.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorIT {
  @TempDir
  Path stateDir;

  @Test
  void createsTheSchemaFromScratchAndIsANoOpOnRestart() throws Exception {
    Path data = stateDir.resolve("postgres");
    int port;
    try (PostgresServer server = PostgresServer.start(data)) {
      port = server.port();
      assertThat(SchemaMigrator.migrate(server.target())).as("V1 to V4").isEqualTo(4);
      assertThat(SchemaMigrator.migrate(server.target())).isZero();
      assertThat(strings(
              server,
              "SELECT table_name FROM information_schema.tables"
                  + " WHERE table_schema = 'public' ORDER BY table_name"))
          .containsExactly(
              "citypulse_schema_history",
              "postcode_availability_current",
              "postcode_availability_history",
              "sink_progress",
              "station_current",
              "station_history",
              "weather_current",
              "weather_history");
      try (Connection c = server.target().open();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO sink_progress(query_name, batch_id) VALUES ('kept', 7)");
      }
    }
    try (PostgresServer again = PostgresServer.start(data, port, Duration.ofSeconds(60))) {
      assertThat(SchemaMigrator.migrate(again.target())).isZero();
      assertThat(strings(again, "SELECT query_name || '=' || batch_id FROM sink_progress"))
          .containsExactly("kept=7");
    }
  }

  /**
   * A database created by a citypulse with only V1 (postcode mechanical/ebike NOT NULL, an
   * unknown split stored as 0) is upgraded in place: its rows stay, the split may now be NULL and
   * untyped_bikes exists, NULL in the old rows.
   */
  @Test
  void aVersion1DatabaseMigratesKeepingItsRows() throws Exception {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("v1"))) {
      var target = server.target();
      Flyway.configure(SchemaMigrator.class.getClassLoader())
          .dataSource(target.jdbcUrl(), target.user(), target.password())
          .locations(SchemaMigrator.LOCATION)
          .table(SchemaMigrator.HISTORY_TABLE)
          .target("1")
          .load()
          .migrate();
      String v1Row =
          "('75001', 'Paris', 3, 12, 10, 2, 48, 60, '2026-11-24T08:00:00Z', 'postcodes', 4)";
      String columns =
          "(postcode, commune, stations, bikes_available, mechanical, ebike, docks_available, capacity,"
              + " updated_at, query_name, batch_id)";
      try (Connection c = target.open();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO postcode_availability_current " + columns + " VALUES " + v1Row);
        st.execute("INSERT INTO postcode_availability_history " + columns + " VALUES " + v1Row);
        for (String table : List.of("weather_current", "weather_history")) {
          st.execute("INSERT INTO " + table + " (location, observed_at, source, temperature_c,"
              + " observations_1h, query_name, batch_id) VALUES ('dakar', '2026-11-24T08:00:00Z',"
              + " NULL, 27.5, 1, 'weather', 3)");
        }
      }

      assertThat(SchemaMigrator.migrate(target)).as("V2 to V4").isEqualTo(3);

      // Since V4 weather rows are keyed by source too: the old row (no source) is source ''.
      for (String table : List.of("weather_current", "weather_history")) {
        assertThat(strings(
                server, "SELECT source || '|' || location || '|' || temperature_c FROM " + table))
            .as(table)
            .containsExactly("|dakar|27.5");
      }
      try (Connection c = target.open();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO weather_current (source, location, observed_at, temperature_c,"
            + " observations_1h, query_name, batch_id) VALUES ('scraper', 'dakar',"
            + " '2026-11-24T08:00:00Z', 29.0, 1, 'weather', 4)");
      }
      assertThat(strings(
              server, "SELECT source || '|' || temperature_c FROM weather_current ORDER BY source"))
          .containsExactly("|27.5", "scraper|29");

      for (String table :
          List.of("postcode_availability_current", "postcode_availability_history")) {
        assertThat(strings(
                server,
                "SELECT concat_ws('|', postcode, mechanical, ebike, untyped_bikes IS NULL,"
                    + " system = '') FROM " + table))
            .as(table)
            .containsExactly("75001|10|2|t|t");
        assertThat(
                strings(
                    server,
                    "SELECT column_name || ' ' || is_nullable || ' ' || data_type"
                        + " FROM information_schema.columns WHERE table_name = '" + table + "'"
                        + " AND column_name IN ('mechanical', 'ebike', 'untyped_bikes', 'bikes_available') ORDER BY column_name"))
            .as(table)
            .containsExactly(
                "bikes_available NO bigint",
                "ebike YES bigint",
                "mechanical YES bigint",
                "untyped_bikes YES bigint");
      }
      try (Connection c = target.open();
          Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO postcode_availability_history (postcode, stations, bikes_available, mechanical,"
                + " ebike, untyped_bikes, docks_available, capacity, updated_at, query_name, batch_id)"
                + " VALUES ('10001', 2, 40, NULL, NULL, 40, 3, 43, '2026-11-24T09:00:00Z', 'postcodes', 5)");
      }
      assertThat(strings(
              server,
              "SELECT count(*) FROM postcode_availability_history WHERE mechanical IS NULL"))
          .containsExactly("1");
      // Since V3 two systems' areas of one name are two rows, and the old row is system ''.
      try (Connection c = target.open();
          Statement st = c.createStatement()) {
        for (String system : List.of("a", "b")) {
          st.execute("INSERT INTO postcode_availability_current (system, postcode, stations,"
              + " bikes_available, docks_available, capacity, updated_at, query_name, batch_id)"
              + " VALUES ('" + system + "', '75001', 1, 1, 1, 2, '2026-11-24T09:00:00Z', 'p', 6)");
        }
      }
      assertThat(strings(
              server,
              "SELECT system || '|' || bikes_available FROM postcode_availability_current"
                  + " WHERE postcode = '75001' ORDER BY system"))
          .containsExactly("|12", "a|1", "b|1");
    }
  }

  @Test
  void historyTablesAreIndexedForPerKeyTimeRanges() throws Exception {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("pg"))) {
      SchemaMigrator.migrate(server.target());
      List<String> indexes = strings(
          server,
          "SELECT tablename || ': ' || indexdef FROM pg_indexes"
              + " WHERE schemaname = 'public' AND tablename LIKE '%history' AND tablename <> 'citypulse_schema_history'");
      assertThat(indexes)
          .contains(
              "station_history: CREATE UNIQUE INDEX station_history_pk ON public.station_history"
                  + " USING btree (system, station_code, last_reported)",
              "postcode_availability_history: CREATE UNIQUE INDEX postcode_availability_history_pk"
                  + " ON public.postcode_availability_history USING btree (system, postcode, updated_at)",
              "weather_history: CREATE UNIQUE INDEX weather_history_pk ON public.weather_history"
                  + " USING btree (source, location, observed_at)",
              "station_history: CREATE INDEX station_history_time_idx ON public.station_history"
                  + " USING brin (last_reported)");

      // The planner really uses the key index for a one-station time range.
      List<String> plan = strings(
          server,
          "EXPLAIN SELECT * FROM station_history WHERE system = 'velib'"
              + " AND station_code = '16107' AND last_reported BETWEEN now() - interval '1 day' AND now()");
      assertThat(String.join("\n", plan)).contains("station_history_pk");
    }
  }

  private static List<String> strings(PostgresServer server, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = server.target().open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
