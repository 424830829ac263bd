package io.citypulse.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.forecast.HorizonForecast;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StationForecast;
import io.citypulse.forecast.StationForecaster;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.StationForecastRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's per-station step on a static Dataset of Kafka rows, and the scoring of one station. */
class ForecastScoringTest {
  @TempDir
  static Path dir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 1, dir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static final StructType KAFKA =
      new StructType().add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType);

  private static Row record(String code, String lastReported, String fetchedAt, int bikes) {
    String json = "{\"system\":\"velib\",\"station_code\":\"" + code + "\",\"capacity\":10,"
        + "\"bikes_available\":" + bikes + ",\"mechanical\":" + bikes + ",\"ebike\":0,"
        + "\"docks_available\":" + (10 - bikes) + ",\"is_installed\":true,\"is_renting\":true,"
        + "\"is_returning\":true,\"last_reported\":\"" + lastReported + "\",\"fetched_at\":\""
        + fetchedAt + "\"}";
    return RowFactory.create(
        ("velib:" + code).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachStationIsDueOnceWithItsStatesInTimeOrder() {
    Dataset<Row> kafka = spark.createDataFrame(
        List.of(
            record("1", "2026-12-06T08:10:00Z", "2026-12-06T08:10:30Z", 4),
            record("1", "2026-12-06T08:00:00Z", "2026-12-06T08:00:30Z", 5),
            record("1", "2026-12-06T08:10:00Z", "2026-12-06T08:20:30Z", 4),
            record("2", "2026-12-06T08:05:00Z", "2026-12-06T08:05:30Z", 0),
            RowFactory.create(null, "not json".getBytes(StandardCharsets.UTF_8))),
        KAFKA);

    List<Row> due = ForecastScoringJob.due(kafka, Duration.ofMinutes(15)).collectAsList();

    assertThat(due.stream().map(r -> r.getString(0)).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("velib:1", "velib:2");
    Row one =
        due.stream().filter(r -> r.getString(0).equals("velib:1")).findFirst().get();
    assertThat(one.getString(1)).isEqualTo("velib");
    assertThat(one.getString(2)).isEqualTo("1");
    // now: the newest fetch (08:20:30), its state began at 08:10
    assertThat(one.getLong(3)).isEqualTo(Instant.parse("2026-12-06T08:20:30Z").getEpochSecond());
    RecentStates recent = RecentStates.decode((byte[]) one.get(4));
    assertThat(recent.states()).extracting(s -> s.bikes()).containsExactly(5, 4);
  }

  @Test
  void aRecordNamesTheStateTheForecastStartsFrom() {
    RecentStates recent = RecentStates.empty();
    long t0 = Instant.parse("2026-12-06T08:00:00Z").getEpochSecond();
    recent.add(new io.citypulse.forecast.StationState(t0, 5, 5, 10, 5, 0));
    recent.add(new io.citypulse.forecast.StationState(t0 + 600, 2, 8, 10, 2, 0));
    Row due = RowFactory.create("velib:1", "velib", "1", t0 + 900, recent.encode());
    // a forecaster that predicts "the change of the last 10 minutes again", with P(empty) = 1/bikes
    StationForecaster trend = new StationForecaster() {
      @Override
      public List<Long> horizons() {
        return List.of(900L, 1800L);
      }

      @Override
      public StationForecast forecast(StateLog.Station station, long time) {
        int now = station.bikesAt(time);
        int before = station.bikesAt(time - 600);
        return new StationForecast(
            station.code(),
            time,
            horizons().stream()
                .map(h -> new HorizonForecast(
                    h,
                    Math.max(0, now + (now - before) * h / 600.0),
                    10 - Math.max(0, now + (now - before) * h / 600.0),
                    1.0 / now,
                    0.0))
                .toList());
      }
    };

    StationForecastRecord record =
        ForecastScoringJob.score(new ForecasterSource.Model("m1", trend), due);

    assertThat(record.key()).isEqualTo("velib:1");
    assertThat(record.time()).isEqualTo(Instant.ofEpochSecond(t0 + 900));
    assertThat(record.stateTime()).isEqualTo(Instant.ofEpochSecond(t0 + 600));
    assertThat(record.model()).isEqualTo("m1");
    assertThat(record.bikesAvailable()).isEqualTo(2);
    assertThat(record.docksAvailable()).isEqualTo(8);
    // 10 minutes before 08:15 the station had 5 bikes (change -3): 2 - 4.5 -> 0; 2 - 9 -> 0
    assertThat(record.forecasts())
        .containsExactly(
            new StationForecastRecord.Horizon(15, 0.0, 10.0, 0.5, 0.0),
            new StationForecastRecord.Horizon(30, 0.0, 10.0, 0.5, 0.0));
  }
}
