package io.citypulse.forecast;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The features of one station at one time for one horizon, as a plain {@code double[]} in the
 * order of {@link #NAMES}: what the Spark MLlib model (one gradient-boosted tree model per horizon,
 * predicting the change of bikes, issue 20) will be trained and scored on, and the live scoring
 * will compute for a changed station. Pure: the state log, the fitted profiles and the times in,
 * numbers out.
 *
 * <p>Every feature has a value (MLlib's trees take no NaN): a change with no state that long ago is
 * 0, a usual value the profiles do not know is the current count, unknown per-type counts are -1.
 * The profiles must be fitted on the train part only, or the features leak the test part.
 */
public final class FeatureBuilder {

  /** Feature names, in vector order. */
  public static final List<String> NAMES = List.of(
      "bikes",
      "docks",
      "capacity",
      "bikes_share",
      "change_15m",
      "change_30m",
      "change_60m",
      "minute_of_day",
      "day_of_week",
      "weekend",
      "usual_bikes_now",
      "usual_bikes_target",
      "usual_change",
      "mechanical",
      "ebike",
      "horizon_minutes",
      "minutes_since_change",
      "moves_60m");

  /**
   * How far back the activity features look: the live pipeline keeps about the last hour of each
   * station's states, so a feature reading further would differ between training and scoring.
   */
  static final long ACTIVITY_WINDOW = 60 * 60;

  private static final long[] LOOKBACKS = {15 * 60, 30 * 60, 60 * 60};

  private final SlotScheme scheme;
  private final Usual usual;

  /** Where the usual values come from: NaN when unknown. */
  private interface Usual {
    double bikes(StateLog.Station station, long time);

    /** NaN when the horizon has no usual change. */
    double change(StateLog.Station station, long time, long horizon);
  }

  /**
   * @param scheme the local clock and slots (minute of day and weekday are local)
   * @param profiles usual bikes per station and slot, fitted on the train part
   * @param changes usual change per horizon (seconds); a horizon without one gets {@code
   *     usual_bikes_target - usual_bikes_now}
   */
  public FeatureBuilder(SlotScheme scheme, Profiles profiles, Map<Long, Profiles.Changes> changes) {
    this.scheme = scheme;
    Map<Long, Profiles.Changes> byHorizon = Map.copyOf(changes);
    this.usual = new Usual() {
      @Override
      public double bikes(StateLog.Station station, long time) {
        return profiles.usualBikes(station, time);
      }

      @Override
      public double change(StateLog.Station station, long time, long horizon) {
        Profiles.Changes change = byHorizon.get(horizon);
        return change == null ? Double.NaN : change.usualChange(station, time);
      }
    };
  }

  /**
   * Features from profiles keyed by station code (those a saved model carries): the same numbers (to float
   * precision) as from the {@link Profiles} they were made of, for any log holding the station.
   */
  public FeatureBuilder(StationProfiles profiles) {
    this.scheme = profiles.scheme();
    this.usual = new Usual() {
      @Override
      public double bikes(StateLog.Station station, long time) {
        return profiles.usualBikes(station.code(), time);
      }

      @Override
      public double change(StateLog.Station station, long time, long horizon) {
        return profiles.usualChange(station.code(), time, horizon);
      }
    };
  }

  /**
   * The features of {@code station} at {@code time} for a forecast {@code horizon} seconds ahead.
   *
   * @throws IllegalArgumentException when the station has no state at {@code time}
   */
  public double[] features(StateLog.Station station, long time, long horizon) {
    StationState now = station.stateAt(time);
    if (now == null) {
      throw new IllegalArgumentException(
          "station " + station.code() + " has no state at " + Instant.ofEpochSecond(time));
    }
    double[] f = new double[NAMES.size()];
    int i = 0;
    f[i++] = now.bikes();
    f[i++] = now.docks();
    f[i++] = now.capacity();
    f[i++] = now.capacity() > 0 ? (double) now.bikes() / now.capacity() : 0;
    for (long back : LOOKBACKS) {
      int before = station.bikesAt(time - back);
      f[i++] = before < 0 ? 0 : now.bikes() - before;
    }
    LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(time), scheme.zone());
    f[i++] = local.getHour() * 60 + local.getMinute();
    f[i++] = local.getDayOfWeek().getValue();
    f[i++] = SlotScheme.isWeekend(local.getDayOfWeek()) ? 1 : 0;
    double usualNow = orNow(usual.bikes(station, time), now);
    double usualTarget = orNow(usual.bikes(station, time + horizon), now);
    f[i++] = usualNow;
    f[i++] = usualTarget;
    double change = usual.change(station, time, horizon);
    f[i++] = Double.isNaN(change) ? usualTarget - usualNow : change;
    f[i++] = now.mechanical();
    f[i++] = now.ebike();
    f[i++] = horizon / 60.0;
    activity(station, time, f, i);
    return f;
  }

  /**
   * Writes at {@code f[at]} the minutes since the bikes count last changed (at most 60: older
   * rows are not read) and at {@code f[at + 1]} the bikes taken or returned in the last hour (the
   * sum of the count's absolute steps). A busy station moves; a quiet one most likely stays: the
   * question MAE asks at short horizons.
   */
  private static void activity(StateLog.Station station, long time, double[] f, int at) {
    long from = time - ACTIVITY_WINDOW;
    int i = station.indexAt(time);
    double sinceChange = ACTIVITY_WINDOW / 60.0;
    boolean changeSeen = false;
    int moves = 0;
    // rows in (from, time], newest first: each one that differs from its predecessor is a change
    for (int k = i; k > 0 && station.timeOf(k) > from; k--) {
      int step = station.bikesOf(k) - station.bikesOf(k - 1);
      if (step != 0) {
        moves += Math.abs(step);
        if (!changeSeen) {
          sinceChange = (time - station.timeOf(k)) / 60.0;
          changeSeen = true;
        }
      }
    }
    f[at] = sinceChange;
    f[at + 1] = moves;
  }

  /** What the model predicts: the change of bikes from the sample's time to its target. */
  public static double label(Sample sample) {
    return sample.target().bikes() - sample.now().bikes();
  }

  private static double orNow(double usual, StationState now) {
    return Double.isNaN(usual) ? now.bikes() : usual;
  }
}
