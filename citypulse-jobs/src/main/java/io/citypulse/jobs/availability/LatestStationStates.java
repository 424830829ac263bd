package io.citypulse.jobs.availability;

import io.citypulse.model.PostcodeAvailability;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest state of every station and the per-postcode totals derived from it. Pure, no Spark:
 * the stateful Spark function restores one of these from the state store, offers the batch's
 * records in order, and stores the snapshot back.
 *
 * <p>Totals are always recomputed from the kept states (never incremented), so a replayed or
 * repeated record can never be counted twice. A station that changes postcode (e.g. first
 * published as UNKNOWN, resolved later) leaves its old postcode, whose totals are re-emitted too.
 */
final class LatestStationStates {

  /** What happened to an offered record. */
  enum Outcome {
    ACCEPTED,
    STALE
  }

  private final Map<String, StationState> byStation;
  /** Postcodes whose totals changed -> the freshest instant of the changes that touched them. */
  private final Map<String, Long> touched = new TreeMap<>();

  private LatestStationStates(Map<String, StationState> byStation) {
    this.byStation = byStation;
  }

  static LatestStationStates restore(Collection<StationState> states) {
    Map<String, StationState> byStation = new HashMap<>(Math.max(16, states.size() * 2));
    for (StationState state : states) {
      byStation.put(state.getStationKey(), state);
    }
    return new LatestStationStates(byStation);
  }

  /** The kept state of a station, or null. */
  StationState current(String stationKey) {
    return byStation.get(stationKey);
  }

  /**
   * Keeps {@code candidate} if it is strictly newer than the station's current state by
   * (last_reported, fetched_at); an equal or older one is stale and changes nothing.
   */
  Outcome offer(StationState candidate) {
    StationState current = byStation.get(candidate.getStationKey());
    if (current != null && !candidate.isNewerThan(current)) {
      return Outcome.STALE;
    }
    byStation.put(candidate.getStationKey(), candidate);
    Long when = candidate.freshnessMicros();
    touch(candidate.getPostcode(), when);
    if (current != null && !current.getPostcode().equals(candidate.getPostcode())) {
      touch(current.getPostcode(), when);
    }
    return Outcome.ACCEPTED;
  }

  private void touch(String postcode, Long when) {
    touched.merge(postcode, when == null ? Long.MIN_VALUE : when, Math::max);
  }

  boolean changed() {
    return !touched.isEmpty();
  }

  /** Every kept state, ordered by station key so the stored state is deterministic. */
  List<StationState> snapshot() {
    List<StationState> states = new ArrayList<>(byStation.values());
    states.sort(Comparator.comparing(StationState::getStationKey));
    return states;
  }

  /**
   * Totals of every postcode touched since {@link #restore}, by postcode. A postcode left empty by
   * a station that moved away is reported with zero stations, so readers drop its old numbers.
   */
  List<PostcodeAvailability> touchedTotals() {
    Map<String, Totals> totals = new TreeMap<>();
    touched.keySet().forEach(postcode -> totals.put(postcode, new Totals()));
    for (StationState state : byStation.values()) {
      Totals t = totals.get(state.getPostcode());
      if (t != null) {
        t.add(state);
      }
    }
    List<PostcodeAvailability> out = new ArrayList<>(totals.size());
    totals.forEach((postcode, t) -> out.add(t.toAvailability(postcode, touched.get(postcode))));
    return out;
  }

  /**
   * Running sums over the stations of one postcode. A split (mechanical, e-bike) is summed over the
   * stations that give it and stays null when none does: unknown is not 0.
   */
  private static final class Totals {
    int stations;
    long bikes;
    long mechanical;
    long ebike;
    /** Whether any station gave a mechanical (an e-bike) count: else the sum is unknown. */
    boolean mechanicalKnown;

    boolean ebikeKnown;
    long untyped;
    long docks;
    long capacity;
    Long freshest;
    final Map<String, Integer> communes = new TreeMap<>();

    void add(StationState s) {
      stations++;
      bikes += s.getBikesAvailable();
      if (s.getMechanical() != null) {
        mechanical += s.getMechanical();
        mechanicalKnown = true;
      }
      if (s.getEbike() != null) {
        ebike += s.getEbike();
        ebikeKnown = true;
      }
      if (s.getMechanical() == null && s.getEbike() == null) {
        untyped += s.getBikesAvailable();
      }
      docks += s.getDocksAvailable();
      capacity += s.getCapacity();
      Long fresh = s.freshnessMicros();
      if (fresh != null && (freshest == null || fresh > freshest)) {
        freshest = fresh;
      }
      if (s.getCommune() != null) {
        communes.merge(s.getCommune(), 1, Integer::sum);
      }
    }

    PostcodeAvailability toAvailability(String postcode, long changeMicros) {
      Long updated = stations > 0
          ? freshest
          : changeMicros == Long.MIN_VALUE ? null : Long.valueOf(changeMicros);
      return new PostcodeAvailability(
          postcode,
          mostCommonCommune(),
          stations,
          bikes,
          mechanicalKnown ? Long.valueOf(mechanical) : null,
          ebikeKnown ? Long.valueOf(ebike) : null,
          docks,
          capacity,
          updated == null ? null : instantOfMicros(updated),
          untyped);
    }

    /** Several communes can share a postcode: the most frequent wins, ties alphabetically. */
    private String mostCommonCommune() {
      String best = null;
      int bestCount = 0;
      for (Map.Entry<String, Integer> e : communes.entrySet()) {
        if (e.getValue() > bestCount) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      return best;
    }
  }

  static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  static long microsOf(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }
}
