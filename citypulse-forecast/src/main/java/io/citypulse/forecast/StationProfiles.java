package io.citypulse.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The fitted {@link Profiles} (usual bikes per station × slot, usual change per horizon) keyed by
 * station <b>code</b>, in plain arrays: what a saved model carries so that the live pipeline, whose
 * state log numbers its stations differently, computes the same features as the training did.
 *
 * <p>Unknown values use sentinels rather than NaN so the saved JSON stays plain: a usual bikes
 * count below 0 is unknown (counts never are), an unknown usual change is 0 (as {@link
 * Profiles.Changes} says).
 *
 * @param scheme the slots the arrays are indexed by
 * @param horizons the horizons (seconds) with a usual change
 * @param stations by code
 */
public record StationProfiles(
    SlotScheme scheme, List<Long> horizons, Map<String, StationProfiles.Station> stations) {

  /** Marks an unknown usual bikes value. */
  public static final float UNKNOWN = -1f;

  public StationProfiles {
    Objects.requireNonNull(scheme, "scheme");
    horizons = List.copyOf(horizons);
    stations = Map.copyOf(stations);
    for (Map.Entry<String, Station> e : stations.entrySet()) {
      e.getValue().check(e.getKey(), scheme.slotCount(), horizons);
    }
  }

  /**
   * One station's profile.
   *
   * @param usualBikes mean bikes per slot, {@link #UNKNOWN} where no train time fell
   * @param meanBikes mean bikes over the train part, {@link #UNKNOWN} when none
   * @param usualChange per horizon (in {@link StationProfiles#horizons()} order), mean change per
   *     slot of now, 0 where unknown
   */
  public record Station(float[] usualBikes, float meanBikes, List<float[]> usualChange) {
    public Station {
      usualChange = List.copyOf(usualChange);
    }

    void check(String code, int slots, List<Long> horizons) {
      if (usualBikes == null || usualBikes.length != slots) {
        throw new IllegalArgumentException(
            "station " + code + ": usual bikes need " + slots + " slots");
      }
      if (usualChange.size() != horizons.size()) {
        throw new IllegalArgumentException(
            "station " + code + ": usual change needs " + horizons.size() + " horizons");
      }
      for (float[] change : usualChange) {
        if (change == null || change.length != slots) {
          throw new IllegalArgumentException(
              "station " + code + ": usual change needs " + slots + " slots");
        }
      }
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Station other)) {
        return false;
      }
      if (!Arrays.equals(usualBikes, other.usualBikes)
          || Float.compare(meanBikes, other.meanBikes) != 0
          || usualChange.size() != other.usualChange.size()) {
        return false;
      }
      for (int i = 0; i < usualChange.size(); i++) {
        if (!Arrays.equals(usualChange.get(i), other.usualChange.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(usualBikes) * 31 + Float.hashCode(meanBikes);
    }
  }

  /**
   * The profiles of every station of {@code log}, fitted on its train part.
   *
   * @param changes the usual change per horizon (seconds)
   */
  public static StationProfiles of(
      StateLog log, Profiles profiles, Map<Long, Profiles.Changes> changes, SlotScheme scheme) {
    List<Long> horizons = new ArrayList<>(new TreeMap<>(changes).keySet());
    Map<String, Station> stations = new TreeMap<>();
    int slots = scheme.slotCount();
    for (StateLog.Station station : log.stations().values()) {
      int i = station.index();
      float[] usual = new float[slots];
      for (int slot = 0; slot < slots; slot++) {
        double mean = profiles.slotMean(i, slot);
        usual[slot] = Double.isNaN(mean) ? UNKNOWN : (float) mean;
      }
      double stationMean = profiles.stationMean(i);
      List<float[]> usualChange = new ArrayList<>();
      for (long h : horizons) {
        float[] change = new float[slots];
        for (int slot = 0; slot < slots; slot++) {
          change[slot] = (float) changes.get(h).slotMean(i, slot);
        }
        usualChange.add(change);
      }
      stations.put(
          station.code(),
          new Station(
              usual, Double.isNaN(stationMean) ? UNKNOWN : (float) stationMean, usualChange));
    }
    return new StationProfiles(scheme, horizons, stations);
  }

  /**
   * The station's mean bikes in the slot of {@code time}; else its mean over the train part; else
   * NaN (a station the training never saw).
   */
  public double usualBikes(String code, long time) {
    Station s = stations.get(code);
    if (s == null) {
      return Double.NaN;
    }
    float usual = s.usualBikes[scheme.slot(time)];
    if (usual >= 0) {
      return usual;
    }
    return s.meanBikes >= 0 ? s.meanBikes : Double.NaN;
  }

  /**
   * The station's mean change over {@code horizon} from the slot of {@code time}: 0 when unknown
   * (a station or slot never seen), NaN when the horizon was not fitted.
   */
  public double usualChange(String code, long time, long horizon) {
    int h = horizons.indexOf(horizon);
    if (h < 0) {
      return Double.NaN;
    }
    Station s = stations.get(code);
    return s == null ? 0 : s.usualChange.get(h)[scheme.slot(time)];
  }
}
