package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scoring of a {@link ForecastModel} with hand-made trees on the {@link Fixture} log. */
class ForecastModelTest {
  static final long SIX_HOURS = 6 * Fixture.HOUR;
  static final int BIKES = FeatureBuilder.NAMES.indexOf("bikes");
  static final int USUAL_TARGET = FeatureBuilder.NAMES.indexOf("usual_bikes_target");

  private final StateLog log = Fixture.log();
  private final TimeSplit split = TimeSplit.of(log, 0.5, java.time.Duration.ofHours(6));
  private final SlotScheme slots = Fixture.options().slots();

  /** Profiles of the fixture's train part (Monday) by code, horizons 6 h and 12 h. */
  static StationProfiles profiles(StateLog log, TimeSplit split, SlotScheme slots) {
    Map<Long, Profiles.Changes> changes = new HashMap<>();
    for (long h : List.of(SIX_HOURS, 2 * SIX_HOURS)) {
      changes.put(h, Profiles.Changes.fit(log, split, slots, h));
    }
    return StationProfiles.of(log, Profiles.fit(log, split, slots), changes, slots);
  }

  /**
   * A model whose change is "usual bikes at the target − bikes now" (two features through a
   * tree per value would be long: one split on bikes, leaves of fixed changes), P(empty) 0.9 when
   * bikes now <= 1 else 0.1 (as a logistic margin), P(full) a constant 0.2.
   */
  static ForecastModel model(StationProfiles profiles, ForecastModel.ChangeRule rule) {
    TreeEnsemble change = new TreeEnsemble(
        TreeEnsemble.Output.SUM,
        List.of(new TreeEnsemble.Tree(
            new int[] {BIKES, -1, -1},
            new double[] {3, 0, 0},
            new int[] {1, -1, -1},
            new int[] {2, -1, -1},
            new double[] {0, 4.4, -7})),
        new double[] {1});
    // margin m with 1 / (1 + e^(-2m)) = p: m = ln(p / (1 - p)) / 2
    TreeEnsemble empty = new TreeEnsemble(
        TreeEnsemble.Output.LOGISTIC,
        List.of(new TreeEnsemble.Tree(
            new int[] {BIKES, -1, -1},
            new double[] {1, 0, 0},
            new int[] {1, -1, -1},
            new int[] {2, -1, -1},
            new double[] {0, Math.log(9) / 2, -Math.log(9) / 2})),
        new double[] {1});
    TreeEnsemble full = new TreeEnsemble(
        TreeEnsemble.Output.LOGISTIC,
        List.of(TreeEnsembleTest.leaf(Math.log(0.25) / 2)),
        new double[] {1});
    return new ForecastModel(
        profiles,
        List.of(
            new ForecastModel.HorizonModel(SIX_HOURS, change, rule, empty, full),
            new ForecastModel.HorizonModel(2 * SIX_HOURS, change, rule, empty, full)));
  }

  @Test
  void forecastsEveryHorizonWithinTheStation() {
    ForecastModel model =
        model(profiles(log, split, slots), new ForecastModel.ChangeRule(1, 0, false));
    // A on Tue 00:00: 6 bikes, 4 docks, capacity 10; change -7 -> 0 (clamped)
    StationForecast a = model.forecast(log.station("A"), Fixture.MON + 24 * Fixture.HOUR);
    assertThat(model.horizons()).containsExactly(SIX_HOURS, 2 * SIX_HOURS);
    assertThat(a.station()).isEqualTo("A");
    assertThat(a.horizons()).hasSize(2);
    HorizonForecast six = a.horizons().get(0);
    assertThat(six.horizonSeconds()).isEqualTo(SIX_HOURS);
    assertThat(six.bikes()).isZero();
    // places in service 6 + 4 = 10, all free
    assertThat(six.docks()).isEqualTo(10);
    assertThat(six.probabilityEmpty()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(six.probabilityFull()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));

    // B on Tue 00:00: 1 bike, 3 docks, capacity 4; change +4.4 -> 5.4 clamped to capacity 4
    HorizonForecast b = model
        .forecast(log.station("B"), Fixture.MON + 24 * Fixture.HOUR)
        .horizons()
        .get(1);
    assertThat(b.bikes()).isEqualTo(4);
    assertThat(b.docks()).isZero();
    assertThat(b.probabilityEmpty()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theRuleKeepsPersistenceInsideTheDeadZoneAndRounds() {
    ForecastModel.ChangeRule rule = new ForecastModel.ChangeRule(0.5, 1, true);
    assertThat(rule.bikes(5, 0.9, 10)).isEqualTo(5);
    assertThat(rule.bikes(5, -0.99, 10)).isEqualTo(5);
    // 5 + 0.5 * 3 = 6.5 -> 6 (half to even)
    assertThat(rule.bikes(5, 3, 10)).isEqualTo(6);
    assertThat(rule.bikes(5, 30, 10)).isEqualTo(10);
    assertThat(ForecastModel.ChangeRule.none().bikes(5, 30, 10)).isEqualTo(5);
  }

  @Test
  void aStationTheProfilesNeverSawIsStillForecast() {
    ForecastModel model =
        model(profiles(log, split, slots), new ForecastModel.ChangeRule(1, 0, false));
    StateLog other = new StateLog.Builder()
        .add("NEW", Fixture.MON + 30 * Fixture.HOUR, 2, 8, 10)
        .build();

    StationForecast f = model.forecast(other.station("NEW"), Fixture.MON + 31 * Fixture.HOUR);

    // bikes 2 <= 3: change +4.4 -> 6.4; docks 10 - 6.4
    assertThat(f.horizons().get(0).bikes())
        .isCloseTo(6.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.horizons().get(0).docks())
        .isCloseTo(3.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThatThrownBy(() -> model.forecast(other.station("NEW"), Fixture.MON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEW");
  }

  @Test
  void codeKeyedProfilesGiveTheSameFeaturesAsTheFittedOnes() {
    Map<Long, Profiles.Changes> changes =
        Map.of(SIX_HOURS, Profiles.Changes.fit(log, split, slots, SIX_HOURS));
    Profiles fitted = Profiles.fit(log, split, slots);
    FeatureBuilder byIndex = new FeatureBuilder(slots, fitted, changes);
    FeatureBuilder byCode = new FeatureBuilder(StationProfiles.of(log, fitted, changes, slots));
    int compared = 0;
    for (StateLog.Station station : log.stations().values()) {
      for (long t = Fixture.MON + 7 * Fixture.HOUR;
          t < Fixture.MON + 48 * Fixture.HOUR;
          t += 3600) {
        assertThat(byCode.features(station, t, SIX_HOURS))
            .containsExactly(
                byIndex.features(station, t, SIX_HOURS), org.assertj.core.data.Offset.offset(1e-5));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(2 * 41);
    // a horizon without a usual change: usual target - usual now, as FeatureBuilder does
    int usualChange = FeatureBuilder.NAMES.indexOf("usual_change");
    double[] f = byCode.features(log.station("A"), Fixture.MON + 6 * Fixture.HOUR, 3 * SIX_HOURS);
    assertThat(f[usualChange]).isEqualTo(f[USUAL_TARGET] - f[usualChange - 2]);
  }
}
