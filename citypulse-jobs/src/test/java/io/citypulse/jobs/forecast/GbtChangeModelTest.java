package io.citypulse.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.files.FileFormat;
import io.citypulse.files.ReadOptions;
import io.citypulse.forecast.FeatureBuilder;
import io.citypulse.forecast.Profiles;
import io.citypulse.forecast.Sampler;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.forecast.TimeSplit;
import io.citypulse.jobs.spark.SparkSessions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GBT prototype on a copy of citypulse-forecast's hand-made {@code Fixture} (two stations, two
 * weekdays; that class is test code of the other module, so its CSV text is copied here).
 */
class GbtChangeModelTest {
  /** Copy of {@code io.citypulse.forecast.Fixture.CSV}. */
  static final String CSV = String.join(
      "\n",
      "station_code,time,bikes_available,docks_available,capacity,note",
      "A,2024-01-01T00:00:00Z,5,5,10,first",
      "A,2024-01-01T11:59:00Z,0,10,10,",
      "A,2024-01-01T05:00:00Z,3,7,10,",
      "A,2024-01-01T18:00:00Z,2,8,10,",
      "B,2024-01-01T07:00:00Z,4,0,4,",
      "B,2024-01-01T13:00:00Z,1,3,4,",
      "A,2024-01-02T00:00:00Z,6,4,10,",
      "B,2024-01-02T03:00:00Z,0,4,4,",
      "A,2024-01-02T07:00:00Z,4,6,10,",
      "A,2024-01-02T13:00:00Z,10,0,10,",
      "B,2024-01-02T20:00:00Z,2,2,4,",
      "A,2024-01-03T00:00:00Z,8,2,10,",
      "");

  private static final long SIX_HOURS = 6 * 3600;

  @TempDir
  static Path workDir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 1, workDir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private final StateLog log = StateLogReader.read(
          "fixture",
          FileFormat.CSV,
          new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)),
          ReadOptions.defaults())
      .log();
  // split Tue 00:00 (fraction 0.5); an hourly grid for more samples than the fixture's 6 hours
  private final TimeSplit split = TimeSplit.of(log, 0.5, Duration.ofHours(1));
  private final SlotScheme slots = new SlotScheme(ZoneOffset.UTC, 360);
  private final FeatureBuilder features = new FeatureBuilder(
      slots,
      Profiles.fit(log, split, slots),
      Map.of(SIX_HOURS, Profiles.Changes.fit(log, split, slots, SIX_HOURS)));

  @Test
  void trainsOnTheTrainSamplesAndPredictsEveryTestSample() {
    GbtChangeModel model =
        GbtChangeModel.fit(spark, log, split, features, SIX_HOURS, GbtChangeModel.Options.small());

    // train: t + 6 h before Tue 00:00 -> A Mon 00..17 (18), B from its first row Mon 07 (11)
    assertThat(model.trainRows()).isEqualTo(29);
    assertThat(model.trainSeconds()).isPositive();
    assertThat(model.featureImportances()).hasSize(FeatureBuilder.NAMES.size());

    List<Double> predictions = new ArrayList<>();
    model.forEachTestPrediction(log, split, features, (s, bikes) -> {
      predictions.add(bikes);
      assertThat(bikes).isBetween(0.0, (double) s.now().capacity());
    });
    // test: Tue 00..18 hourly (target by Wed 00:00, the log's end), both stations
    assertThat(predictions)
        .hasSize(38)
        .hasSize((int) Sampler.count(log, split, Sampler.Part.TEST, SIX_HOURS))
        .allSatisfy(p -> assertThat(p).isFinite());
  }

  @Test
  void theSubsampleKeepsAboutTheAskedRowsAndIsRepeatable() {
    GbtChangeModel.Options options = GbtChangeModel.Options.small().withMaxTrainRows(15);

    var first = GbtChangeModel.trainRows(log, split, features, SIX_HOURS, options);
    var second = GbtChangeModel.trainRows(log, split, features, SIX_HOURS, options);

    assertThat(first).hasSizeBetween(5, 25).isEqualTo(second);
    assertThat(GbtChangeModel.trainRows(
            log, split, features, SIX_HOURS, GbtChangeModel.Options.small()))
        .hasSize(29);
  }
}
