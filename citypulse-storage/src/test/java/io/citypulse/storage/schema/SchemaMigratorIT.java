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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorIT {
  @TempDir Path stateDir;

  @Test
  void createsTheSchemaFromScratchAndIsANoOpOnRestart() throws Exception {
    Path data = stateDir.resolve("postgres");
    int port;
    try (PostgresServer server = PostgresServer.start(data)) {
      port = server.port();
      assertThat(SchemaMigrator.migrate(server.target())).isEqualTo(1);
      assertThat(SchemaMigrator.migrate(server.target())).isZero();
      assertThat(strings(server, "SELECT table_name FROM information_schema.tables"
          + " WHERE table_schema = 'public' ORDER BY table_name"))
          .containsExactly("citypulse_schema_history", "postcode_availability_current",
              "postcode_availability_history", "sink_progress", "station_current", "station_history",
              "weather_current", "weather_history");
      try (Connection c = server.target().open(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO sink_progress(query_name, batch_id) VALUES ('kept', 7)");
      }
    }
    try (PostgresServer again = PostgresServer.start(data, port, Duration.ofSeconds(60))) {
      assertThat(SchemaMigrator.migrate(again.target())).isZero();
      assertThat(strings(again, "SELECT query_name || '=' || batch_id FROM sink_progress")).containsExactly("kept=7");
    }
  }

  @Test
  void historyTablesAreIndexedForPerKeyTimeRanges() throws Exception {
    try (PostgresServer server = PostgresServer.start(stateDir.resolve("pg"))) {
      SchemaMigrator.migrate(server.target());
      List<String> indexes = strings(server, "SELECT tablename || ': ' || indexdef FROM pg_indexes"
          + " WHERE schemaname = 'public' AND tablename LIKE '%history' AND tablename <> 'citypulse_schema_history'");
      assertThat(indexes).contains(
          "station_history: CREATE UNIQUE INDEX station_history_pk ON public.station_history"
              + " USING btree (system, station_code, last_reported)",
          "postcode_availability_history: CREATE UNIQUE INDEX postcode_availability_history_pk"
              + " ON public.postcode_availability_history USING btree (postcode, updated_at)",
          "weather_history: CREATE UNIQUE INDEX weather_history_pk ON public.weather_history"
              + " USING btree (location, observed_at)",
          "station_history: CREATE INDEX station_history_time_idx ON public.station_history"
              + " USING brin (last_reported)");

      // The planner really uses the key index for a one-station time range.
      List<String> plan = strings(server, "EXPLAIN SELECT * FROM station_history WHERE system = 'velib'"
          + " AND station_code = '16107' AND last_reported BETWEEN now() - interval '1 day' AND now()");
      assertThat(String.join("\n", plan)).contains("station_history_pk");
    }
  }

  private static List<String> strings(PostgresServer server, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = server.target().open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
