package io.citypulse.forecast;

import static io.citypulse.forecast.Fixture.HOUR;
import static io.citypulse.forecast.Fixture.MON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Features of the {@link Fixture} stations, fitted on its train part (Monday). */
class FeatureBuilderTest {
  private static final long SIX_HOURS = 6 * HOUR;

  private final StateLog log = Fixture.log();
  private final TimeSplit split = TimeSplit.of(log, 0.5, Duration.ofHours(6));
  private final SlotScheme slots = Fixture.options().slots();
  private final Profiles profiles = Profiles.fit(log, split, slots);
  private final FeatureBuilder builder = new FeatureBuilder(
      slots, profiles, Map.of(SIX_HOURS, Profiles.Changes.fit(log, split, slots, SIX_HOURS)));

  private double feature(double[] features, String name) {
    return features[FeatureBuilder.NAMES.indexOf(name)];
  }

  @Test
  void stationAOnTuesdayAtNoon() {
    // Tue 12:00: A has 4 bikes, 6 docks (row Tue 07:00); 15 and 30 min before: still 4;
    // 60 min before (11:00): still 4 -> no change at any lookback
    double[] f = builder.features(log.station("A"), MON + 36 * HOUR, SIX_HOURS);

    assertThat(f).hasSize(FeatureBuilder.NAMES.size());
    assertThat(feature(f, "bikes")).isEqualTo(4);
    assertThat(feature(f, "docks")).isEqualTo(6);
    assertThat(feature(f, "capacity")).isEqualTo(10);
    assertThat(feature(f, "bikes_share")).isEqualTo(0.4);
    assertThat(feature(f, "change_60m")).isZero();
    // UTC slots: 12:00 is minute 720 of a Tuesday (ISO day 2), a weekday
    assertThat(feature(f, "minute_of_day")).isEqualTo(720);
    assertThat(feature(f, "day_of_week")).isEqualTo(2);
    assertThat(feature(f, "weekend")).isZero();
    // Monday's profile of A: slot 2 (12-18) had 0 bikes, slot 3 (18-24) had 2
    assertThat(feature(f, "usual_bikes_now")).isZero();
    assertThat(feature(f, "usual_bikes_target")).isEqualTo(2);
    // the usual 6 h change from slot 2: Mon 12 -> 18, 0 -> 2
    assertThat(feature(f, "usual_change")).isEqualTo(2);
    assertThat(feature(f, "mechanical")).isEqualTo(-1);
    assertThat(feature(f, "horizon_minutes")).isEqualTo(360);
  }

  @Test
  void recentChangesLookBackFromNow() {
    // Tue 07:30: A has 4 bikes since 07:00; at 07:15 it had 4 (change 0), at 07:00 4 (0), at 06:30
    // it had 6 (row Tue 00:00): change over 60 min = 4 - 6 = -2
    double[] f = builder.features(log.station("A"), MON + 31 * HOUR + 1800, SIX_HOURS);

    assertThat(feature(f, "change_15m")).isZero();
    assertThat(feature(f, "change_30m")).isZero();
    assertThat(feature(f, "change_60m")).isEqualTo(-2);
  }

  @Test
  void missingHistoryAndProfilesHaveValuesNotNaN() {
    // B at Mon 07:30: first row at 07:00, nothing 60 min before -> change 0; no usual 6 h change
    // known for a horizon of 1 h (not fitted) -> usual target - usual now
    double[] f = builder.features(log.station("B"), MON + 7 * HOUR + 1800, HOUR);

    assertThat(f).doesNotContain(Double.NaN);
    assertThat(feature(f, "change_60m")).isZero();
    // B's slot 1 (06-12) was never seen in train: its train mean (4 + 1) / 2
    assertThat(feature(f, "usual_bikes_now")).isEqualTo(2.5);
    assertThat(feature(f, "usual_change")).isZero();
  }

  @Test
  void minuteAndDayAreLocal() {
    SlotScheme chicago = SlotScheme.quarterHours(ZoneId.of("America/Chicago"));
    FeatureBuilder local = new FeatureBuilder(chicago, Profiles.fit(log, split, chicago), Map.of());
    // Tue 2024-01-02 03:00Z is Mon 21:00 in Chicago (UTC-6)
    double[] f = local.features(log.station("A"), MON + 27 * HOUR, SIX_HOURS);

    assertThat(feature(f, "minute_of_day")).isEqualTo(21 * 60);
    assertThat(feature(f, "day_of_week")).isEqualTo(1);
  }

  @Test
  void noStateNoFeatures() {
    assertThatThrownBy(() -> builder.features(log.station("B"), MON, SIX_HOURS))
        .hasMessageContaining("station B has no state at 2024-01-01T00:00:00Z");
  }

  @Test
  void theLabelIsTheChange() {
    StationState now = log.station("A").stateAt(MON + 36 * HOUR);
    StationState later = log.station("A").stateAt(MON + 42 * HOUR);
    assertThat(FeatureBuilder.label(
            new Sample(log.station("A"), MON + 36 * HOUR, SIX_HOURS, now, later)))
        .isEqualTo(6);
  }

  @Test
  void activityOfTheLastHour() {
    // Tue 07:30: A's row at 07:00 took it from 6 to 4: 30 minutes since a change, 2 bikes moved
    double[] busy = builder.features(log.station("A"), MON + 31 * HOUR + 1800, SIX_HOURS);
    assertThat(feature(busy, "minutes_since_change")).isEqualTo(30);
    assertThat(feature(busy, "moves_60m")).isEqualTo(2);

    // Tue 12:00: A's last change (07:00) is older than the hour looked at: capped at 60
    double[] quiet = builder.features(log.station("A"), MON + 36 * HOUR, SIX_HOURS);
    assertThat(feature(quiet, "minutes_since_change")).isEqualTo(60);
    assertThat(feature(quiet, "moves_60m")).isZero();

    // Mon 07:30: B's first row (07:00) is where its history starts, not a change
    double[] first = builder.features(log.station("B"), MON + 7 * HOUR + 1800, SIX_HOURS);
    assertThat(feature(first, "minutes_since_change")).isEqualTo(60);
    assertThat(feature(first, "moves_60m")).isZero();
  }
}
