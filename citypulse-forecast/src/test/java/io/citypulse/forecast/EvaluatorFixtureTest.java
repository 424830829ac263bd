package io.citypulse.forecast;

import static io.citypulse.forecast.Fixture.HOUR;
import static io.citypulse.forecast.Fixture.MON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Every number of the evaluation of {@link Fixture}, computed by hand below (grid values in the
 * fixture's table; slots 0..3 are 00-06, 06-12, 12-18, 18-24 UTC, all days weekdays).
 *
 * <p>Fitted on the train part (grid times before Tue 00:00): usual bikes per slot, A: 5, 3, 0, 2
 * (mean 2.5); B: -, -, 4, 1 (mean 2.5, used for its empty slots).
 */
class EvaluatorFixtureTest {
  private static final Offset<Double> EXACT = within(1e-9);

  private final Evaluation evaluation = Evaluator.evaluate(Fixture.log(), Fixture.options());

  @Test
  void splitsAtHalfTheRange() {
    // range Mon 00:00 .. Wed 00:00 (A's last row), half of 48 h kept for the test
    assertThat(evaluation.train()).isEqualTo(new Evaluation.Window(MON, MON + 24 * HOUR));
    assertThat(evaluation.test())
        .isEqualTo(new Evaluation.Window(MON + 24 * HOUR, MON + 48 * HOUR));
  }

  @Test
  void sixHours() {
    Evaluation.HorizonResult h = evaluation.horizons().get(0);
    assertThat(h.horizon()).isEqualTo(Duration.ofHours(6));
    // train: t + 6 h before Tue 00: A at Mon 00, 06, 12; B at Mon 12 (no state at Mon 06)
    assertThat(h.trainRows()).isEqualTo(4);
    // test: Tue 00, 06, 12, 18 for both (Tue 18 + 6 h = Wed 00 = end)
    assertThat(h.testRows()).isEqualTo(8);

    // persistence, predicted - actual:
    //   A 6-6=0, 6-4=2, 4-10=-6, 10-8=2; B 1-0=1, 0-0=0, 0-0=0, 0-2=-2
    //   MAE (0+2+6+2+1+0+0+2)/8 = 13/8; RMSE sqrt((0+4+36+4+1+0+0+4)/8) = sqrt(49/8)
    assertThat(h.persistence().mae()).isCloseTo(13.0 / 8, EXACT);
    assertThat(h.persistence().rmse()).isCloseTo(Math.sqrt(49.0 / 8), EXACT);

    // historical average, slot of the target time:
    //   A targets Tue 06 (slot 1: 3) vs 6 -> -3; Tue 12 (slot 2: 0) vs 4 -> -4;
    //     Tue 18 (slot 3: 2) vs 10 -> -8; Wed 00 (slot 0: 5) vs 8 -> -3
    //   B Tue 06 (slot 1: none, mean 2.5) vs 0 -> 2.5; Tue 12 (4) vs 0 -> 4; Tue 18 (1) vs 0 -> 1;
    //     Wed 00 (slot 0: none, 2.5) vs 2 -> 0.5
    //   MAE (3+4+8+3+2.5+4+1+0.5)/8 = 26/8; RMSE sqrt((9+16+64+9+6.25+16+1+0.25)/8) = sqrt(121.5/8)
    assertThat(h.historicalAverage().mae()).isCloseTo(26.0 / 8, EXACT);
    assertThat(h.historicalAverage().rmse()).isCloseTo(Math.sqrt(121.5 / 8), EXACT);

    // seasonal persistence: usual 6 h change by slot of the sample time, from the train samples:
    //   A slot 0: 5->3 = -2, slot 1: 3->0 = -3, slot 2: 0->2 = +2, slot 3: none (0)
    //   B slot 2: 4->1 = -3, others none
    //   A Tue 00: 6-2=4 vs 6 -> -2; Tue 06: 6-3=3 vs 4 -> -1; Tue 12: 4+2=6 vs 10 -> -4;
    //     Tue 18: 10+0 vs 8 -> 2
    //   B Tue 00: 1 vs 0 -> 1; Tue 06: 0 vs 0; Tue 12: 0-3 kept at 0 vs 0; Tue 18: 0 vs 2 -> -2
    //   MAE (2+1+4+2+1+0+0+2)/8 = 12/8; RMSE sqrt((4+1+16+4+1+0+0+4)/8) = sqrt(30/8)
    assertThat(h.seasonalPersistence().mae()).isCloseTo(12.0 / 8, EXACT);
    assertThat(h.seasonalPersistence().rmse()).isCloseTo(Math.sqrt(30.0 / 8), EXACT);

    // empty base rate: of the 4 train targets (3, 0, 2, 1) one is empty: 0.25.
    // test targets empty: B Tue 06, 12, 18 -> 3 of 8: (3*0.75^2 + 5*0.25^2)/8 = 2/8
    assertThat(h.brierEmpty().rate()).isCloseTo(0.25, EXACT);
    assertThat(h.brierEmpty().baseRate()).isCloseTo(0.25, EXACT);
    // full: no train target full (docks 7, 10, 8, 3): rate 0; test: A Tue 18 (docks 0): 1/8
    assertThat(h.brierFull().rate()).isZero();
    assertThat(h.brierFull().baseRate()).isCloseTo(1.0 / 8, EXACT);

    // the model: its validation window is the last fifth of Monday, from Mon 18:00 (rounded
    // down to the grid), and no 6 h sample fits in it: the weights stay 0, so persistence
    assertThat(h.modelDescription()).isEqualTo("blend a=0.00 b=0.00");
    assertThat(h.model()).isEqualTo(h.persistence());
    // P(empty) cells (bikes-now bucket, hour of now) from the 4 train samples, smoothed with
    // M = 20 towards the rate 0.25: (5, 0h) 0 of 1 -> (0 + 5)/21; (3, 6h) 1 of 1 -> 6/21;
    // (0, 12h) and (4, 12h) 0 of 1 -> 5/21; any other cell 5/20 = 0.25.
    //   A Tue 00 (6 bikes, 0h): 5/21, not empty; Tue 06 (6, 6h): 0.25, no; Tue 12 (4, 12h): 5/21,
    //   no; Tue 18 (10, 18h): 0.25, no. B Tue 00 (1, 0h): 0.25, empty; Tue 06 (0, 6h): 0.25,
    //   empty; Tue 12 (0, 12h): 5/21, empty; Tue 18 (0, 18h): 0.25, not empty.
    //   Brier = (2 (5/21)^2 + (16/21)^2 + 3 * 0.25^2 + 2 * 0.75^2) / 8 = (306/441 + 1.3125) / 8
    assertThat(h.brierEmpty().model()).isCloseTo((306.0 / 441 + 1.3125) / 8, EXACT);
    // no train target was full: every cell says 0, like the base rate
    assertThat(h.brierFull().model()).isCloseTo(1.0 / 8, EXACT);
  }

  @Test
  void twelveHours() {
    Evaluation.HorizonResult h = evaluation.horizons().get(1);
    // train: A at Mon 00 (5 -> 0) and Mon 06 (3 -> 2); B's first sample Mon 12 reaches Tue 00
    assertThat(h.trainRows()).isEqualTo(2);
    // test: Tue 00, 06, 12 for both
    assertThat(h.testRows()).isEqualTo(6);

    // persistence: A 6 vs 4 -> 2, 6 vs 10 -> -4, 4 vs 8 -> -4; B 1 vs 0 -> 1, 0 vs 0, 0 vs 2 -> -2
    //   MAE 13/6; RMSE sqrt((4+16+16+1+0+4)/6) = sqrt(41/6)
    assertThat(h.persistence().mae()).isCloseTo(13.0 / 6, EXACT);
    assertThat(h.persistence().rmse()).isCloseTo(Math.sqrt(41.0 / 6), EXACT);

    // historical average: A Tue 12 (0) vs 4 -> -4, Tue 18 (2) vs 10 -> -8, Wed 00 (5) vs 8 -> -3;
    //   B Tue 12 (4) vs 0 -> 4, Tue 18 (1) vs 0 -> 1, Wed 00 (2.5) vs 2 -> 0.5
    //   MAE 20.5/6; RMSE sqrt((16+64+9+16+1+0.25)/6) = sqrt(106.25/6)
    assertThat(h.historicalAverage().mae()).isCloseTo(20.5 / 6, EXACT);
    assertThat(h.historicalAverage().rmse()).isCloseTo(Math.sqrt(106.25 / 6), EXACT);

    // seasonal persistence: usual 12 h change A slot 0: -5, slot 1: -1; nothing else
    //   A Tue 00: 6-5=1 vs 4 -> -3; Tue 06: 6-1=5 vs 10 -> -5; Tue 12: 4 vs 8 -> -4
    //   B 1 vs 0 -> 1; 0 vs 0; 0 vs 2 -> -2
    //   MAE 15/6; RMSE sqrt((9+25+16+1+0+4)/6) = sqrt(55/6)
    assertThat(h.seasonalPersistence().mae()).isCloseTo(15.0 / 6, EXACT);
    assertThat(h.seasonalPersistence().rmse()).isCloseTo(Math.sqrt(55.0 / 6), EXACT);

    // empty rate 1/2 (A Mon 12 is empty): every sample scores 0.5^2 = 0.25 whatever happens
    assertThat(h.brierEmpty().rate()).isCloseTo(0.5, EXACT);
    assertThat(h.brierEmpty().baseRate()).isCloseTo(0.25, EXACT);
    // full rate 0; test: A Tue 18 full: 1/6
    assertThat(h.brierFull().baseRate()).isCloseTo(1.0 / 6, EXACT);

    // model: no validation sample either, so persistence
    assertThat(h.model()).isEqualTo(h.persistence());
    // P(empty), rate 0.5: cell (5, 0h) 1 of 1 -> (1 + 10)/21, (3, 6h) 0 of 1 -> 10/21, else 0.5.
    //   A Tue 00 (6 bikes, 0h): 11/21, not empty -> (11/21)^2; the 5 others are in unseen cells:
    //   0.5^2 each. Brier = (121/441 + 5 * 0.25) / 6
    assertThat(h.brierEmpty().model()).isCloseTo((121.0 / 441 + 1.25) / 6, EXACT);
  }

  @Test
  void jsonHasTheIssuesShape() {
    String json = EvaluationJson.write(evaluation);
    assertThat(json)
        .startsWith(
            "{\"horizons\":[{\"horizon\":\"360m\",\"model\":{\"mae\":1.625,\"rmse\":2.4749},"
                + "\"persistence\":{\"mae\":1.625,\"rmse\":2.4749},"
                + "\"historical_average\":{\"mae\":3.25,\"rmse\":3.8971},"
                + "\"seasonal_persistence\":{\"mae\":1.5,\"rmse\":1.9365},"
                + "\"brier_empty\":{\"model\":0.2508,\"base_rate\":0.25},"
                + "\"brier_full\":{\"model\":0.125,\"base_rate\":0.125},"
                + "\"test_rows\":8},")
        .endsWith("\"train\":{\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-01-02T00:00:00Z\"},"
            + "\"test\":{\"from\":\"2024-01-02T00:00:00Z\",\"to\":\"2024-01-03T00:00:00Z\"}}");
  }

  @Test
  void tableShowsEveryBaseline() {
    String table = EvaluationTable.render(evaluation);
    assertThat(table)
        .contains("360m     model                     1.625    2.475       +0.0 %")
        .contains("         persistence               1.625    2.475")
        .contains("historical average        3.250    3.897     +100.0 %")
        .contains("seasonal persistence      1.500    1.936       -7.7 %")
        .contains("P(empty)               Brier model 0.2508, base rate 0.2500 (rate 0.2500)")
        .contains("8 test, 4 train");
  }

  @Test
  void anyFittedForecasterPlugsIn() {
    java.util.List<TrainingData> seen = new java.util.ArrayList<>();
    // "usual at the target" with the fitter's own profiles: the historical average baseline, so
    // the model's errors must equal that baseline's, and it must see the train split only
    Evaluation e = Evaluator.evaluate(Fixture.log(), Fixture.options(), data -> {
      seen.add(data);
      SlotScheme slots = data.slots();
      Profiles profiles = Profiles.fit(data.log(), data.split(), slots);
      return new StationForecaster() {
        @Override
        public java.util.List<Long> horizons() {
          return data.horizons();
        }

        @Override
        public StationForecast forecast(StateLog.Station station, long time) {
          StationState now = station.stateAt(time);
          return new StationForecast(
              station.code(),
              time,
              data.horizons().stream()
                  .map(h -> new HorizonForecast(
                      h,
                      Baselines.historicalAverage(
                          new Sample(station, time, h, now, null), profiles),
                      0,
                      now.empty() ? 1 : 0,
                      0.5))
                  .toList());
        }
      };
    });

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).horizons()).containsExactly(6 * HOUR, 12 * HOUR);
    assertThat(seen.get(0).split().split()).isEqualTo(MON + 24 * HOUR);
    for (Evaluation.HorizonResult h : e.horizons()) {
      assertThat(h.model()).isEqualTo(h.historicalAverage());
      // P(full) 0.5 always: (0.5)^2 whatever happens
      assertThat(h.brierFull().model()).isCloseTo(0.25, EXACT);
      assertThat(h.modelDescription()).isNotBlank();
    }
    // the same baselines as with the blend
    assertThat(e.horizons().get(0).persistence())
        .isEqualTo(evaluation.horizons().get(0).persistence());
  }
}
