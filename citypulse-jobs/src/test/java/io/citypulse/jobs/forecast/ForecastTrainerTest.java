package io.citypulse.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.citypulse.forecast.Evaluation;
import io.citypulse.forecast.Evaluator;
import io.citypulse.forecast.ForecastModelStore;
import io.citypulse.forecast.HorizonForecast;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.ModelMetadata;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StationForecast;
import io.citypulse.forecast.TimeSplit;
import io.citypulse.forecast.TrainingData;
import io.citypulse.forecast.TreeEnsemble;
import io.citypulse.jobs.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLlib trainer on a generated log with a daily rhythm (long enough for a validation window)
 * and on the hand-made fixture (too short for one): the plumbing from samples to saved trees.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ForecastTrainerTest {
  @TempDir
  static Path workDir;

  private static SparkSession spark;

  /** 4 stations, 5 days; test 20 % (the last day), 10-minute grid, hourly slots in UTC. */
  private static final StateLog LOG = GeneratedLog.log(4, 5, 7);

  private static final Evaluator.Options OPTIONS = new Evaluator.Options(
      Horizons.parse("30m,60m"), 0.2, Duration.ofMinutes(10), new SlotScheme(ZoneOffset.UTC, 60));

  /** Few small trees: the test checks plumbing, not accuracy. */
  private static final ForecastTrainer.Options SMALL =
      ForecastTrainer.Options.defaults().withTrees(5, 3, 5, 3);

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 2, workDir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void choosesALossOnTheValidationWindowAndForecastsWithinTheStation() {
    TimeSplit split = TimeSplit.of(LOG, 0.2, OPTIONS.step());
    TrainingData data = new TrainingData(LOG, split, OPTIONS.slots(), List.of(1800L, 3600L));

    ForecastTrainer.Trained trained = ForecastTrainer.fit(spark, data, SMALL);

    assertThat(trained.candidates())
        .extracting(ForecastTrainer.Candidate::loss)
        .containsExactly("absolute", "squared");
    // the chosen loss is the one of lowest mean relative validation MAE
    double best = trained.candidates().stream()
        .mapToDouble(ForecastTrainer.Candidate::relativeMae)
        .min()
        .orElseThrow();
    assertThat(trained.candidates().stream()
            .filter(c -> c.loss().equals(trained.loss()))
            .findFirst()
            .orElseThrow()
            .relativeMae())
        .isEqualTo(best);
    for (ModelMetadata.HorizonMetrics m : trained.validation()) {
      assertThat(m.rows()).isPositive();
      // a rule of scale 0 is persistence, so the chosen rule is never worse on validation
      assertThat(m.mae()).isLessThanOrEqualTo(m.persistenceMae());
      assertThat(m.brierEmpty()).isBetween(0.0, 1.0);
    }
    assertThat(trained.validation())
        .extracting(ModelMetadata.HorizonMetrics::horizon)
        .containsExactly("30m", "60m");
    assertThat(trained.trainTo()).isEqualTo(Instant.ofEpochSecond(split.split()));
    // train samples of both horizons, every one kept (far below the row cap)
    assertThat(trained.trainRows())
        .isEqualTo(io.citypulse.forecast.Sampler.count(
                LOG, split, io.citypulse.forecast.Sampler.Part.TRAIN, 1800)
            + io.citypulse.forecast.Sampler.count(
                LOG, split, io.citypulse.forecast.Sampler.Part.TRAIN, 3600));

    for (StateLog.Station station : LOG.stations().values()) {
      for (long t = split.split(); t < LOG.end(); t += 1234) {
        StationForecast f = trained.model().forecast(station, t);
        assertThat(f.horizons())
            .extracting(HorizonForecast::horizonSeconds)
            .containsExactly(1800L, 3600L);
        for (HorizonForecast h : f.horizons()) {
          assertThat(h.bikes()).isBetween(0.0, 12.0);
          assertThat(h.bikes() + h.docks()).isCloseTo(12.0, within(1e-9));
          assertThat(h.probabilityEmpty()).isBetween(0.0, 1.0);
          assertThat(h.probabilityFull()).isBetween(0.0, 1.0);
        }
      }
    }
  }

  @Test
  void evaluatesTheTrainedModelBesideTheBaselines() {
    Evaluation mllib = ForecastRuns.evaluate(spark, LOG, OPTIONS, SMALL);
    Evaluation blend = Evaluator.evaluate(LOG, OPTIONS);

    assertThat(mllib.horizons()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Evaluation.HorizonResult m = mllib.horizons().get(i);
      Evaluation.HorizonResult b = blend.horizons().get(i);
      assertThat(m.persistence()).isEqualTo(b.persistence());
      assertThat(m.seasonalPersistence()).isEqualTo(b.seasonalPersistence());
      assertThat(m.model().mae()).isFinite().isPositive().isNotEqualTo(b.model().mae());
      assertThat(m.brierEmpty().model()).isBetween(0.0, 1.0);
      assertThat(m.modelDescription()).contains("change 5 trees");
    }
    // the rhythm is strong and regular: trees that learnt it beat persistence an hour ahead
    Evaluation.HorizonResult hour = mllib.horizons().get(1);
    assertThat(hour.model().mae()).isLessThan(hour.persistence().mae());
  }

  @Test
  void withoutASessionItUsesTheActiveOneAndLeavesItRunning() {
    Evaluation evaluation = ForecastRuns.evaluate(LOG, OPTIONS, SMALL);

    assertThat(evaluation.horizons()).allSatisfy(h -> assertThat(h.model()).isNotNull());
    assertThat(spark.sparkContext().isStopped()).isFalse();
  }

  @Test
  void trainSavesTheLatestModelWithItsTestNumbers(@TempDir Path stateDir) {
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T15:00:00Z"), ZoneOffset.UTC);

    ForecastRuns.Saved saved = ForecastRuns.train(spark, LOG, OPTIONS, SMALL, stateDir, clock);

    assertThat(saved.id()).isEqualTo("20261206T150000Z");
    ForecastModelStore.Loaded loaded = ForecastModelStore.latest(stateDir).orElseThrow();
    assertThat(loaded.id()).isEqualTo(saved.id());
    assertThat(loaded.metadata()).isEqualTo(saved.metadata());
    assertThat(loaded.model().models()).isEqualTo(saved.model().models());
    StateLog.Station s0 = LOG.station("S0");
    assertThat(loaded.model().forecast(s0, LOG.end() - 3600))
        .isEqualTo(saved.model().forecast(s0, LOG.end() - 3600));
    ModelMetadata m = saved.metadata();
    assertThat(m.test()).hasSize(2);
    assertThat(m.test().get(1).mae())
        .isEqualTo(saved.evaluation().horizons().get(1).model().mae());
    assertThat(m.test().get(1).rows())
        .isEqualTo(saved.evaluation().horizons().get(1).testRows());
    assertThat(m.validation()).hasSize(2);
    assertThat(m.horizons()).containsExactly("30m", "60m");
    assertThat(m.trainTo())
        .isEqualTo(Instant.ofEpochSecond(saved.evaluation().train().to()));
    assertThat(m.libraries()).containsKeys("java", "spark");
    assertThat(m.trainingSeconds()).isPositive();
  }

  @Test
  void trainOnEverythingWhenNoTestPartIsAsked(@TempDir Path stateDir) {
    Evaluator.Options all =
        new Evaluator.Options(OPTIONS.horizons(), 0, OPTIONS.step(), OPTIONS.slots());

    ForecastRuns.Saved saved = ForecastRuns.train(
        spark, LOG, all, SMALL, stateDir, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    assertThat(saved.evaluation()).isNull();
    assertThat(saved.metadata().test()).isEmpty();
    assertThat(saved.metadata().trainTo()).isEqualTo(Instant.ofEpochSecond(LOG.end()));
    assertThat(ForecastModelStore.latestId(stateDir)).contains(saved.id());
  }

  @Test
  void theFixtureIsTooShortForValidationAndStillTrains() {
    StateLog fixture = io.citypulse.forecast.StateLogReader.read(
            "fixture",
            io.citypulse.files.FileFormat.CSV,
            new java.io.ByteArrayInputStream(io.citypulse.testkit.StationStatesFixture.CSV.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)),
            io.citypulse.files.ReadOptions.defaults())
        .log();
    TimeSplit split = TimeSplit.of(fixture, 0.5, Duration.ofHours(1));

    ForecastTrainer.Trained trained = ForecastTrainer.fit(
        spark,
        new TrainingData(fixture, split, new SlotScheme(ZoneOffset.UTC, 360), List.of(21600L)),
        SMALL);

    // no validation sample (a 6-hour target never fits in the last 4.8 h): first loss, raw change
    assertThat(trained.candidates()).isEmpty();
    assertThat(trained.loss()).isEqualTo("absolute");
    assertThat(trained.model().models().get(0).rule().scale()).isEqualTo(1.0);
    assertThat(trained.trainRows()).isEqualTo(29);
  }

  @Test
  void aConstantProbabilityIsWhatItSays() {
    TreeEnsemble p = ForecastTrainer.constantProbability(0.3);
    assertThat(p.predict(new double[16])).isCloseTo(0.3, within(1e-12));
  }
}
